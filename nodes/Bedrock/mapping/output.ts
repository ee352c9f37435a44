import type { IDataObject } from 'n8n-workflow';

import type { ModelReply, NormalisedOutput, ToolCall } from '../types';

export interface OutputContext {
	modelId: string;
	latencyMs: number;
	timeToFirstTokenMs?: number;
	messages?: IDataObject[];
	raw?: IDataObject;
}

/** The contract's output item, the same for every model and API. */
export function normalisedOutput(reply: ModelReply, context: OutputContext): NormalisedOutput {
	const output: NormalisedOutput = {
		text: reply.text,
		stopReason: reply.stopReason,
		usage: { ...reply.usage },
		modelId: context.modelId,
		latencyMs: Math.round(context.latencyMs),
	};
	if (reply.reasoning) output.reasoning = reply.reasoning;
	if (reply.toolCalls && reply.toolCalls.length > 0) {
		output.toolCalls = reply.toolCalls.map((call) => ({ ...call }) as ToolCall & IDataObject);
	}
	if (reply.embedding) output.embedding = reply.embedding;
	if (context.messages) output.messages = context.messages;
	if (context.timeToFirstTokenMs !== undefined) {
		output.timeToFirstTokenMs = Math.round(context.timeToFirstTokenMs);
	}
	if (context.raw) output.raw = context.raw;
	return output;
}
