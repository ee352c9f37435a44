import type { IDataObject } from 'n8n-workflow';

/** Converse's stop reasons: every family's own words are mapped onto these. */
export type StopReason =
	| 'end_turn'
	| 'max_tokens'
	| 'stop_sequence'
	| 'tool_use'
	| 'content_filtered'
	| 'guardrail_intervened';

export interface Usage {
	inputTokens: number;
	outputTokens: number;
	totalTokens: number;
	cacheReadInputTokens: number;
	cacheWriteInputTokens: number;
}

export interface ToolCall {
	id: string;
	name: string;
	input: IDataObject;
}

/** What a model call produced, before the operation adds `modelId`, timings, `raw` and cost. */
export interface ModelReply {
	text: string;
	stopReason: StopReason;
	usage: Usage;
	reasoning?: string;
	toolCalls?: ToolCall[];
	embedding?: number[] | number[][];
}

/** The contract's output item (`../shared/design.md`, "Output"). */
export interface NormalisedOutput extends IDataObject {
	text: string;
	stopReason: StopReason;
	usage: Usage & IDataObject;
	modelId: string;
	latencyMs: number;
	reasoning?: string;
	toolCalls?: Array<ToolCall & IDataObject>;
	messages?: IDataObject[];
	embedding?: number[] | number[][];
	timeToFirstTokenMs?: number;
	raw?: IDataObject;
	cost?: IDataObject;
}

/** The common knobs of `options`, before each family maps them to its own names. */
export interface InferenceKnobs {
	maxTokens?: number;
	temperature?: number;
	topP?: number;
	topK?: number;
	stopSequences?: string[];
}

export function emptyUsage(): Usage {
	return {
		inputTokens: 0,
		outputTokens: 0,
		totalTokens: 0,
		cacheReadInputTokens: 0,
		cacheWriteInputTokens: 0,
	};
}

/** Fills in `totalTokens` and the cache fields from whatever a model reported. */
export function toUsage(partial: Partial<Usage>): Usage {
	const inputTokens = partial.inputTokens ?? 0;
	const outputTokens = partial.outputTokens ?? 0;
	return {
		inputTokens,
		outputTokens,
		totalTokens: partial.totalTokens ?? inputTokens + outputTokens,
		cacheReadInputTokens: partial.cacheReadInputTokens ?? 0,
		cacheWriteInputTokens: partial.cacheWriteInputTokens ?? 0,
	};
}
