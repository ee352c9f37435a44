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
	model_length: 'max_tokens',
};

const knobs: ModelFamily['knobs'] = {
	maxTokens: { path: 'max_tokens', min: 1, max: 8192 },
	temperature: { path: 'temperature', min: 0, max: 1 },
	topP: { path: 'top_p', min: 0, max: 1 },
	topK: { path: 'top_k', min: 1, max: 200 },
	stopSequences: { path: 'stop', maxItems: 10 },
};

/** Mistral's instruction format; a system prompt goes in front of the first instruction. */
function mistralInstructPrompt(prompt: string, systemPrompt?: string): string {
	const instruction = systemPrompt ? `${systemPrompt}\n\n${prompt}` : prompt;
	return `<s>[INST] ${instruction} [/INST]`;
}

function buildRequest(input: FamilyRequestInput): IDataObject {
	const prompt =
		rawPromptText(input, 'mistralRawPrompt') ??
		mistralInstructPrompt(input.prompt, input.systemPrompt);
	return applyKnobs({ prompt }, knobs, input.knobs);
}

/** The body has no token counts: they come from the X-Amzn-Bedrock-*-Token-Count headers. */
function parseResponse(body: IDataObject, headerUsage?: Partial<Usage>): ModelReply {
	const outputs = asArray(body.outputs).map(asObject);
	return {
		text: outputs.map((output) => asString(output.text)).join(''),
		stopReason: guardrailIntervened(body)
			? 'guardrail_intervened'
			: mapStopReason(stopReasons, outputs[0]?.stop_reason),
		usage: toUsage(headerUsage ?? {}),
	};
}

function createStreamParser(): StreamParser {
	return accumulatingStreamParser(
		{ text: '', stopReason: null as string | null },
		(chunk, state) => {
			const output = asObject(asArray(chunk.outputs)[0]);
			if (typeof output.stop_reason === 'string') state.stopReason = output.stop_reason;
			const delta = asString(output.text);
			state.text += delta;
			return delta;
		},
		(state) => ({ outputs: [{ text: state.text, stop_reason: state.stopReason }] }),
		parseResponse,
	);
}

// Mistral 7B, Mixtral and the 24.02 models use a 32K SentencePiece vocabulary: measured with that
// tokenizer on the fixtures, 4.4 characters per token on English prose and 2.9 on TypeScript.
export const MISTRAL_RATIO: HeuristicRatio = { charsPerToken: 4, tokensPerCjkChar: 1 };

// <s>[INST] {system}\n\n{user} [/INST] {assistant}</s>: with the 32K vocabulary "[INST]" and " [/INST]"
// are 3 and 4 tokens, so about 4 per message on average; the system prompt joins the first user turn.
const estimator: EstimatorProfile = {
	...DEFAULT_PROFILE,
	ratio: MISTRAL_RATIO,
	template: { perRequest: 1, perMessage: 4, systemIsMessage: false },
};

const prices: FamilyPrices = {
	'mistral.mistral-7b-instruct': {
		displayName: 'Mistral 7B Instruct',
		regions: { us: { inputPer1k: 0.00015, outputPer1k: 0.0002 } },
	},
	'mistral.mixtral-8x7b-instruct': {
		displayName: 'Mixtral 8x7B Instruct',
		regions: { us: { inputPer1k: 0.00045, outputPer1k: 0.0007 } },
	},
	'mistral.mistral-large-2402': {
		displayName: 'Mistral Large (24.02)',
		regions: { us: { inputPer1k: 0.004, outputPer1k: 0.012 } },
	},
	'mistral.mistral-small-2402': {
		displayName: 'Mistral Small (24.02)',
		regions: { us: { inputPer1k: 0.001, outputPer1k: 0.003 } },
	},
};

export const mistralFamily: ModelFamily<'mistral'> = {
	id: 'mistral',
	displayName: 'Mistral (Text Completion)',
	kind: 'text',
	modelIdPattern: /^mistral\.(?:mistral-7b|mixtral-8x7b|mistral-small-2402|mistral-large-2402)/,
	// Batch inference: Mistral Small (24.02).
	batchInference: /^mistral\.mistral-small-2402/,
	knobs,
	fields: [rawPromptField('mistralRawPrompt', 'Mistral', '<s>[INST] … [/INST] instruction format')],
	buildRequest,
	parseResponse,
	createStreamParser,
	stopReasons,
	converse: {},
	estimator,
	prices,
};
