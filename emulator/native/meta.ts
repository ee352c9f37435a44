/**
 * Meta Llama 3.x / 4 text completion body on InvokeModel.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-meta.html
 * Prompt template: https://www.llama.com/docs/model-cards-and-prompt-formats/meta-llama-3/
 */
import type { EmulatorMessage, GenerationRequest, NativeFormat } from '../types';
import {
	asGeneration,
	baseModelName,
	base64ByteLength,
	cumulativeTokenCounts,
	textDeltas,
	withoutUndefined,
	stopOrLength,
} from './common';
import { validateBody, type Schema } from './schema';

const requestSchema: Schema = {
	type: 'object',
	required: ['prompt'],
	properties: {
		prompt: { type: 'string' },
		temperature: { type: 'number', minimum: 0, maximum: 1 },
		top_p: { type: 'number', minimum: 0, maximum: 1 },
		max_gen_len: { type: 'integer', minimum: 1, maximum: 2048 },
		images: { type: 'array', items: { type: 'string' } },
	},
};

/** Llama 3 (`<|start_header_id|>`) and Llama 4 (`<|header_start|>`) chat turns. */
const turnPattern =
	/(?:<\|start_header_id\|>|<\|header_start\|>)(\w+)(?:<\|end_header_id\|>|<\|header_end\|>)\n*([\s\S]*?)(?=<\|eot_id\|>|<\|eot\|>|<\|start_header_id\|>|<\|header_start\|>|$)/g;

/**
 * Reads the chat template back into messages; a prompt without it is one user message. The final,
 * empty assistant header only asks the model to answer and is dropped.
 */
export function parseLlamaPrompt(prompt: string): { system?: string; messages: EmulatorMessage[] } {
	const turns = [...prompt.matchAll(turnPattern)].map((match) => ({
		role: match[1],
		text: match[2].trim(),
	}));
	if (turns.length === 0) return { messages: [{ role: 'user', text: prompt }] };
	if (
		turns.length > 0 &&
		turns[turns.length - 1].role === 'assistant' &&
		turns[turns.length - 1].text === ''
	) {
		turns.pop();
	}
	const system = turns
		.filter((turn) => turn.role === 'system')
		.map((turn) => turn.text)
		.join('\n');
	const messages: EmulatorMessage[] = turns
		.filter((turn) => turn.role !== 'system')
		.map((turn) => ({ role: turn.role === 'assistant' ? 'assistant' : 'user', text: turn.text }));
	if (messages.length === 0) messages.push({ role: 'user', text: '' });
	return system === '' ? { messages } : { system, messages };
}

function parseRequest(body: unknown, modelId: string): GenerationRequest {
	validateBody(body, requestSchema);
	const { system, messages } = parseLlamaPrompt(body.prompt as string);
	if (Array.isArray(body.images) && body.images.length > 0) {
		const lastUser =
			[...messages].reverse().find((message) => message.role === 'user') ?? messages[0];
		lastUser.images = (body.images as string[]).map((data) => ({
			format: 'png',
			bytes: base64ByteLength(data),
		}));
	}
	return withoutUndefined({
		modelId,
		system,
		messages,
		maxTokens: body.max_gen_len as number | undefined,
		temperature: body.temperature as number | undefined,
		topP: body.top_p as number | undefined,
	});
}

export const metaFormat: NativeFormat = {
	id: 'meta',
	matches: (baseModelId) => /^meta\.llama/.test(baseModelName(baseModelId)),
	kind: 'text',
	parseRequest,
	renderResponse: (result) => {
		const generation = asGeneration(result);
		return {
			generation: generation.text,
			prompt_token_count: generation.inputTokens,
			generation_token_count: generation.outputTokens,
			stop_reason: stopOrLength(generation),
		};
	},
	renderStreamChunks: (generation) => {
		const deltas = textDeltas(generation);
		const counts = cumulativeTokenCounts(deltas.length, generation.outputTokens);
		return deltas.map((text, index) => ({
			generation: text,
			prompt_token_count: index === 0 ? generation.inputTokens : null,
			generation_token_count: counts[index],
			stop_reason: index === deltas.length - 1 ? stopOrLength(generation) : null,
		}));
	},
	streamMetrics: true,
};
