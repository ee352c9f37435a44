import type {
	ContentBlock,
	ConverseResponse,
	TokenUsage as BedrockTokenUsage,
} from '@aws-sdk/client-bedrock-runtime';
import type { FinishReason, GenerateResult, MessageContent, TokenUsage } from '@n8n/ai-node-sdk';
import type { IDataObject } from 'n8n-workflow';

import { costOfUsage } from '../../Bedrock/mapping/cost';
import { usageOf } from '../../Bedrock/mapping/converseResponse';
import { BEDROCK_BLOCK } from './toConverse';

/** Bedrock's stop reasons onto the SDK's finish reasons. */
const FINISH_REASONS: Record<string, FinishReason> = {
	end_turn: 'stop',
	stop_sequence: 'stop',
	max_tokens: 'length',
	model_context_window_exceeded: 'length',
	tool_use: 'tool-calls',
	malformed_tool_use: 'tool-calls',
	content_filtered: 'content-filter',
	guardrail_intervened: 'content-filter',
};

export function toFinishReason(stopReason: string | undefined): FinishReason {
	return (stopReason && FINISH_REASONS[stopReason]) || 'other';
}

/**
 * Bedrock's usage as n8n's token counts. Bedrock counts cached input apart from `inputTokens`; the
 * prompt tokens are all three (as LangChain counts them), the cache read among them in
 * `inputTokenDetails`, the cache write and the uncached input in `additionalMetadata`.
 */
export function toTokenUsage(usage: BedrockTokenUsage | undefined): TokenUsage | undefined {
	if (!usage) return undefined;
	const input = usage.inputTokens ?? 0;
	const cacheRead = usage.cacheReadInputTokens ?? 0;
	const cacheWrite = usage.cacheWriteInputTokens ?? 0;
	const promptTokens = input + cacheRead + cacheWrite;
	const completionTokens = usage.outputTokens ?? 0;
	return {
		promptTokens,
		completionTokens,
		totalTokens: promptTokens + completionTokens,
		inputTokenDetails: { cacheRead },
		additionalMetadata: {
			inputTokens: input,
			cacheReadInputTokens: cacheRead,
			cacheWriteInputTokens: cacheWrite,
		},
	};
}

/** A Bedrock block kept whole in a `provider` part, so it can go back to the model unchanged. */
function providerPart(block: ContentBlock): MessageContent {
	return { type: 'provider', value: { [BEDROCK_BLOCK]: block as unknown as IDataObject } };
}

/** The assistant's Converse blocks as n8n content parts. */
export function toMessageContent(blocks: ContentBlock[]): MessageContent[] {
	const content: MessageContent[] = [];
	for (const block of blocks) {
		if (block.text !== undefined) {
			if (block.text !== '') content.push({ type: 'text', text: block.text });
		} else if (block.toolUse) {
			content.push({
				type: 'tool-call',
				toolCallId: block.toolUse.toolUseId,
				toolName: block.toolUse.name ?? '',
				input: JSON.stringify(block.toolUse.input ?? {}),
			});
		} else if (block.reasoningContent) {
			const text = block.reasoningContent.reasoningText?.text;
			if (text) content.push({ type: 'reasoning', text });
			content.push(providerPart(block));
		}
	}
	return content;
}

export interface ResponseContext {
	modelId: string;
	/** The region the call went to, for the price. */
	region: string;
}

/** What a call reports besides the message: Bedrock's stop reason, usage, latency and cost. */
export function responseMetadata(
	response: Pick<ConverseResponse, 'stopReason' | 'usage' | 'metrics'>,
	context: ResponseContext,
): IDataObject {
	const usage = usageOf(response.usage);
	return {
		stopReason: response.stopReason ?? null,
		bedrockUsage: { ...usage },
		latencyMs: response.metrics?.latencyMs ?? null,
		cost: costOfUsage(usage, context.modelId, context.region),
	};
}

/** A Converse response as the SDK's generate result. */
export function toGenerateResult(
	response: Pick<ConverseResponse, 'output' | 'stopReason' | 'usage' | 'metrics'> & {
		$metadata?: { requestId?: string };
	},
	context: ResponseContext,
): GenerateResult {
	const blocks = response.output?.message?.content ?? [];
	const id = response.$metadata?.requestId;
	return {
		...(id ? { id } : {}),
		finishReason: toFinishReason(response.stopReason),
		usage: toTokenUsage(response.usage),
		message: { role: 'assistant', content: toMessageContent(blocks), ...(id ? { id } : {}) },
		providerMetadata: responseMetadata(response, context),
	};
}
