/**
 * The model run shared by the inference operations: the engine's generation, padded when the model's
 * behaviour asks for it, its tokens counted against the quotas; and the family's native format.
 */
import type { CatalogueModel } from './catalogue';
import { countTokens, generate, splitDeltas } from './engine';
import { BedrockError, MESSAGES } from './errors';
import { findNativeFormat } from './native';
import type { InferenceTarget } from './policy/access';
import { ACCOUNT_QUOTA } from './policy/quotas';
import type { EmulatorState } from './state';
import type { Generation, GenerationRequest, NativeFormat } from './types';

const FILLER = ' Lorem ipsum dolor sit amet.';

/** Pads a generation's text to `bytes` bytes (memory benchmarks), keeping its deltas and counts consistent. */
export function padGeneration(generation: Generation, bytes: number | undefined): Generation {
	if (!bytes || Buffer.byteLength(generation.text) >= bytes) return generation;
	// The filler is ASCII, so one repeat reaches the size (a loop measuring the growing text is quadratic).
	const missing = bytes - Buffer.byteLength(generation.text);
	const text =
		generation.text + FILLER.repeat(Math.ceil(missing / FILLER.length)).slice(0, missing);
	const added = countTokens(text) - countTokens(generation.text);
	return {
		...generation,
		text,
		deltas: splitDeltas(text),
		outputTokens: generation.outputTokens + added,
	};
}

/** Runs the engine for the target and counts the tokens against the account's and the model's quotas. */
export function generateFor(
	state: EmulatorState,
	target: InferenceTarget,
	request: GenerationRequest,
): Generation {
	const generation = padGeneration(generate(request), target.behaviour.streamReplyBytes);
	const tokens = generation.inputTokens + generation.outputTokens;
	state.quotas.recordTokens(ACCOUNT_QUOTA, tokens);
	state.quotas.recordTokens(target.model.modelId, tokens);
	return generation;
}

/** The model's native InvokeModel format (emulator/native/). */
export function nativeFormatOf(model: CatalogueModel): NativeFormat {
	const format = findNativeFormat(model.modelId);
	if (!format) throw new BedrockError('ValidationException', MESSAGES.invalidModel);
	return format;
}
