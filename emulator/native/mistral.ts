/**
 * Mistral AI text completion body (Mistral 7B Instruct, Mixtral 8x7B, Mistral Large 2402, Mistral
 * Small 2402) on InvokeModel.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-mistral-text-completion.html
 */
import type { EmulatorMessage, GenerationRequest, NativeFormat } from '../types';
import { asGeneration, baseModelName, textDeltas, withoutUndefined, stopOrLength } from './common';
import { validateBody, type Schema } from './schema';

/** Largest `max_tokens` per model, from the page above. */
function maxTokensLimit(modelId: string): number {
	return /mixtral-8x7b/.test(modelId) ? 4096 : 8192;
}

function requestSchema(modelId: string): Schema {
	return {
		type: 'object',
		required: ['prompt'],
		properties: {
			prompt: { type: 'string' },
			max_tokens: { type: 'integer', minimum: 1, maximum: maxTokensLimit(modelId) },
			stop: { type: 'array', items: { type: 'string' }, maxItems: 10 },
			temperature: { type: 'number', minimum: 0, maximum: 1 },
			top_p: { type: 'number', minimum: 0, maximum: 1 },
			top_k: { type: 'integer', minimum: 1, maximum: 200 },
		},
	};
}

/** `<s>[INST] question [/INST] answer</s>[INST] follow-up [/INST]` back into messages. */
export function parseMistralPrompt(prompt: string): EmulatorMessage[] {
	if (!prompt.includes('[INST]')) return [{ role: 'user', text: prompt }];
	const messages: EmulatorMessage[] = [];
	const pattern = /\[INST\]([\s\S]*?)\[\/INST\]([\s\S]*?)(?=\[INST\]|<s>\s*\[INST\]|$)/g;
	for (const match of prompt.matchAll(pattern)) {
		messages.push({ role: 'user', text: match[1].trim() });
		const answer = match[2].replace(/<\/?s>/g, '').trim();
		if (answer !== '') messages.push({ role: 'assistant', text: answer });
	}
	return messages;
}

function parseRequest(body: unknown, modelId: string): GenerationRequest {
	validateBody(body, requestSchema(baseModelName(modelId)));
	return withoutUndefined({
		modelId,
		messages: parseMistralPrompt(body.prompt as string),
		maxTokens: body.max_tokens as number | undefined,
		temperature: body.temperature as number | undefined,
		topP: body.top_p as number | undefined,
		topK: body.top_k as number | undefined,
		stopSequences: body.stop as string[] | undefined,
	});
}

export const mistralFormat: NativeFormat = {
	id: 'mistral',
	matches: (baseModelId) =>
		/^mistral\.(mistral-7b|mixtral-8x7b|mistral-large-2402|mistral-small-2402)/.test(
			baseModelName(baseModelId),
		),
	kind: 'text',
	parseRequest,
	renderResponse: (result) => {
		const generation = asGeneration(result);
		return { outputs: [{ text: generation.text, stop_reason: stopOrLength(generation) }] };
	},
	renderStreamChunks: (generation) => {
		const deltas = textDeltas(generation);
		return deltas.map((text, index) => ({
			outputs: [
				{ text, stop_reason: index === deltas.length - 1 ? stopOrLength(generation) : null },
			],
		}));
	},
	streamMetrics: true,
};
