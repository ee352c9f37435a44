import type { IDataObject } from 'n8n-workflow';

import type { InferenceKnobs } from '../types';

/** Stop sequences as the user gave them: a list, or one string with one sequence per comma. */
export function parseStopSequences(value: unknown): string[] | undefined {
	if (Array.isArray(value)) {
		const sequences = value.map(String).filter((sequence) => sequence !== '');
		return sequences.length > 0 ? sequences : undefined;
	}
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	return value
		.split(',')
		.map((sequence) => sequence.trim())
		.filter((sequence) => sequence !== '');
}

function numberOption(options: IDataObject, name: string): number | undefined {
	const value = options[name];
	if (value === undefined || value === null || value === '') return undefined;
	const parsed = Number(value);
	return Number.isFinite(parsed) ? parsed : undefined;
}

/** The common knobs (`maxTokens`, `temperature`, `topP`, `topK`, `stopSequences`) of an options collection. */
export function readKnobs(options: IDataObject): InferenceKnobs {
	const knobs: InferenceKnobs = {};
	const maxTokens = numberOption(options, 'maxTokens');
	if (maxTokens !== undefined) knobs.maxTokens = maxTokens;
	const temperature = numberOption(options, 'temperature');
	if (temperature !== undefined) knobs.temperature = temperature;
	const topP = numberOption(options, 'topP');
	if (topP !== undefined) knobs.topP = topP;
	const topK = numberOption(options, 'topK');
	if (topK !== undefined) knobs.topK = topK;
	const stopSequences = parseStopSequences(options.stopSequences);
	if (stopSequences) knobs.stopSequences = stopSequences;
	return knobs;
}

/** Parses a JSON parameter, saying where it breaks (line and column) when it does. */
export function parseJsonParameter(value: unknown, parameterName: string): unknown {
	if (typeof value !== 'string') return value;
	let failure: string;
	try {
		return JSON.parse(value) as unknown;
	} catch (error) {
		failure = (error as Error).message;
	}
	throw new Error(describeJsonFailure(value, failure, parameterName));
}

function describeJsonFailure(text: string, message: string, parameterName: string): string {
	const position = Number(/position (\d+)/.exec(message)?.[1]);
	if (!Number.isFinite(position)) return `${parameterName} is not valid JSON: ${message}`;
	const before = text.slice(0, position);
	const line = before.split('\n').length;
	const column = position - before.lastIndexOf('\n');
	const excerpt = text.slice(Math.max(0, position - 20), position + 20).replace(/\s+/g, ' ');
	const reason = message.replace(/ in JSON at position \d+.*$/, '');
	return `${parameterName} is not valid JSON: ${reason} at line ${line}, column ${column} (near “${excerpt}”)`;
}
