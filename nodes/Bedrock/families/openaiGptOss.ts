import type { IDataObject } from 'n8n-workflow';

import { chatCompletionParsers, chatMessages, chatStopReasons } from './chatCompletions';
import { applyKnobs, asString } from './shared';
import { DEFAULT_PROFILE, O200K_TOKENIZER } from '../tokens/profiles';
import type { EstimatorProfile } from '../tokens/profiles';
import type { FamilyPrices, FamilyRequestInput, ModelFamily } from './types';

const knobs: ModelFamily['knobs'] = {
	maxTokens: { path: 'max_completion_tokens', min: 1, max: 128000 },
	temperature: { path: 'temperature', min: 0, max: 2 },
	topP: { path: 'top_p', min: 0, max: 1 },
	stopSequences: { path: 'stop', maxItems: 4 },
};

const REASONING_EFFORTS = ['low', 'medium', 'high'];

function buildRequest({
	prompt,
	systemPrompt,
	knobs: values,
	extra,
}: FamilyRequestInput): IDataObject {
	const body = applyKnobs({ messages: chatMessages(prompt, systemPrompt) }, knobs, values);
	const effort = asString(extra.openaiGptOssReasoningEffort);
	if (REASONING_EFFORTS.includes(effort)) body.reasoning_effort = effort;
	return body;
}

/** Through InvokeModel, gpt-oss puts its reasoning in `<reasoning>` tags before the answer. */
const { parseResponse, createStreamParser } = chatCompletionParsers('reasoning');

// gpt-oss uses o200k_harmony: o200k_base's vocabulary and merges plus harmony's special tokens, so
// ordinary text tokenizes exactly as with o200k_base. Harmony format: each message is
// <|start|>{role}<|message|>{text}<|end|>, the reply is primed with <|start|>assistant, a system
// message naming the model and its channels is always present, and the system prompt becomes a
// developer message starting with "# Instructions".
const estimator: EstimatorProfile = {
	...DEFAULT_PROFILE,
	tokenizer: O200K_TOKENIZER,
	template: {
		perRequest: 2 + 4,
		perMessage: 4,
		systemIsMessage: true,
		fixedText:
			'You are ChatGPT, a large language model trained by OpenAI.\nKnowledge cutoff: 2024-06\nCurrent date: 2025-01-01\n\nReasoning: medium\n\n# Valid channels: analysis, commentary, final. Channel must be included for every message.',
		systemPrefix: '# Instructions\n\n',
	},
};

const prices: FamilyPrices = {
	'openai.gpt-oss-20b': {
		displayName: 'gpt-oss-20b',
		regions: { us: { inputPer1k: 0.00007, outputPer1k: 0.0003 } },
	},
	'openai.gpt-oss-120b': {
		displayName: 'gpt-oss-120b',
		regions: { us: { inputPer1k: 0.00015, outputPer1k: 0.0006 } },
	},
};

export const openaiGptOssFamily: ModelFamily<'openaiGptOss'> = {
	id: 'openaiGptOss',
	displayName: 'OpenAI gpt-oss',
	kind: 'text',
	modelIdPattern: /^openai\.gpt-oss/,
	// Batch inference: gpt-oss-20b and gpt-oss-120b.
	batchInference: /^openai\.gpt-oss-(?:20b|120b)/,
	knobs,
	fields: [
		{
			displayName: 'Reasoning Effort',
			name: 'openaiGptOssReasoningEffort',
			type: 'options',
			options: [
				{ name: 'High', value: 'high' },
				{ name: 'Low', value: 'low' },
				{ name: 'Medium', value: 'medium' },
				{ name: 'Model Default', value: 'default' },
			],
			default: 'default',
			description:
				'How much the model reasons before answering. Model Default leaves it out of the body.',
		},
	],
	buildRequest,
	parseResponse,
	createStreamParser,
	stopReasons: chatStopReasons,
	converse: {
		reasoningEffort: (effort) => ({ reasoning_effort: effort }),
	},
	estimator,
	prices,
};
