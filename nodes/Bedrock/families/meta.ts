import type { IDataObject } from 'n8n-workflow';

import type { ModelReply, StopReason, Usage } from '../types';
import { toUsage } from '../types';
import {
	applyKnobs,
	asNumber,
	asString,
	guardrailIntervened,
	mapStopReason,
	mergeUsage,
	accumulatingStreamParser,
} from './shared';
import { rawPromptField, rawPromptText } from './promptTemplates';
import type { TokenPrices } from '../pricing/priceTable';
import { DEFAULT_PROFILE, LLAMA3_TOKENIZER } from '../tokens/profiles';
import type { EstimatorProfile } from '../tokens/profiles';
import type { FamilyPrices, FamilyRequestInput, ModelFamily, StreamParser } from './types';

const stopReasons: Record<string, StopReason> = {
	stop: 'end_turn',
	length: 'max_tokens',
};

const knobs: ModelFamily['knobs'] = {
	maxTokens: { path: 'max_gen_len', min: 1, max: 2048 },
	temperature: { path: 'temperature', min: 0, max: 1 },
	topP: { path: 'top_p', min: 0, max: 1 },
};

/** Llama 3's chat template, as in AWS's Meta Llama request examples. */
function llama3Prompt(prompt: string, systemPrompt?: string): string {
	const system = systemPrompt
		? `<|start_header_id|>system<|end_header_id|>\n\n${systemPrompt}<|eot_id|>`
		: '';
	return (
		`<|begin_of_text|>${system}` +
		`<|start_header_id|>user<|end_header_id|>\n\n${prompt}<|eot_id|>` +
		'<|start_header_id|>assistant<|end_header_id|>\n\n'
	);
}

function buildRequest(input: FamilyRequestInput): IDataObject {
	const prompt =
		rawPromptText(input, 'metaRawPrompt') ?? llama3Prompt(input.prompt, input.systemPrompt);
	return applyKnobs({ prompt }, knobs, input.knobs);
}

function bodyUsage(body: IDataObject): Partial<Usage> {
	return {
		inputTokens: asNumber(body.prompt_token_count),
		outputTokens: asNumber(body.generation_token_count),
	};
}

function parseResponse(body: IDataObject, headerUsage?: Partial<Usage>): ModelReply {
	return {
		text: asString(body.generation),
		stopReason: guardrailIntervened(body)
			? 'guardrail_intervened'
			: mapStopReason(stopReasons, body.stop_reason),
		usage: toUsage(mergeUsage(bodyUsage(body), headerUsage)),
	};
}

/** Each chunk is `{generation, prompt_token_count, generation_token_count, stop_reason}`. */
function createStreamParser(): StreamParser {
	return accumulatingStreamParser(
		{
			text: '',
			stopReason: null as string | null,
			promptTokens: null as number | null,
			generationTokens: null as number | null,
		},
		(chunk, state) => {
			state.promptTokens = asNumber(chunk.prompt_token_count) ?? state.promptTokens;
			state.generationTokens = asNumber(chunk.generation_token_count) ?? state.generationTokens;
			if (typeof chunk.stop_reason === 'string') state.stopReason = chunk.stop_reason;
			const delta = asString(chunk.generation);
			state.text += delta;
			return delta;
		},
		(state) => ({
			generation: state.text,
			prompt_token_count: state.promptTokens,
			generation_token_count: state.generationTokens,
			stop_reason: state.stopReason,
		}),
		parseResponse,
	);
}

// <|begin_of_text|> + <|start_header_id|>assistant<|end_header_id|>\n\n to prime the reply; each
// message is <|start_header_id|>{role}<|end_header_id|>\n\n{text}<|eot_id|> (Meta Llama 3 model card).
// Llama 4 has the same shape with <|header_start|>, <|header_end|> and <|eot|>.
const LLAMA_PROFILE: EstimatorProfile = {
	...DEFAULT_PROFILE,
	template: { perRequest: 5, perMessage: 5, systemIsMessage: true },
};

// Llama 3, 3.1, 3.2 and 3.3 share one 128K vocabulary; Llama 4 has its own, with no JS port.
const LLAMA3_MODEL_PATTERN = /^meta\.llama3/;

function estimator(base: string): EstimatorProfile {
	return LLAMA3_MODEL_PATTERN.test(base)
		? { ...LLAMA_PROFILE, tokenizer: LLAMA3_TOKENIZER }
		: LLAMA_PROFILE;
}

// Figures from Meta's listing for Asia Pacific (Mumbai), Canada (Central) and Europe (London).
const llama3RegionalPremium = (regional: TokenPrices): Record<string, TokenPrices> => ({
	'ap-south-1': regional,
	'ca-central-1': regional,
	'eu-west-2': regional,
});

const prices: FamilyPrices = {
	'meta.llama3-8b-instruct': {
		displayName: 'Llama 3 8B Instruct',
		regions: {
			us: { inputPer1k: 0.0003, outputPer1k: 0.0006 },
			...llama3RegionalPremium({ inputPer1k: 0.00036, outputPer1k: 0.00072 }),
		},
	},
	'meta.llama3-70b-instruct': {
		displayName: 'Llama 3 70B Instruct',
		regions: {
			us: { inputPer1k: 0.00265, outputPer1k: 0.0035 },
			...llama3RegionalPremium({ inputPer1k: 0.00318, outputPer1k: 0.0042 }),
		},
	},
	'meta.llama3-1-8b-instruct': {
		displayName: 'Llama 3.1 8B Instruct',
		regions: { us: { inputPer1k: 0.00022, outputPer1k: 0.00022 } },
	},
	'meta.llama3-1-70b-instruct': {
		displayName: 'Llama 3.1 70B Instruct',
		regions: { us: { inputPer1k: 0.00072, outputPer1k: 0.00072 } },
	},
	'meta.llama3-1-405b-instruct': {
		displayName: 'Llama 3.1 405B Instruct',
		regions: { us: { inputPer1k: 0.0024, outputPer1k: 0.0024 } },
	},
	'meta.llama3-2-1b-instruct': {
		displayName: 'Llama 3.2 1B Instruct',
		regions: { us: { inputPer1k: 0.0001, outputPer1k: 0.0001 } },
	},
	'meta.llama3-2-3b-instruct': {
		displayName: 'Llama 3.2 3B Instruct',
		regions: { us: { inputPer1k: 0.00015, outputPer1k: 0.00015 } },
	},
	'meta.llama3-2-11b-instruct': {
		displayName: 'Llama 3.2 11B Vision Instruct',
		regions: { us: { inputPer1k: 0.00016, outputPer1k: 0.00016 } },
	},
	'meta.llama3-2-90b-instruct': {
		displayName: 'Llama 3.2 90B Vision Instruct',
		regions: { us: { inputPer1k: 0.00072, outputPer1k: 0.00072 } },
	},
	'meta.llama3-3-70b-instruct': {
		displayName: 'Llama 3.3 70B Instruct',
		regions: { us: { inputPer1k: 0.00072, outputPer1k: 0.00072 } },
	},
	'meta.llama4-scout-17b-instruct': {
		displayName: 'Llama 4 Scout 17B Instruct',
		regions: { us: { inputPer1k: 0.00017, outputPer1k: 0.00066 } },
	},
	'meta.llama4-maverick-17b-instruct': {
		displayName: 'Llama 4 Maverick 17B Instruct',
		regions: { us: { inputPer1k: 0.00024, outputPer1k: 0.00097 } },
	},
};

export const metaFamily: ModelFamily<'meta'> = {
	id: 'meta',
	displayName: 'Meta Llama',
	kind: 'text',
	modelIdPattern: /^meta\.llama/,
	// Batch inference: Llama 3.1, 3.2, 3.3 and 4; not Llama 3 (8B/70B) or 2.
	batchInference: /^meta\.llama(?:3-[123]-|4-)/,
	knobs,
	fields: [rawPromptField('metaRawPrompt', 'Llama', 'Llama 3 chat template')],
	buildRequest,
	parseResponse,
	createStreamParser,
	stopReasons,
	converse: {},
	estimator,
	prices,
};
