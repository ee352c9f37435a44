import { BedrockError } from '../errors';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON request body; empty is `{}`, malformed is Bedrock's ValidationException. */
export function parseJson(body: Buffer): unknown {
	if (body.length === 0) return {};
	try {
		return JSON.parse(body.toString('utf8'));
	} catch {
		throw new BedrockError(
			'ValidationException',
			'Malformed input request, please reformat your input and try again.',
		);
	}
}
