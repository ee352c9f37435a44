import type {
	ContentBlock,
	ConverseStreamOutput,
	ConverseStreamMetadataEvent,
} from '@aws-sdk/client-bedrock-runtime';
import type { GenerateResult, StreamChunk } from '@n8n/ai-node-sdk';

import type { ResponseContext } from './fromConverse';
import { responseMetadata, toFinishReason, toTokenUsage } from './fromConverse';
import { BEDROCK_BLOCK } from './toConverse';

interface OpenToolCall {
	id: string;
	name: string;
	json: string;
}

interface OpenReasoning {
	text: string;
	signature?: string;
	redacted: Uint8Array[];
}

/**
 * Maps ConverseStream events onto the SDK's stream chunks as they arrive: text deltas at once;
 * each tool call as one chunk when its block ends (n8n merges tool-call chunks by id, and one chunk
 * with id, name and the whole input cannot be merged wrongly when a turn calls several tools);
 * signed reasoning as a content chunk when its block ends; the finish chunk with the usage last.
 */
export class ConverseStreamChunks {
	private readonly toolCalls = new Map<number, OpenToolCall>();

	private readonly reasoning = new Map<number, OpenReasoning>();

	private stopReason?: string;

	private metadata?: ConverseStreamMetadataEvent;

	constructor(private readonly context: ResponseContext) {}

	push(event: ConverseStreamOutput): StreamChunk[] {
		if (event.contentBlockStart) {
			const toolUse = event.contentBlockStart.start?.toolUse;
			if (toolUse) {
				this.toolCalls.set(event.contentBlockStart.contentBlockIndex ?? 0, {
					id: toolUse.toolUseId ?? '',
					name: toolUse.name ?? '',
					json: '',
				});
			}
			return [];
		}
		if (event.contentBlockDelta) {
			const index = event.contentBlockDelta.contentBlockIndex ?? 0;
			const delta = event.contentBlockDelta.delta;
			if (delta?.text !== undefined) {
				return delta.text === '' ? [] : [{ type: 'text-delta', delta: delta.text }];
			}
			if (delta?.toolUse) {
				const call = this.toolCalls.get(index);
				if (call) call.json += delta.toolUse.input ?? '';
				return [];
			}
			if (delta?.reasoningContent) {
				let open = this.reasoning.get(index);
				if (!open) {
					open = { text: '', redacted: [] };
					this.reasoning.set(index, open);
				}
				const { text, signature, redactedContent } = delta.reasoningContent;
				if (signature !== undefined) open.signature = (open.signature ?? '') + signature;
				if (redactedContent !== undefined) open.redacted.push(redactedContent);
				if (text !== undefined && text !== '') {
					open.text += text;
					return [{ type: 'reasoning-delta', delta: text }];
				}
			}
			return [];
		}
		if (event.contentBlockStop) {
			return this.close(event.contentBlockStop.contentBlockIndex ?? 0);
		}
		if (event.messageStop) {
			this.stopReason = event.messageStop.stopReason;
			return [];
		}
		if (event.metadata) this.metadata = event.metadata;
		return [];
	}

	private close(index: number): StreamChunk[] {
		const call = this.toolCalls.get(index);
		if (call) {
			this.toolCalls.delete(index);
			return [
				{
					type: 'tool-call-delta',
					id: call.id,
					name: call.name,
					argumentsDelta: call.json.trim() === '' ? '{}' : call.json,
				},
			];
		}
		const reasoning = this.reasoning.get(index);
		if (reasoning) {
			this.reasoning.delete(index);
			const block: ContentBlock =
				reasoning.redacted.length > 0
					? {
							reasoningContent: {
								redactedContent: Buffer.concat(reasoning.redacted.map((part) => Buffer.from(part))),
							},
						}
					: {
							reasoningContent: {
								reasoningText: {
									text: reasoning.text,
									...(reasoning.signature !== undefined ? { signature: reasoning.signature } : {}),
								},
							},
						};
			return [
				{ type: 'content', content: { type: 'provider', value: { [BEDROCK_BLOCK]: block } } },
			];
		}
		return [];
	}

	/** Blocks the stream left open, then the finish chunk with the usage and Bedrock's figures. */
	finish(): StreamChunk[] {
		const open = [...this.toolCalls.keys(), ...this.reasoning.keys()].sort((a, b) => a - b);
		const chunks = open.flatMap((index) => this.close(index));
		chunks.push({
			type: 'finish',
			finishReason: toFinishReason(this.stopReason),
			usage: toTokenUsage(this.metadata?.usage),
			providerMetadata: responseMetadata(
				{
					stopReason: this.stopReason as never,
					usage: this.metadata?.usage,
					metrics: this.metadata?.metrics,
				},
				this.context,
			),
		});
		return chunks;
	}
}

/**
 * A whole reply as stream chunks: for models that take tools only without streaming, the reply of
 * the plain call is handed on as if streamed.
 */
export function chunksOfResult(result: GenerateResult): StreamChunk[] {
	const chunks: StreamChunk[] = [];
	for (const part of result.message.content) {
		if (part.type === 'text') chunks.push({ type: 'text-delta', delta: part.text });
		else if (part.type === 'tool-call') {
			chunks.push({
				type: 'tool-call-delta',
				id: part.toolCallId,
				name: part.toolName,
				argumentsDelta: part.input,
			});
		} else if (part.type === 'provider') chunks.push({ type: 'content', content: part });
	}
	chunks.push({
		type: 'finish',
		finishReason: result.finishReason ?? 'other',
		usage: result.usage,
		providerMetadata: result.providerMetadata,
	});
	return chunks;
}
