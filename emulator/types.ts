/**
 * Shared shapes of the local Bedrock emulator: the server parses each API's request (Converse, or a
 * family's native InvokeModel body) into a GenerationRequest, the deterministic engine turns it into
 * a Generation, and the API (or the family's native format) renders that back on the wire.
 */

export interface EmulatorToolSpec {
	name: string;
	description?: string;
	inputSchema: Record<string, unknown>;
}

export type EmulatorToolChoice = 'auto' | 'any' | { tool: string };

export interface EmulatorMessage {
	role: 'user' | 'assistant';
	/** All text of the message's text blocks, joined with '\n'. */
	text: string;
	images?: Array<{ format: string; bytes: number }>;
	documents?: Array<{ format: string; name: string; bytes: number }>;
	toolUses?: Array<{ toolUseId: string; name: string; input: unknown }>;
	toolResults?: Array<{ toolUseId: string; text: string; status?: 'success' | 'error' }>;
}

export interface GenerationRequest {
	/** The model ID as it appeared in the request path (decoded). */
	modelId: string;
	system?: string;
	messages: EmulatorMessage[];
	maxTokens?: number;
	temperature?: number;
	topP?: number;
	topK?: number;
	stopSequences?: string[];
	tools?: EmulatorToolSpec[];
	toolChoice?: EmulatorToolChoice;
	/** Extended thinking / reasoning requested, with its budget in tokens where given. */
	reasoning?: { budgetTokens?: number };
}

export type EmulatorStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use';

export interface Generation {
	text: string;
	stopReason: EmulatorStopReason;
	/** The stop sequence that ended the text, when stopReason is 'stop_sequence'. */
	stopSequence?: string;
	inputTokens: number;
	outputTokens: number;
	reasoning?: string;
	/** The first tool call (the native formats of one call per turn render only this one). */
	toolUse?: { toolUseId: string; name: string; input: Record<string, unknown> };
	/** Every tool call of the turn, the first included (Converse renders them all). */
	toolUses?: Array<{ toolUseId: string; name: string; input: Record<string, unknown> }>;
	/** The text split into the deltas a stream sends, in order; they concatenate to `text`. */
	deltas: string[];
}

export interface EmbeddingRequest {
	modelId: string;
	texts: string[];
	dimensions?: number;
	normalize?: boolean;
}

export interface EmbeddingResult {
	embeddings: number[][];
	inputTokens: number;
}

/** Thrown by request parsers; the server answers 400 ValidationException with this message. */
export class EmulatorValidationError extends Error {
	readonly code = 'ValidationException';
}

/**
 * One model family's native InvokeModel format (emulator/native/<family>.ts), following AWS's
 * "Inference request parameters and response fields for foundation models" documentation.
 */
export interface NativeFormat {
	id: string;
	/** Matches base foundation-model IDs, e.g. /^meta\.llama/. */
	matches(baseModelId: string): boolean;
	kind: 'text' | 'embedding';
	/** Validates the body as the real model does (real ValidationException wording) and extracts the request. */
	parseRequest(body: unknown, modelId: string): GenerationRequest | EmbeddingRequest;
	/** The native response body. */
	renderResponse(
		result: Generation | EmbeddingResult,
		request: GenerationRequest | EmbeddingRequest,
	): unknown;
	/**
	 * The JSON objects carried, one per event, as `chunk.bytes` of InvokeModelWithResponseStream, in
	 * order. The server adds `amazon-bedrock-invocationMetrics` to the last one where `streamMetrics` is true.
	 */
	renderStreamChunks(generation: Generation, request: GenerationRequest): unknown[];
	/** Whether AWS adds `amazon-bedrock-invocationMetrics` to this family's last stream chunk. */
	streamMetrics: boolean;
}
