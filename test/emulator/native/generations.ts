import type { Generation } from '../../../emulator/types';
import { EmulatorValidationError } from '../../../emulator/types';

/** A hand-built engine result: text split into stream deltas, with token counts. */
export function makeGeneration(overrides: Partial<Generation> = {}): Generation {
	const text = overrides.text ?? 'Hello! How can I help you today?';
	const deltas = overrides.deltas ?? text.match(/\S+\s*/g) ?? [text];
	return {
		stopReason: 'end_turn',
		inputTokens: 12,
		outputTokens: 9,
		...overrides,
		text,
		deltas,
	};
}

/** The ValidationException message a parser throws for `body`. */
export function validationMessage(parse: () => unknown): string {
	try {
		parse();
	} catch (error) {
		if (error instanceof EmulatorValidationError) return error.message;
		throw error;
	}
	throw new Error('expected a validation error');
}

export type Chunk = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
