import type {
	ContentBlock,
	ConverseResponse,
	ConverseStreamOutput,
	ConverseStreamTrace,
	StopReason as SdkStopReason,
	TokenUsage,
} from '@aws-sdk/client-bedrock-runtime';
import type { DocumentType } from '@smithy/types';

interface OpenBlock {
	text?: string;
	reasoningText?: string;
	reasoningSignature?: string;
	redactedReasoning?: Uint8Array[];
	toolUse?: { toolUseId: string; name: string; inputJson: string };
	citations?: unknown[];
}

/** What an aggregated ConverseStream gives: the same fields as a Converse response. */
export type AggregatedConverseResponse = Pick<
	ConverseResponse,
	'output' | 'stopReason' | 'usage' | 'metrics' | 'additionalModelResponseFields'
> & { trace?: ConverseStreamTrace };

function concatBytes(parts: Uint8Array[]): Uint8Array {
	return Buffer.concat(parts.map((part) => Buffer.from(part)));
}

/**
 * Folds ConverseStream events into the Converse response they add up to, so a streamed call is
 * normalised by the same code as a plain one. `push` returns the text delta an event carries.
 */
export class ConverseStreamAggregator {
	private readonly blocks = new Map<number, OpenBlock>();

	private stopReason?: SdkStopReason;

	private usage?: TokenUsage;

	private metrics?: ConverseResponse['metrics'];

	private additionalModelResponseFields?: DocumentType;

	private trace?: ConverseStreamTrace;

	private block(index: number | undefined): OpenBlock {
		const key = index ?? 0;
		let block = this.blocks.get(key);
		if (!block) {
			block = {};
			this.blocks.set(key, block);
		}
		return block;
	}

	push(event: ConverseStreamOutput): string {
		if (event.contentBlockStart) {
			const toolUse = event.contentBlockStart.start?.toolUse;
			const block = this.block(event.contentBlockStart.contentBlockIndex);
			if (toolUse) {
				block.toolUse = {
					toolUseId: toolUse.toolUseId ?? '',
					name: toolUse.name ?? '',
					inputJson: '',
				};
			}
			return '';
		}
		if (event.contentBlockDelta) {
			const { delta, contentBlockIndex } = event.contentBlockDelta;
			const block = this.block(contentBlockIndex);
			if (delta?.text !== undefined) {
				block.text = (block.text ?? '') + delta.text;
				return delta.text;
			}
			if (delta?.reasoningContent) {
				const reasoning = delta.reasoningContent;
				if (reasoning.text !== undefined)
					block.reasoningText = (block.reasoningText ?? '') + reasoning.text;
				if (reasoning.signature !== undefined) {
					block.reasoningSignature = (block.reasoningSignature ?? '') + reasoning.signature;
				}
				if (reasoning.redactedContent !== undefined) {
					(block.redactedReasoning ??= []).push(reasoning.redactedContent);
				}
				return '';
			}
			if (delta?.toolUse) {
				block.toolUse ??= { toolUseId: '', name: '', inputJson: '' };
				block.toolUse.inputJson += delta.toolUse.input ?? '';
				return '';
			}
			if (delta?.citation) (block.citations ??= []).push(delta.citation);
			return '';
		}
		if (event.messageStop) {
			this.stopReason = event.messageStop.stopReason;
			this.additionalModelResponseFields = event.messageStop.additionalModelResponseFields;
			return '';
		}
		if (event.metadata) {
			this.usage = event.metadata.usage;
			this.metrics = event.metadata.metrics;
			this.trace = event.metadata.trace;
		}
		return '';
	}

	private contentBlocks(): ContentBlock[] {
		const content: ContentBlock[] = [];
		for (const index of [...this.blocks.keys()].sort((a, b) => a - b)) {
			const block = this.blocks.get(index) as OpenBlock;
			if (block.toolUse) {
				content.push({
					toolUse: {
						toolUseId: block.toolUse.toolUseId,
						name: block.toolUse.name,
						input: parseToolInput(block.toolUse.inputJson),
					},
				});
			} else if (block.redactedReasoning) {
				content.push({
					reasoningContent: { redactedContent: concatBytes(block.redactedReasoning) },
				});
			} else if (block.reasoningText !== undefined || block.reasoningSignature !== undefined) {
				content.push({
					reasoningContent: {
						reasoningText: {
							text: block.reasoningText ?? '',
							...(block.reasoningSignature !== undefined
								? { signature: block.reasoningSignature }
								: {}),
						},
					},
				});
			} else if (block.text !== undefined) {
				content.push({ text: block.text });
			}
		}
		return content;
	}

	finish(): AggregatedConverseResponse {
		return {
			output: { message: { role: 'assistant', content: this.contentBlocks() } },
			stopReason: this.stopReason,
			usage: this.usage,
			metrics: this.metrics,
			...(this.additionalModelResponseFields !== undefined
				? { additionalModelResponseFields: this.additionalModelResponseFields }
				: {}),
			...(this.trace !== undefined ? { trace: this.trace } : {}),
		};
	}
}

/** A streamed tool input: JSON fragments joined; empty means no arguments. */
function parseToolInput(json: string): DocumentType {
	if (json.trim() === '') return {};
	try {
		return JSON.parse(json) as DocumentType;
	} catch {
		return { _unparsedInput: json };
	}
}
