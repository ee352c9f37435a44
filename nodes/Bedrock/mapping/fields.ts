/**
 * One parser per kind of form field, shared by every operation so the same input means the same
 * thing, and the same mistake is worded the same way, everywhere.
 */
import type { IDataObject } from 'n8n-workflow';

/** A field's value that cannot be used; the operation reports it for the item, nothing is sent. */
export class FieldError extends Error {
	override name = 'FieldError';
}

/** Where JSON.parse stopped: its message gives the position, or else the unexpected character. */
function errorPosition(text: string, message: string): number {
	const stated = /position (\d+)/.exec(message)?.[1];
	if (stated !== undefined) return Number(stated);
	const token = /Unexpected token '?(.)/.exec(message)?.[1];
	if (token === undefined) return Number.NaN;
	let inString = false;
	for (let index = 0; index < text.length; index++) {
		const char = text[index];
		if (inString) {
			if (char === '\\') index++;
			else if (char === '"') inString = false;
		} else if (char === token) return index;
		else if (char === '"') inString = true;
	}
	return Number.NaN;
}

/**
 * A JSON field as n8n hands it over: text to parse, or a value an expression already produced.
 * Empty text is undefined. Bad JSON is refused saying where the text stops being JSON:
 * `<field> is not valid JSON at line L, column C (near "…"): <reason>`.
 */
export function parseJsonField(value: unknown, fieldName: string): unknown {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') return value;
	if (value.trim() === '') return undefined;
	let message: string;
	try {
		return JSON.parse(value) as unknown;
	} catch (error) {
		message = (error as Error).message;
	}
	const position = errorPosition(value, message);
	let where = '';
	if (Number.isFinite(position)) {
		const before = value.slice(0, position);
		const line = before.split('\n').length;
		const column = position - before.lastIndexOf('\n');
		const excerpt = value.slice(Math.max(position - 15, 0), position + 15).replace(/\s+/g, ' ');
		where = ` at line ${line}, column ${column} (near "${excerpt}")`;
	}
	throw new FieldError(`${fieldName} is not valid JSON${where}: ${message}`);
}

/** A JSON field that must hold an object (`{ ... }`); undefined when empty. */
export function parseJsonObjectField(value: unknown, fieldName: string): IDataObject | undefined {
	const parsed = parseJsonField(value, fieldName);
	if (parsed === undefined) return undefined;
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new FieldError(`${fieldName} must be a JSON object ({ ... })`);
	}
	return parsed as IDataObject;
}

/**
 * Stop sequences as the user gives them: a list, or one string with the sequences separated by
 * commas. `\n` and `\t` typed as escapes become a newline and a tab (an n8n text field cannot hold
 * a newline at the start of a sequence otherwise), in every operation alike.
 */
export function parseStopSequences(value: unknown): string[] | undefined {
	const list = Array.isArray(value)
		? value.map(String)
		: typeof value === 'string'
			? value.split(',')
			: [];
	const sequences = list
		.map((sequence) =>
			sequence
				.replace(/^ +| +$/g, '')
				.replace(/\\n/g, '\n')
				.replace(/\\t/g, '\t'),
		)
		.filter((sequence) => sequence.trim() !== '');
	return sequences.length > 0 ? sequences : undefined;
}

/** A number option; empty, missing or non-numeric values are undefined. */
export function numberField(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const parsed = Number(value);
	return Number.isFinite(parsed) ? parsed : undefined;
}
