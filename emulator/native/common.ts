import { createHash } from 'node:crypto';

import type {
	EmbeddingRequest,
	EmbeddingResult,
	EmulatorMessage,
	Generation,
	GenerationRequest,
} from '../types';
import { EmulatorValidationError } from '../types';

/** A stable identifier derived from the content it names, so replays produce identical bodies. */
export function stableId(seed: string, length = 24, alphabet = 'hex'): string {
	const digest = createHash('sha256').update(seed).digest();
	if (alphabet === 'hex') return digest.toString('hex').slice(0, length);
	const characters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	let id = '';
	for (let index = 0; index < length; index++) {
		id += characters[digest[index % digest.length] % characters.length];
	}
	return id;
}

/** A UUID-shaped stable identifier (Cohere and AI21 use UUIDs). */
export function stableUuid(seed: string): string {
	const hex = stableId(seed, 32);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The generation's stream deltas; at least one so every stream carries a text event. */
export function textDeltas(generation: Generation): string[] {
	return generation.deltas.length > 0 ? generation.deltas : [generation.text];
}

/**
 * Running output-token counts after each delta, rising to exactly `total` at the last one, for
 * formats whose chunks report cumulative counts (Llama, Titan).
 */
export function cumulativeTokenCounts(deltaCount: number, total: number): number[] {
	return Array.from({ length: deltaCount }, (_, index) =>
		Math.round((total * (index + 1)) / deltaCount),
	);
}

/** Splits text into word-sized pieces (for streaming text the engine gives whole, such as reasoning). */
export function splitWords(text: string): string[] {
	const pieces = text.match(/\s*\S+\s*/g);
	return pieces && pieces.join('') === text ? pieces : [text];
}

export function textMessage(role: 'user' | 'assistant', text: string): EmulatorMessage {
	return { role, text };
}

/** Decoded size of base64 data, for the engine's image/document descriptions. */
export function base64ByteLength(data: unknown): number {
	if (typeof data !== 'string') return 0;
	return Buffer.from(data, 'base64').length;
}

export function isGeneration(result: Generation | EmbeddingResult): result is Generation {
	return 'text' in result;
}

export function isGenerationRequest(
	request: GenerationRequest | EmbeddingRequest,
): request is GenerationRequest {
	return 'messages' in request;
}

export function asGeneration(result: Generation | EmbeddingResult): Generation {
	if (!isGeneration(result)) throw new Error('expected a text generation, got an embedding result');
	return result;
}

export function asEmbedding(result: Generation | EmbeddingResult): EmbeddingResult {
	if (isGeneration(result)) throw new Error('expected an embedding result, got a text generation');
	return result;
}

/** Embedding models refuse InvokeModelWithResponseStream. */
export function streamingUnsupported(): never {
	throw new EmulatorValidationError('The model is unsupported for streaming.');
}

/** Bedrock's base model ID without a cross-region prefix (`us.`, `eu.`, `apac.`, `global.`). */
export function baseModelName(modelId: string): string {
	return modelId.replace(/^(us|eu|apac|us-gov|ca|jp|au|global)\./, '');
}

/** Drops keys whose value is undefined, so parsed requests compare and print cleanly. */
export function withoutUndefined<T extends object>(value: T): T {
	for (const key of Object.keys(value) as Array<keyof T>) {
		if (value[key] === undefined) delete value[key];
	}
	return value;
}

/** `length` when the text was cut at max tokens, else `stop`: Llama's, Mistral's and DeepSeek's words. */
export function stopOrLength(generation: Generation): 'stop' | 'length' {
	return generation.stopReason === 'max_tokens' ? 'length' : 'stop';
}
