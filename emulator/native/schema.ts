/**
 * A small JSON-schema checker that reports violations the way Bedrock's native InvokeModel
 * validation does. Bedrock validates native bodies with a JSON-schema library whose messages look
 * like `#: required key [max_tokens] not found`, `#: extraneous key [foo] is not permitted`,
 * `#/temperature: 1.5 is not less or equal to 1`, wrapped as
 * `Malformed input request: <violation>, please reformat your input and try again.`; when several
 * violations are found the message only counts them (`... 2 schema violations found, ...`).
 */
import { EmulatorValidationError } from '../types';

export type Schema =
	| ObjectSchema
	| { type: 'string'; enum?: readonly string[]; minLength?: number; maxLength?: number }
	| {
			type: 'integer' | 'number';
			minimum?: number;
			maximum?: number;
			exclusiveMinimum?: number;
	  }
	| { type: 'boolean' }
	| { type: 'array'; items?: Schema; minItems?: number; maxItems?: number }
	| { anyOf: readonly Schema[] }
	| { const: string | number | boolean }
	| { anyValueOf: readonly (string | number)[] }
	| { type: 'any' };

export interface ObjectSchema {
	type: 'object';
	properties?: Record<string, Schema>;
	required?: readonly string[];
	/** When false (the default here), keys not listed in `properties` are refused. */
	additionalProperties?: boolean;
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The type names the validator prints in `expected type: X, found: Y`. */
function typeName(value: unknown): string {
	if (value === null) return 'Null';
	if (Array.isArray(value)) return 'JSONArray';
	if (typeof value === 'string') return 'String';
	if (typeof value === 'boolean') return 'Boolean';
	if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'BigDecimal';
	if (typeof value === 'object') return 'JSONObject';
	return typeof value;
}

function expectedTypeName(type: string): string {
	switch (type) {
		case 'object':
			return 'JSONObject';
		case 'array':
			return 'JSONArray';
		case 'string':
			return 'String';
		case 'integer':
			return 'Integer';
		case 'number':
			return 'Number';
		case 'boolean':
			return 'Boolean';
		default:
			return type;
	}
}

function formatValue(value: unknown): string {
	return typeof value === 'string' ? value : JSON.stringify(value);
}

function pointer(path: string, key: string | number): string {
	return `${path}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** Collects every violation of `schema` in `value`, as `<json pointer>: <message>` strings. */
export function collectViolations(value: unknown, schema: Schema, path = '#'): string[] {
	if ('anyOf' in schema) {
		const matched = schema.anyOf.some(
			(option) => collectViolations(value, option, path).length === 0,
		);
		return matched
			? []
			: [`${path}: #: no subschema matched out of the total ${schema.anyOf.length} subschemas`];
	}
	if ('const' in schema) {
		return value === schema.const
			? []
			: [`${path}: ${formatValue(value)} is not a valid enum value`];
	}
	if ('anyValueOf' in schema) {
		return schema.anyValueOf.includes(value as string | number)
			? []
			: [`${path}: ${formatValue(value)} is not a valid enum value`];
	}
	switch (schema.type) {
		case 'any':
			return [];
		case 'object':
			return objectViolations(value, schema, path);
		case 'array': {
			if (!Array.isArray(value)) return [typeViolation(path, schema.type, value)];
			const violations: string[] = [];
			if (schema.minItems !== undefined && value.length < schema.minItems) {
				violations.push(
					`${path}: expected minimum item count: ${schema.minItems}, found: ${value.length}`,
				);
			}
			if (schema.maxItems !== undefined && value.length > schema.maxItems) {
				violations.push(
					`${path}: expected maximum item count: ${schema.maxItems}, found: ${value.length}`,
				);
			}
			if (schema.items) {
				const itemSchema = schema.items;
				value.forEach((item, index) =>
					violations.push(...collectViolations(item, itemSchema, pointer(path, index))),
				);
			}
			return violations;
		}
		case 'string': {
			if (typeof value !== 'string') return [typeViolation(path, schema.type, value)];
			if (schema.enum && !schema.enum.includes(value)) {
				return [`${path}: ${value} is not a valid enum value`];
			}
			if (schema.minLength !== undefined && value.length < schema.minLength) {
				return [`${path}: expected minLength: ${schema.minLength}, actual: ${value.length}`];
			}
			if (schema.maxLength !== undefined && value.length > schema.maxLength) {
				return [`${path}: expected maxLength: ${schema.maxLength}, actual: ${value.length}`];
			}
			return [];
		}
		case 'integer':
		case 'number': {
			const wrongType =
				typeof value !== 'number' || (schema.type === 'integer' && !Number.isInteger(value));
			if (wrongType) return [typeViolation(path, schema.type, value)];
			const violations: string[] = [];
			if (schema.minimum !== undefined && value < schema.minimum) {
				violations.push(`${path}: ${value} is not greater or equal to ${schema.minimum}`);
			}
			if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) {
				violations.push(`${path}: ${value} is not greater than ${schema.exclusiveMinimum}`);
			}
			if (schema.maximum !== undefined && value > schema.maximum) {
				violations.push(`${path}: ${value} is not less or equal to ${schema.maximum}`);
			}
			return violations;
		}
		case 'boolean':
			return typeof value === 'boolean' ? [] : [typeViolation(path, schema.type, value)];
	}
}

function typeViolation(path: string, expected: string, value: unknown): string {
	return `${path}: expected type: ${expectedTypeName(expected)}, found: ${typeName(value)}`;
}

function objectViolations(value: unknown, schema: ObjectSchema, path: string): string[] {
	if (!isObject(value)) return [typeViolation(path, 'object', value)];
	const violations: string[] = [];
	const properties = schema.properties ?? {};
	for (const key of schema.required ?? []) {
		if (!(key in value)) violations.push(`${path}: required key [${key}] not found`);
	}
	for (const [key, entry] of Object.entries(value)) {
		const propertySchema = properties[key];
		if (propertySchema) {
			violations.push(...collectViolations(entry, propertySchema, pointer(path, key)));
		} else if (schema.additionalProperties !== true) {
			violations.push(`${path}: extraneous key [${key}] is not permitted`);
		}
	}
	return violations;
}

/** `Malformed input request: <detail>, please reformat your input and try again.` */
export function malformed(detail: string): EmulatorValidationError {
	return new EmulatorValidationError(
		`Malformed input request: ${detail}, please reformat your input and try again.`,
	);
}

/** Throws Bedrock's ValidationException for the first (or the count of) schema violations. */
export function validateBody(body: unknown, schema: Schema): asserts body is JsonObject {
	const violations = collectViolations(body, schema);
	if (violations.length === 1) throw malformed(violations[0]);
	if (violations.length > 1) throw malformed(`${violations.length} schema violations found`);
}
