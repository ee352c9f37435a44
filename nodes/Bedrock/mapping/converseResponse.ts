import type { ConverseResponse, Message, TokenUsage } from '@aws-sdk/client-bedrock-runtime';
import type { IDataObject } from 'n8n-workflow';

import type { ModelReply, StopReason, ToolCall } from '../types';
import { toUsage } from '../types';

/**
 * Converse's stop reasons onto the contract's six. The newer ones map to the nearest of them;
 * the original word is kept as `stopReasonDetail`.
 */
const STOP_REASONS: Record<string, StopReason> = {
	end_turn: 'end_turn',
	max_tokens: 'max_tokens',
	stop_sequence: 'stop_sequence',
	tool_use: 'tool_use',
	content_filtered: 'content_filtered',
	guardrail_intervened: 'guardrail_intervened',
	model_context_window_exceeded: 'max_tokens',
	malformed_tool_use: 'tool_use',
	malformed_model_output: 'end_turn',
};

export function toStopReason(raw: string | undefined): StopReason {
	return (raw && STOP_REASONS[raw]) || 'end_turn';
}

export interface ConverseReply extends ModelReply {
	/** The assistant message as Bedrock returned it, to append to the conversation. */
	message: Message;
	/** Bedrock's own stop reason when it is not one of the contract's six words. */
	stopReasonDetail?: string;
}

export function usageOf(usage: TokenUsage | undefined) {
	return toUsage({
		inputTokens: usage?.inputTokens,
		outputTokens: usage?.outputTokens,
		totalTokens: usage?.totalTokens,
		cacheReadInputTokens: usage?.cacheReadInputTokens,
		cacheWriteInputTokens: usage?.cacheWriteInputTokens,
	});
}

/** Text, reasoning, tool calls, stop reason and usage of a Converse (or aggregated stream) response. */
export function normaliseConverseResponse(
	response: Pick<ConverseResponse, 'output' | 'stopReason' | 'usage'>,
): ConverseReply {
	const message: Message = response.output?.message ?? { role: 'assistant', content: [] };
	const texts: string[] = [];
	const reasoning: string[] = [];
	const toolCalls: ToolCall[] = [];
	for (const block of message.content ?? []) {
		if (block.text !== undefined) texts.push(block.text);
		const reasoningText = block.reasoningContent?.reasoningText?.text;
		if (reasoningText !== undefined) reasoning.push(reasoningText);
		if (block.toolUse) {
			toolCalls.push({
				id: block.toolUse.toolUseId ?? '',
				name: block.toolUse.name ?? '',
				input: (block.toolUse.input ?? {}) as IDataObject,
			});
		}
	}
	const raw = response.stopReason;
	const reply: ConverseReply = {
		text: texts.join(''),
		stopReason: toStopReason(raw),
		usage: usageOf(response.usage),
		message,
	};
	if (raw && raw !== reply.stopReason) reply.stopReasonDetail = raw;
	if (reasoning.length > 0) reply.reasoning = reasoning.join('');
	if (toolCalls.length > 0) reply.toolCalls = toolCalls;
	return reply;
}

function toJsonValue(value: unknown): unknown {
	if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
	if (value instanceof Date) return value.toISOString();
	if (Array.isArray(value)) return value.map(toJsonValue);
	if (typeof value === 'object' && value !== null) {
		const result: IDataObject = {};
		for (const [key, inner] of Object.entries(value)) {
			if (inner !== undefined) result[key] = toJsonValue(inner) as IDataObject[keyof IDataObject];
		}
		return result;
	}
	return value;
}

/** The SDK output as item JSON (`raw`): without `$metadata`, bytes as base64. */
export function rawOutput(output: object): IDataObject {
	const rest: IDataObject = { ...(output as IDataObject) };
	delete rest.$metadata;
	return toJsonValue(rest) as IDataObject;
}
