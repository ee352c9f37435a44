import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OperationContext } from './types';
import { parseJsonField } from '../mapping/fields';

/** A locally detected input problem of an item: refused before anything is sent. */
export function inputError(
	context: OperationContext,
	itemIndex: number,
	message: string,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(context.fn.getNode(), message, { itemIndex, description });
}

/** A string parameter of the item, trimmed (resource locators give their value). */
export function readString(context: OperationContext, name: string, itemIndex: number): string {
	const value = context.fn.getNodeParameter(name, itemIndex, '', { extractValue: true });
	return value === undefined || value === null ? '' : String(value).trim();
}

/** A string parameter that must match Bedrock's pattern for it; refused with `what` to fix. */
export function readIdentifier(
	context: OperationContext,
	itemIndex: number,
	name: string,
	rule: { label: string; pattern: RegExp; hint: string; required?: boolean },
): string {
	const value = readString(context, name, itemIndex);
	if (value === '') {
		if (rule.required === false) return '';
		throw inputError(context, itemIndex, `${rule.label} is empty`, rule.hint);
	}
	if (!rule.pattern.test(value)) {
		throw inputError(
			context,
			itemIndex,
			`${rule.label} '${value.slice(0, 120)}' is not valid`,
			rule.hint,
		);
	}
	return value;
}

/** An optional JSON parameter or option (text or an expression's value), parsed by the node's one parser. */
export function readJson(
	context: OperationContext,
	itemIndex: number,
	value: unknown,
	label: string,
): unknown {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string' && value.trim() === '') return undefined;
	try {
		return parseJsonField(value, label);
	} catch (error) {
		throw inputError(context, itemIndex, (error as Error).message);
	}
}

/** A JSON option that must be an object of strings (session attributes). */
export function readStringMap(
	context: OperationContext,
	itemIndex: number,
	value: unknown,
	label: string,
): Record<string, string> | undefined {
	const parsed = readJson(context, itemIndex, value, label);
	if (parsed === undefined) return undefined;
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw inputError(
			context,
			itemIndex,
			`${label} must be a JSON object, e.g. { "customerId": "42" }`,
		);
	}
	const map: Record<string, string> = {};
	for (const [key, entry] of Object.entries(parsed as IDataObject)) {
		if (entry === null || entry === undefined) continue;
		map[key] = typeof entry === 'string' ? entry : JSON.stringify(entry);
	}
	return map;
}

/** A whole-number option within bounds; unset gives undefined, out of bounds is refused. */
export function readWholeNumber(
	context: OperationContext,
	itemIndex: number,
	value: unknown,
	label: string,
	bounds: { min: number; max: number },
): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const number = Number(value);
	if (!Number.isInteger(number) || number < bounds.min || number > bounds.max) {
		throw inputError(
			context,
			itemIndex,
			`${label} must be a whole number from ${bounds.min} to ${bounds.max} (it is ${String(value)})`,
		);
	}
	return number;
}
