import type { IDataObject } from 'n8n-workflow';

import type { ModelReply, StopReason, Usage } from '../types';
import { toUsage } from '../types';
import {
	applyKnobs,
	asArray,
	asNumber,
	asObject,
	asString,
	guardrailIntervened,
	mapStopReason,
	mergeUsage,
	accumulatingStreamParser,
} from './shared';
import { rawPromptField, rawPromptText } from './promptTemplates';
import { DEFAULT_PROFILE } from '../tokens/profiles';
import type { EstimatorProfile } from '../tokens/profiles';
import type { FamilyPrices, FamilyRequestInput, ModelFamily, StreamParser } from './types';

/** The only stop sequences Titan Text accepts, per AWS's Titan Text parameter page. */
const TITAN_STOP_SEQUENCES = ['|', 'User:'];

const stopReasons: Record<string, StopReason> = {
	FINISH: 'end_turn',
	FINISHED: 'end_turn',
	LENGTH: 'max_tokens',
	STOP_CRITERIA_MET: 'stop_sequence',
	CONTENT_FILTERED: 'content_filtered',
	RAG_QUERY_WHEN_RAG_DISABLED: 'end_turn',
};

const knobs: ModelFamily['knobs'] = {
	maxTokens: { path: 'textGenerationConfig.maxTokenCount', min: 0, max: 8192 },
	temperature: { path: 'textGenerationConfig.temperature', min: 0, max: 1 },
	topP: { path: 'textGenerationConfig.topP', min: 0, max: 1 },
	stopSequences: { path: 'textGenerationConfig.stopSequences', allowed: TITAN_STOP_SEQUENCES },
};

/** The conversational format AWS recommends for Titan Text. */
function titanConversationPrompt(prompt: string, systemPrompt?: string): string {
	const preamble = systemPrompt ? `${systemPrompt}\n\n` : '';
	return `${preamble}User: ${prompt}\nBot:`;
}

function buildRequest(input: FamilyRequestInput): IDataObject {
	const inputText =
		rawPromptText(input, 'titanTextRawPrompt') ??
		titanConversationPrompt(input.prompt, input.systemPrompt);
	return applyKnobs({ inputText }, knobs, input.knobs);
}

function parseResponse(body: IDataObject, headerUsage?: Partial<Usage>): ModelReply {
	const results = asArray(body.results).map(asObject);
	const outputTokens = results.reduce<number | undefined>((sum, result) => {
		const count = asNumber(result.tokenCount);
		return count === undefined ? sum : (sum ?? 0) + count;
	}, undefined);
	return {
		text: results.map((result) => asString(result.outputText)).join(''),
		stopReason: guardrailIntervened(body)
			? 'guardrail_intervened'
			: mapStopReason(stopReasons, results[0]?.completionReason),
		usage: toUsage(
			mergeUsage({ inputTokens: asNumber(body.inputTextTokenCount), outputTokens }, headerUsage),
		),
	};
}

/** Chunks: `{outputText, index, totalOutputTextTokenCount, completionReason, inputTextTokenCount}`. */
function createStreamParser(): StreamParser {
	return accumulatingStreamParser(
		{
			text: '',
			completionReason: null as string | null,
			inputTokens: null as number | null,
			outputTokens: null as number | null,
		},
		(chunk, state) => {
			state.inputTokens = asNumber(chunk.inputTextTokenCount) ?? state.inputTokens;
			state.outputTokens = asNumber(chunk.totalOutputTextTokenCount) ?? state.outputTokens;
			if (typeof chunk.completionReason === 'string')
				state.completionReason = chunk.completionReason;
			const delta = asString(chunk.outputText);
			state.text += delta;
			return delta;
		},
		(state) => ({
			inputTextTokenCount: state.inputTokens,
			results: [
				{
					tokenCount: state.outputTokens,
					outputText: state.text,
					completionReason: state.completionReason,
				},
			],
		}),
		parseResponse,
	);
}

// "User: {text}\nBot:" as in the Titan Text documentation's conversation format.
const estimator: EstimatorProfile = {
	...DEFAULT_PROFILE,
	template: { perRequest: 2, perMessage: 3, systemIsMessage: false },
};

const prices: FamilyPrices = {
	'amazon.titan-text-lite': {
		displayName: 'Titan Text G1 - Lite',
		regions: { us: { inputPer1k: 0.00015, outputPer1k: 0.0002 } },
	},
	'amazon.titan-text-express': {
		displayName: 'Titan Text G1 - Express',
		regions: { us: { inputPer1k: 0.0002, outputPer1k: 0.0006 } },
	},
	'amazon.titan-text-premier': {
		displayName: 'Titan Text G1 - Premier',
		regions: { us: { inputPer1k: 0.0005, outputPer1k: 0.0015 } },
	},
};

export const titanTextFamily: ModelFamily<'titanText'> = {
	id: 'titanText',
	displayName: 'Amazon Titan Text',
	kind: 'text',
	modelIdPattern: /^amazon\.titan-(?:text|tg1)/,
	knobs,
	fields: [rawPromptField('titanTextRawPrompt', 'Titan', '"User: … Bot:" conversation format')],
	buildRequest,
	parseResponse,
	createStreamParser,
	stopReasons,
	converse: {},
	estimator,
	prices,
};
