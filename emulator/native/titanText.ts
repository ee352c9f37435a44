/**
 * Amazon Titan Text (Express, Lite, Premier) body on InvokeModel.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-text.html
 */
import type { EmulatorMessage, Generation, GenerationRequest, NativeFormat } from '../types';
import {
	asGeneration,
	baseModelName,
	cumulativeTokenCounts,
	textDeltas,
	withoutUndefined,
} from './common';
import { isObject, validateBody, type Schema } from './schema';

/** Largest `maxTokenCount` per model, from the page above. */
export function titanMaxTokenCount(modelId: string): number {
	if (/premier/.test(modelId)) return 3072;
	if (/lite/.test(modelId)) return 4096;
	return 8192;
}

function requestSchema(modelId: string): Schema {
	return {
		type: 'object',
		required: ['inputText'],
		properties: {
			inputText: { type: 'string', minLength: 1 },
			textGenerationConfig: {
				type: 'object',
				properties: {
					maxTokenCount: { type: 'integer', minimum: 0, maximum: titanMaxTokenCount(modelId) },
					temperature: { type: 'number', minimum: 0, maximum: 1 },
					topP: { type: 'number', minimum: 0, maximum: 1 },
					stopSequences: { type: 'array', items: { type: 'string' } },
				},
			},
		},
	};
}

/** `User: question\nBot:` (the conversational form Titan documents) back into messages. */
export function parseTitanInput(inputText: string): EmulatorMessage[] {
	if (!/^\s*User:/.test(inputText)) return [{ role: 'user', text: inputText }];
	const parts = inputText.split(/(?:^|\n)\s*(User|Bot):[ \t]?/);
	const messages: EmulatorMessage[] = [];
	for (let index = 1; index < parts.length; index += 2) {
		const text = (parts[index + 1] ?? '').trim();
		const role = parts[index] === 'Bot' ? 'assistant' : 'user';
		if (text !== '' || role === 'user') messages.push({ role, text });
	}
	return messages;
}

function parseRequest(body: unknown, modelId: string): GenerationRequest {
	validateBody(body, requestSchema(baseModelName(modelId)));
	const config = isObject(body.textGenerationConfig) ? body.textGenerationConfig : {};
	return withoutUndefined({
		modelId,
		messages: parseTitanInput(body.inputText as string),
		maxTokens: config.maxTokenCount as number | undefined,
		temperature: config.temperature as number | undefined,
		topP: config.topP as number | undefined,
		stopSequences: config.stopSequences as string[] | undefined,
	});
}

function completionReason(generation: Generation): 'FINISH' | 'LENGTH' | 'STOP_CRITERIA_MET' {
	if (generation.stopReason === 'max_tokens') return 'LENGTH';
	if (generation.stopReason === 'stop_sequence') return 'STOP_CRITERIA_MET';
	return 'FINISH';
}

export const titanTextFormat: NativeFormat = {
	id: 'titan-text',
	matches: (baseModelId) => /^amazon\.titan-text-/.test(baseModelName(baseModelId)),
	kind: 'text',
	parseRequest,
	renderResponse: (result) => {
		const generation = asGeneration(result);
		return {
			inputTextTokenCount: generation.inputTokens,
			results: [
				{
					tokenCount: generation.outputTokens,
					outputText: generation.text,
					completionReason: completionReason(generation),
				},
			],
		};
	},
	renderStreamChunks: (generation) => {
		const deltas = textDeltas(generation);
		const counts = cumulativeTokenCounts(deltas.length, generation.outputTokens);
		return deltas.map((outputText, index) => ({
			outputText,
			index: 0,
			totalOutputTextTokenCount: counts[index],
			completionReason: index === deltas.length - 1 ? completionReason(generation) : null,
			inputTextTokenCount: index === 0 ? generation.inputTokens : null,
		}));
	},
	streamMetrics: true,
};
