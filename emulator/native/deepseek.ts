/**
 * DeepSeek-R1 text completion body on InvokeModel.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-deepseek.html
 * Prompt template: https://huggingface.co/deepseek-ai/DeepSeek-R1/blob/main/tokenizer_config.json
 */
import type { EmulatorMessage, GenerationRequest, NativeFormat } from '../types';
import {
	asGeneration,
	baseModelName,
	splitWords,
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
		max_tokens: { type: 'integer', minimum: 1, maximum: 32768 },
		stop: { type: 'array', items: { type: 'string' }, maxItems: 10 },
	},
};

const beginOfSentence = '<｜begin▁of▁sentence｜>';
const endOfSentence = '<｜end▁of▁sentence｜>';
const userTag = '<｜User｜>';
const assistantTag = '<｜Assistant｜>';

/** `<｜begin▁of▁sentence｜>system<｜User｜>question<｜Assistant｜><think>\n` back into messages. */
export function parseDeepSeekPrompt(prompt: string): {
	system?: string;
	messages: EmulatorMessage[];
} {
	if (!prompt.includes(userTag)) return { messages: [{ role: 'user', text: prompt }] };
	const body = prompt.replace(beginOfSentence, '');
	const [systemText, ...rest] = body.split(userTag);
	const messages: EmulatorMessage[] = [];
	for (const segment of rest) {
		const [question, ...answers] = segment.split(assistantTag);
		messages.push({ role: 'user', text: question.trim() });
		const answer = answers
			.join(assistantTag)
			.replace(endOfSentence, '')
			.replace(/^\s*<think>[\s\S]*?(<\/think>|$)/, '')
			.trim();
		if (answer !== '') messages.push({ role: 'assistant', text: answer });
	}
	const system = systemText.trim();
	return system === '' ? { messages } : { system, messages };
}

function parseRequest(body: unknown, modelId: string): GenerationRequest {
	validateBody(body, requestSchema);
	const { system, messages } = parseDeepSeekPrompt(body.prompt as string);
	return withoutUndefined({
		modelId,
		system,
		messages,
		maxTokens: body.max_tokens as number | undefined,
		temperature: body.temperature as number | undefined,
		topP: body.top_p as number | undefined,
		stopSequences: body.stop as string[] | undefined,
		// R1 always reasons; its reasoning ends at `</think>` in the completion text.
		reasoning: {},
	});
}

/** The text between the reasoning and the answer, as R1 writes it. */
export const deepSeekThinkEnd = '\n</think>\n\n';

export const deepSeekFormat: NativeFormat = {
	id: 'deepseek',
	matches: (baseModelId) => /^deepseek\.r1/.test(baseModelName(baseModelId)),
	kind: 'text',
	parseRequest,
	renderResponse: (result) => {
		const generation = asGeneration(result);
		const reasoning =
			generation.reasoning !== undefined ? generation.reasoning + deepSeekThinkEnd : '';
		return {
			choices: [{ text: reasoning + generation.text, stop_reason: stopOrLength(generation) }],
		};
	},
	renderStreamChunks: (generation) => {
		const pieces =
			generation.reasoning !== undefined
				? [...splitWords(generation.reasoning), deepSeekThinkEnd, ...textDeltas(generation)]
				: textDeltas(generation);
		return pieces.map((text, index) => ({
			choices: [
				{ text, stop_reason: index === pieces.length - 1 ? stopOrLength(generation) : null },
			],
		}));
	},
	streamMetrics: true,
};
