import type { IDataObject } from 'n8n-workflow';

import type { ModelReply, StopReason, Usage } from '../types';
import { toUsage } from '../types';
import {
	applyKnobs,
	asArray,
	asObject,
	asString,
	guardrailIntervened,
	mapStopReason,
	splitReasoning,
	TagFilter,
	accumulatingStreamParser,
} from './shared';
import { rawPromptField, rawPromptText } from './promptTemplates';
import type { HeuristicRatio } from '../tokens/heuristic';
import { DEFAULT_PROFILE } from '../tokens/profiles';
import type { EstimatorProfile } from '../tokens/profiles';
import type { FamilyPrices, FamilyRequestInput, ModelFamily, StreamParser } from './types';

const stopReasons: Record<string, StopReason> = {
	stop: 'end_turn',
	length: 'max_tokens',
};

const knobs: ModelFamily['knobs'] = {
	maxTokens: { path: 'max_tokens', min: 1, max: 32768 },
	temperature: { path: 'temperature', min: 0, max: 1 },
	topP: { path: 'top_p', min: 0, max: 1 },
	stopSequences: { path: 'stop', maxItems: 10 },
};

/** DeepSeek-R1's chat format, as in AWS's DeepSeek example, opening the model's thinking. */
function deepseekPrompt(prompt: string, systemPrompt?: string): string {
	return `<｜begin▁of▁sentence｜>${systemPrompt ?? ''}<｜User｜>${prompt}<｜Assistant｜><think>\n`;
}

function buildRequest(input: FamilyRequestInput): IDataObject {
	const prompt =
		rawPromptText(input, 'deepseekRawPrompt') ?? deepseekPrompt(input.prompt, input.systemPrompt);
	return applyKnobs({ prompt }, knobs, input.knobs);
}

/**
 * The model thinks first and closes its thinking with `</think>` (the opening tag is part of the
 * prompt), so everything before `</think>` is reasoning. Token counts come from the headers.
 */
function parseResponse(body: IDataObject, headerUsage?: Partial<Usage>): ModelReply {
	const choices = asArray(body.choices).map(asObject);
	const raw = choices.map((choice) => asString(choice.text)).join('');
	const { text, reasoning } = splitReasoning(raw, 'think', true);
	const reply: ModelReply = {
		text,
		stopReason: guardrailIntervened(body)
			? 'guardrail_intervened'
			: mapStopReason(stopReasons, choices[0]?.stop_reason),
		usage: toUsage(headerUsage ?? {}),
	};
	if (reasoning) reply.reasoning = reasoning;
	return reply;
}

function createStreamParser(): StreamParser {
	// The prompt template opens <think>, so the stream starts inside the model's thinking.
	const filter = new TagFilter('<think>', '</think>', true);
	// The answer's leading blank lines after </think> are not part of the normalised text.
	let answerStarted = false;
	return accumulatingStreamParser(
		{ text: '', stopReason: null as string | null },
		(chunk, state) => {
			const choice = asObject(asArray(chunk.choices)[0]);
			if (typeof choice.stop_reason === 'string') state.stopReason = choice.stop_reason;
			const delta = asString(choice.text);
			state.text += delta;
			let visible = filter.push(delta);
			if (!answerStarted) {
				visible = visible.replace(/^\s+/, '');
				answerStarted = visible !== '';
			}
			return visible;
		},
		(state) => ({ choices: [{ text: state.text, stop_reason: state.stopReason }] }),
		parseResponse,
	);
}

// "1 English character ≈ 0.3 token. 1 Chinese character ≈ 0.6 token." (DeepSeek API documentation,
// "Token & Token Usage").
export const DEEPSEEK_RATIO: HeuristicRatio = { charsPerToken: 1 / 0.3, tokensPerCjkChar: 0.6 };

const estimator: EstimatorProfile = { ...DEFAULT_PROFILE, ratio: DEEPSEEK_RATIO };

const prices: FamilyPrices = {
	'deepseek.r1': {
		displayName: 'DeepSeek-R1',
		regions: { us: { inputPer1k: 0.00135, outputPer1k: 0.0054 } },
	},
};

export const deepseekFamily: ModelFamily<'deepseek'> = {
	id: 'deepseek',
	displayName: 'DeepSeek-R1',
	kind: 'text',
	modelIdPattern: /^deepseek\.r1/,
	knobs,
	fields: [rawPromptField('deepseekRawPrompt', 'DeepSeek', 'DeepSeek-R1 chat format')],
	buildRequest,
	parseResponse,
	createStreamParser,
	stopReasons,
	converse: {},
	estimator,
	prices,
};
