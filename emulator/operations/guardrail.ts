/**
 * ApplyGuardrail (POST /guardrail/{guardrailIdentifier}/version/{guardrailVersion}/apply,
 * bedrock-runtime): the configured guardrails of `options.guardrails`, assessed as guardrails.ts says.
 */
import type { Operation } from '../context';
import { BedrockError } from '../errors';
import type { GuardrailText } from '../guardrails';
import { applyGuardrail } from '../guardrails';
import { isObject } from '../http/json';
import type { EmulatorGuardrail } from '../options';
import { admitRequest } from '../policy/admission';
import { authorize, resourceArn } from '../policy/permissions';
import type { EmulatorState } from '../state';

const IDENTIFIER_PATTERN =
	/^(([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail\/([a-z0-9]+)))$/;
const VERSION_PATTERN = /^(([1-9][0-9]{0,7})|(DRAFT))$/;
const QUALIFIERS = new Set(['grounding_source', 'query', 'guard_content']);

function invalid(field: string, value: unknown, pattern: RegExp): BedrockError {
	return new BedrockError(
		'ValidationException',
		`1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern.source}`,
	);
}

/** The guardrail an identifier (ID or ARN) and version name; the errors Bedrock answers otherwise. */
export function findGuardrail(
	state: EmulatorState,
	identifier: unknown,
	version: unknown,
): EmulatorGuardrail {
	const match = typeof identifier === 'string' ? IDENTIFIER_PATTERN.exec(identifier) : null;
	if (!match) throw invalid('guardrailIdentifier', identifier, IDENTIFIER_PATTERN);
	if (typeof version !== 'string' || !VERSION_PATTERN.test(version)) {
		throw invalid('guardrailVersion', version, VERSION_PATTERN);
	}
	const id = match[5] ?? match[2];
	const guardrail = state.options.guardrails.find((candidate) => candidate.id === id);
	if (!guardrail || !(guardrail.versions ?? ['DRAFT']).includes(version)) {
		throw new BedrockError(
			'ResourceNotFoundException',
			'The guardrail identifier or version provided in the request does not exist.',
		);
	}
	authorize(state, 'bedrock:ApplyGuardrail', resourceArn(`guardrail/${guardrail.id}`));
	return guardrail;
}

function textBlocks(content: unknown): GuardrailText[] {
	if (!Array.isArray(content) || content.length === 0) {
		throw new BedrockError(
			'ValidationException',
			"1 validation error detected: Value at 'content' failed to satisfy constraint: Member must not be null",
		);
	}
	return content.map((block, index) => {
		const text = isObject(block) && isObject(block.text) ? block.text : undefined;
		if (!text || typeof text.text !== 'string') {
			throw new BedrockError(
				'ValidationException',
				`content.${index + 1}: only text content is supported by the emulator's guardrails`,
			);
		}
		const qualifiers = Array.isArray(text.qualifiers) ? text.qualifiers.map(String) : undefined;
		for (const qualifier of qualifiers ?? []) {
			if (!QUALIFIERS.has(qualifier)) {
				throw new BedrockError(
					'ValidationException',
					`1 validation error detected: Value '${qualifier}' at 'content.${index + 1}.member.text.qualifiers' failed to satisfy constraint: Member must satisfy enum value set: [grounding_source, query, guard_content]`,
				);
			}
		}
		return { text: text.text, qualifiers };
	});
}

export const applyGuardrailOperation: Operation = {
	name: 'ApplyGuardrail',
	async handle(context) {
		const { state } = context;
		const guardrail = findGuardrail(
			state,
			context.params.guardrailIdentifier,
			context.params.guardrailVersion,
		);
		const body = context.json();
		const request = isObject(body) ? body : {};
		if (request.source !== 'INPUT' && request.source !== 'OUTPUT') {
			throw new BedrockError(
				'ValidationException',
				`1 validation error detected: Value '${String(request.source)}' at 'source' failed to satisfy constraint: Member must satisfy enum value set: [INPUT, OUTPUT]`,
			);
		}
		const blocks = textBlocks(request.content);
		const scope = request.outputScope === 'FULL' ? 'FULL' : 'INTERVENTIONS';
		const outcome = applyGuardrail(guardrail, request.source, blocks, scope);
		admitRequest(state, context.record);
		await context.delay(state.options.latencyMs);
		context.sendJson(outcome.response);
	},
};
