import type { IDataObject } from 'n8n-workflow';

import type { ModelReply, StopReason, ToolCall, Usage } from '../types';
import { toUsage } from '../types';
import {
	applyKnobs,
	asArray,
	asNumber,
	asObject,
	asString,
	guardrailIntervened,
	invocationMetricsUsage,
	mapStopReason,
	mergeUsage,
} from './shared';
import { DEFAULT_PROFILE } from '../tokens/profiles';
import type { EstimatorProfile } from '../tokens/profiles';
import type { FamilyPrices, FamilyRequestInput, ModelFamily, StreamParser } from './types';

const ANTHROPIC_VERSION = 'bedrock-2023-05-31';
const ANTHROPIC_DEFAULT_MAX_TOKENS = 1024;
/** Extended thinking needs at least this many tokens, in InvokeModel and Converse alike. */
const MIN_THINKING_BUDGET = 1024;

const stopReasons: Record<string, StopReason> = {
	end_turn: 'end_turn',
	max_tokens: 'max_tokens',
	stop_sequence: 'stop_sequence',
	tool_use: 'tool_use',
	refusal: 'content_filtered',
	pause_turn: 'end_turn',
	model_context_window_exceeded: 'max_tokens',
};

const knobs: ModelFamily['knobs'] = {
	maxTokens: { path: 'max_tokens', min: 1, max: 128000 },
	temperature: { path: 'temperature', min: 0, max: 1 },
	topP: { path: 'top_p', min: 0, max: 1 },
	topK: { path: 'top_k', min: 0, max: 500 },
	stopSequences: { path: 'stop_sequences', maxItems: 8191 },
};

function buildRequest({
	prompt,
	systemPrompt,
	knobs: values,
	extra,
}: FamilyRequestInput): IDataObject {
	const version = asString(extra.anthropicVersion).trim() || ANTHROPIC_VERSION;
	const body: IDataObject = { anthropic_version: version };
	applyKnobs(body, knobs, {
		...values,
		maxTokens: values.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
	});
	if (systemPrompt) body.system = systemPrompt;
	body.messages = [{ role: 'user', content: prompt }];

	const budget = asNumber(extra.anthropicThinkingBudget) ?? 0;
	if (budget > 0) {
		const maxTokens = body.max_tokens as number;
		if (budget < MIN_THINKING_BUDGET || budget >= maxTokens) {
			throw new Error(
				`Thinking Budget must be at least ${MIN_THINKING_BUDGET} and less than Max Tokens (${maxTokens}); raise Max Tokens in Options or change the budget.`,
			);
		}
		body.thinking = { type: 'enabled', budget_tokens: budget };
	}
	return body;
}

function usageFrom(usage: IDataObject): Partial<Usage> {
	return {
		inputTokens: asNumber(usage.input_tokens),
		outputTokens: asNumber(usage.output_tokens),
		cacheReadInputTokens: asNumber(usage.cache_read_input_tokens),
		cacheWriteInputTokens: asNumber(usage.cache_creation_input_tokens),
	};
}

function replyFromBlocks(
	blocks: IDataObject[],
	nativeStop: unknown,
	usage: Partial<Usage>,
	guardrail: boolean,
): ModelReply {
	let text = '';
	let reasoning = '';
	const toolCalls: ToolCall[] = [];
	for (const block of blocks) {
		if (block.type === 'text') text += asString(block.text);
		else if (block.type === 'thinking') reasoning += asString(block.thinking);
		else if (block.type === 'tool_use') {
			toolCalls.push({
				id: asString(block.id),
				name: asString(block.name),
				input: asObject(block.input),
			});
		}
	}
	const reply: ModelReply = {
		text,
		stopReason: guardrail ? 'guardrail_intervened' : mapStopReason(stopReasons, nativeStop),
		usage: toUsage(usage),
	};
	if (reasoning) reply.reasoning = reasoning;
	if (toolCalls.length > 0) reply.toolCalls = toolCalls;
	return reply;
}

function parseResponse(body: IDataObject, headerUsage?: Partial<Usage>): ModelReply {
	const usage = mergeUsage(usageFrom(asObject(body.usage)), headerUsage);
	return replyFromBlocks(
		asArray(body.content).map(asObject),
		body.stop_reason,
		usage,
		guardrailIntervened(body),
	);
}

/** Messages API stream events: message_start, content_block_start/delta/stop, message_delta, message_stop. */
function createStreamParser(): StreamParser {
	const blocks: IDataObject[] = [];
	const toolJson = new Map<number, string>();
	let stopReason: unknown;
	let usage: Partial<Usage> = {};
	let metrics: Partial<Usage> | undefined;
	let guardrail = false;

	const blockAt = (index: number): IDataObject => {
		blocks[index] ??= {};
		return blocks[index];
	};

	return {
		push(chunk) {
			metrics = invocationMetricsUsage(chunk) ?? metrics;
			guardrail ||= guardrailIntervened(chunk);
			const index = asNumber(chunk.index) ?? 0;
			switch (chunk.type) {
				case 'message_start':
					usage = { ...usage, ...usageFrom(asObject(asObject(chunk.message).usage)) };
					return '';
				case 'content_block_start':
					blocks[index] = { ...asObject(chunk.content_block) };
					return '';
				case 'content_block_delta': {
					const delta = asObject(chunk.delta);
					const block = blockAt(index);
					if (delta.type === 'text_delta') {
						block.type ??= 'text';
						block.text = asString(block.text) + asString(delta.text);
						return asString(delta.text);
					}
					if (delta.type === 'thinking_delta') {
						block.type ??= 'thinking';
						block.thinking = asString(block.thinking) + asString(delta.thinking);
					} else if (delta.type === 'input_json_delta') {
						toolJson.set(index, (toolJson.get(index) ?? '') + asString(delta.partial_json));
					}
					return '';
				}
				case 'content_block_stop': {
					const json = toolJson.get(index);
					if (json !== undefined) {
						blockAt(index).input = json.trim() ? (JSON.parse(json) as IDataObject) : {};
						toolJson.delete(index);
					}
					return '';
				}
				case 'message_delta': {
					stopReason = asObject(chunk.delta).stop_reason ?? stopReason;
					const deltaUsage = usageFrom(asObject(chunk.usage));
					for (const [key, value] of Object.entries(deltaUsage)) {
						if (value !== undefined) usage[key as keyof Usage] = value;
					}
					return '';
				}
				default:
					return '';
			}
		},
		finish() {
			return replyFromBlocks(
				blocks.filter((block) => block !== undefined),
				stopReason,
				mergeUsage(usage, metrics),
				guardrail,
			);
		},
	};
}

// "For Claude, a token approximately represents 3.5 English characters" (Anthropic documentation,
// token glossary). Claude 3 and later have no public tokenizer; @anthropic-ai/tokenizer only covers
// the Claude 2 vocabulary and undercounts Claude 3+. Claude's tool-use system prompt: 346 tokens
// with tool_choice auto for Claude 3.7 and 4 models (Anthropic tool-use documentation, pricing).
const estimator: EstimatorProfile = {
	...DEFAULT_PROFILE,
	ratio: { charsPerToken: 3.5, tokensPerCjkChar: 1 },
	toolsOverhead: 346,
};

// Claude 4.5 models are priced about 10% lower through the `global.` profile than through a
// geographic profile or in-region: https://docs.aws.amazon.com/bedrock/latest/userguide/global-cross-region-inference.html
const CLAUDE_45_NOTE =
	'global. profile about 10% cheaper than geographic profiles and in-region calls (AWS global cross-Region inference documentation)';

const prices: FamilyPrices = {
	'anthropic.claude-3-haiku': {
		displayName: 'Claude 3 Haiku',
		regions: { us: { inputPer1k: 0.00025, outputPer1k: 0.00125 } },
	},
	'anthropic.claude-3-sonnet': {
		displayName: 'Claude 3 Sonnet',
		regions: { us: { inputPer1k: 0.003, outputPer1k: 0.015 } },
	},
	'anthropic.claude-3-opus': {
		displayName: 'Claude 3 Opus',
		regions: { us: { inputPer1k: 0.015, outputPer1k: 0.075 } },
	},
	'anthropic.claude-3-5-haiku': {
		displayName: 'Claude 3.5 Haiku',
		regions: {
			us: {
				inputPer1k: 0.0008,
				outputPer1k: 0.004,
				cacheWritePer1k: 0.001,
				cacheReadPer1k: 0.00008,
			},
		},
	},
	'anthropic.claude-3-5-sonnet': {
		displayName: 'Claude 3.5 Sonnet (v1 and v2)',
		regions: { us: { inputPer1k: 0.003, outputPer1k: 0.015 } },
		note: 'AWS lists higher "extended access" prices for Claude 3.5 Sonnet once it passes its end-of-life date',
	},
	'anthropic.claude-3-7-sonnet': {
		displayName: 'Claude 3.7 Sonnet',
		regions: {
			us: {
				inputPer1k: 0.003,
				outputPer1k: 0.015,
				cacheWritePer1k: 0.00375,
				cacheReadPer1k: 0.0003,
			},
		},
	},
	'anthropic.claude-sonnet-4-': {
		displayName: 'Claude Sonnet 4',
		regions: {
			us: {
				inputPer1k: 0.003,
				outputPer1k: 0.015,
				cacheWritePer1k: 0.00375,
				cacheReadPer1k: 0.0003,
			},
		},
		note: 'prompts over 200K tokens (1M-context beta) are billed at higher rates',
	},
	'anthropic.claude-sonnet-4-5': {
		displayName: 'Claude Sonnet 4.5',
		regions: {
			us: {
				inputPer1k: 0.0033,
				outputPer1k: 0.0165,
				cacheWritePer1k: 0.004125,
				cacheReadPer1k: 0.00033,
			},
		},
		globalProfile: {
			inputPer1k: 0.003,
			outputPer1k: 0.015,
			cacheWritePer1k: 0.00375,
			cacheReadPer1k: 0.0003,
		},
		note: CLAUDE_45_NOTE,
	},
	'anthropic.claude-haiku-4-5': {
		displayName: 'Claude Haiku 4.5',
		regions: {
			us: {
				inputPer1k: 0.0011,
				outputPer1k: 0.0055,
				cacheWritePer1k: 0.001375,
				cacheReadPer1k: 0.00011,
			},
		},
		globalProfile: {
			inputPer1k: 0.001,
			outputPer1k: 0.005,
			cacheWritePer1k: 0.00125,
			cacheReadPer1k: 0.0001,
		},
		note: CLAUDE_45_NOTE,
	},
	'anthropic.claude-opus-4-': {
		displayName: 'Claude Opus 4',
		regions: {
			us: {
				inputPer1k: 0.015,
				outputPer1k: 0.075,
				cacheWritePer1k: 0.01875,
				cacheReadPer1k: 0.0015,
			},
		},
	},
	'anthropic.claude-opus-4-1': {
		displayName: 'Claude Opus 4.1',
		regions: {
			us: {
				inputPer1k: 0.015,
				outputPer1k: 0.075,
				cacheWritePer1k: 0.01875,
				cacheReadPer1k: 0.0015,
			},
		},
	},
	'anthropic.claude-opus-4-5': {
		displayName: 'Claude Opus 4.5',
		regions: {
			us: {
				inputPer1k: 0.0055,
				outputPer1k: 0.0275,
				cacheWritePer1k: 0.006875,
				cacheReadPer1k: 0.00055,
			},
		},
		globalProfile: {
			inputPer1k: 0.005,
			outputPer1k: 0.025,
			cacheWritePer1k: 0.00625,
			cacheReadPer1k: 0.0005,
		},
		note: CLAUDE_45_NOTE,
	},
};

export const anthropicFamily: ModelFamily<'anthropic'> = {
	id: 'anthropic',
	displayName: 'Anthropic Claude',
	kind: 'text',
	modelIdPattern: /^anthropic\.claude/,
	// Batch inference: Claude 3, 3.5, 3.7 and 4.x; not Claude 2 or Instant.
	batchInference: /^anthropic\.claude-(?!v2|instant)/,
	knobs,
	fields: [
		{
			displayName: 'Anthropic Version',
			name: 'anthropicVersion',
			type: 'string',
			default: ANTHROPIC_VERSION,
			description: 'The anthropic_version sent in the body. Bedrock documents bedrock-2023-05-31.',
		},
		{
			displayName: 'Thinking Budget',
			name: 'anthropicThinkingBudget',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'Tokens Claude may spend on extended thinking before answering (at least 1024 and less than Max Tokens). 0 turns thinking off.',
		},
	],
	buildRequest,
	parseResponse,
	createStreamParser,
	stopReasons,
	converse: {
		// Claude's max_tokens covers thinking and answer, and sampling knobs are refused while it thinks.
		reasoningBudget: {
			minTokens: MIN_THINKING_BUDGET,
			excludesSampling: true,
			addsToMaxTokens: true,
			fields: (budget) => ({ thinking: { type: 'enabled', budget_tokens: budget } }),
		},
	},
	estimator,
	prices,
};
