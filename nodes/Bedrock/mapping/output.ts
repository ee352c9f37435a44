import type { IDataObject } from 'n8n-workflow';

import type { ModelReply, NormalisedOutput, ToolCall } from '../types';

/** What the call adds to a model's reply: the model as called, timings, the conversation, raw. */
export interface OutputContext {
	modelId: string;
	latencyMs: number;
	/** Streaming: when the first text delta arrived; absent when none did (e.g. a tool call only). */
	timeToFirstTokenMs?: number;
	/** Converse: the conversation including this reply, ready for the next Converse node. */
	messages?: IDataObject[];
	raw?: IDataObject;
}

/**
 * The contract's output item, the same for every model and API (Converse, Invoke Model, batch
 * job results): the one place the output shape is made.
 */
export function normalisedOutput(
	reply: ModelReply & { stopReasonDetail?: string },
	context: OutputContext,
): NormalisedOutput {
	const output: NormalisedOutput = {
		text: reply.text,
		stopReason: reply.stopReason,
		usage: { ...reply.usage },
		modelId: context.modelId,
		latencyMs: Math.round(context.latencyMs),
	};
	if (reply.stopReasonDetail) output.stopReasonDetail = reply.stopReasonDetail;
	if (reply.reasoning) output.reasoning = reply.reasoning;
	if (reply.toolCalls && reply.toolCalls.length > 0) {
		output.toolCalls = reply.toolCalls.map((call) => ({ ...call }) as ToolCall & IDataObject);
	}
	if (reply.embedding) output.embedding = reply.embedding;
	if (context.timeToFirstTokenMs !== undefined) {
		output.timeToFirstTokenMs = Math.round(context.timeToFirstTokenMs);
	}
	if (context.messages) output.messages = context.messages;
	if (context.raw) output.raw = context.raw;
	return output;
}
