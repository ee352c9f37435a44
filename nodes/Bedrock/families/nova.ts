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
import type { FamilyPrices, FamilyRequestInput, ModelFamily, StreamParser } from './types';

/** Nova already answers with Converse's words. */
const stopReasons: Record<string, StopReason> = {
	end_turn: 'end_turn',
	max_tokens: 'max_tokens',
	stop_sequence: 'stop_sequence',
	tool_use: 'tool_use',
	content_filtered: 'content_filtered',
	guardrail_intervened: 'guardrail_intervened',
};

const knobs: ModelFamily['knobs'] = {
	// Nova's InvokeModel schema also takes `max_new_tokens`, the name of its first documentation.
	maxTokens: {
		path: 'inferenceConfig.maxTokens',
		aliases: ['inferenceConfig.max_new_tokens'],
		min: 1,
		max: 65535,
	},
	temperature: { path: 'inferenceConfig.temperature', min: 0, max: 1 },
	topP: { path: 'inferenceConfig.topP', min: 0, max: 1 },
	topK: { path: 'inferenceConfig.topK', min: 0, max: 128 },
	stopSequences: { path: 'inferenceConfig.stopSequences' },
};

function buildRequest({ prompt, systemPrompt, knobs: values }: FamilyRequestInput): IDataObject {
	const body: IDataObject = { schemaVersion: 'messages-v1' };
	if (systemPrompt) body.system = [{ text: systemPrompt }];
	body.messages = [{ role: 'user', content: [{ text: prompt }] }];
	return applyKnobs(body, knobs, values);
}

function novaUsage(usage: IDataObject): Partial<Usage> {
	return {
		inputTokens: asNumber(usage.inputTokens),
		outputTokens: asNumber(usage.outputTokens),
		totalTokens: asNumber(usage.totalTokens),
		cacheReadInputTokens: asNumber(usage.cacheReadInputTokenCount),
		cacheWriteInputTokens: asNumber(usage.cacheWriteInputTokenCount),
	};
}

function parseResponse(body: IDataObject, headerUsage?: Partial<Usage>): ModelReply {
	const blocks = asArray(asObject(asObject(body.output).message).content).map(asObject);
	let text = '';
	let reasoning = '';
	const toolCalls: ToolCall[] = [];
	for (const block of blocks) {
		if (typeof block.text === 'string') text += block.text;
		const reasoningText = asObject(asObject(block.reasoningContent).reasoningText);
		reasoning += asString(reasoningText.text);
		if (block.toolUse) {
			const toolUse = asObject(block.toolUse);
			toolCalls.push({
				id: asString(toolUse.toolUseId),
				name: asString(toolUse.name),
				input: asObject(toolUse.input),
			});
		}
	}
	const reply: ModelReply = {
		text,
		stopReason: guardrailIntervened(body)
			? 'guardrail_intervened'
			: mapStopReason(stopReasons, body.stopReason),
		usage: toUsage(mergeUsage(novaUsage(asObject(body.usage)), headerUsage)),
	};
	if (reasoning) reply.reasoning = reasoning;
	if (toolCalls.length > 0) reply.toolCalls = toolCalls;
	return reply;
}

/** Converse-like stream events: messageStart, contentBlockStart/Delta/Stop, messageStop, metadata. */
function createStreamParser(): StreamParser {
	const blocks: IDataObject[] = [];
	const toolInput = new Map<number, string>();
	let stopReason: unknown;
	let usage: IDataObject | undefined;
	let metrics: Partial<Usage> | undefined;
	let guardrail = false;

	return {
		push(chunk) {
			metrics = invocationMetricsUsage(chunk) ?? metrics;
			guardrail ||= guardrailIntervened(chunk);
			if (chunk.contentBlockStart) {
				const event = asObject(chunk.contentBlockStart);
				const index = asNumber(event.contentBlockIndex) ?? blocks.length;
				const toolUse = asObject(asObject(event.start).toolUse);
				if (toolUse.toolUseId) {
					blocks[index] = {
						toolUse: { toolUseId: toolUse.toolUseId, name: toolUse.name, input: {} },
					};
				}
			}
			if (chunk.contentBlockDelta) {
				const event = asObject(chunk.contentBlockDelta);
				const index = asNumber(event.contentBlockIndex) ?? 0;
				const delta = asObject(event.delta);
				const block = (blocks[index] ??= {});
				if (typeof delta.text === 'string') {
					block.text = asString(block.text) + delta.text;
					return delta.text;
				}
				const reasoning = asObject(delta.reasoningContent);
				if (typeof reasoning.text === 'string') {
					const current = asObject(asObject(block.reasoningContent).reasoningText);
					block.reasoningContent = {
						reasoningText: { text: asString(current.text) + reasoning.text },
					};
				}
				const toolUse = asObject(delta.toolUse);
				if (typeof toolUse.input === 'string') {
					toolInput.set(index, (toolInput.get(index) ?? '') + toolUse.input);
				}
			}
			if (chunk.contentBlockStop) {
				const index = asNumber(asObject(chunk.contentBlockStop).contentBlockIndex) ?? 0;
				const json = toolInput.get(index);
				if (json !== undefined && blocks[index]?.toolUse) {
					asObject(blocks[index].toolUse).input = json.trim() ? JSON.parse(json) : {};
					toolInput.delete(index);
				}
			}
			if (chunk.messageStop) stopReason = asObject(chunk.messageStop).stopReason;
			if (chunk.metadata) usage = asObject(asObject(chunk.metadata).usage);
			return '';
		},
		finish() {
			const body: IDataObject = {
				output: {
					message: { role: 'assistant', content: blocks.filter((block) => block !== undefined) },
				},
				stopReason: (stopReason as string) ?? null,
			};
			if (usage) body.usage = usage;
			if (guardrail) body['amazon-bedrock-guardrailAction'] = 'INTERVENED';
			return parseResponse(body, metrics);
		},
	};
}

const prices: FamilyPrices = {
	// Nova bills cache writes at the normal input price and cache reads at a 75% discount.
	'amazon.nova-micro': {
		displayName: 'Nova Micro',
		regions: {
			us: {
				inputPer1k: 0.000035,
				outputPer1k: 0.00014,
				cacheWritePer1k: 0.000035,
				cacheReadPer1k: 0.00000875,
			},
		},
	},
	'amazon.nova-lite': {
		displayName: 'Nova Lite',
		regions: {
			us: {
				inputPer1k: 0.00006,
				outputPer1k: 0.00024,
				cacheWritePer1k: 0.00006,
				cacheReadPer1k: 0.000015,
			},
		},
	},
	'amazon.nova-pro': {
		displayName: 'Nova Pro',
		regions: {
			us: {
				inputPer1k: 0.0008,
				outputPer1k: 0.0032,
				cacheWritePer1k: 0.0008,
				cacheReadPer1k: 0.0002,
			},
		},
	},
	'amazon.nova-premier': {
		displayName: 'Nova Premier',
		regions: {
			us: {
				inputPer1k: 0.0025,
				outputPer1k: 0.0125,
				cacheWritePer1k: 0.0025,
				cacheReadPer1k: 0.000625,
			},
		},
	},
};

export const novaFamily: ModelFamily<'nova'> = {
	id: 'nova',
	displayName: 'Amazon Nova',
	kind: 'text',
	modelIdPattern: /^amazon\.nova-(?!.*(?:canvas|reel|sonic|embed))/,
	// Batch inference: Nova Micro, Lite, Pro and Premier.
	batchInference: /^amazon\.nova-(?:lite|micro|pro|premier)/,
	knobs,
	fields: [],
	buildRequest,
	parseResponse,
	createStreamParser,
	stopReasons,
	converse: {
		// Nova 2's extended thinking: https://docs.aws.amazon.com/nova/latest/nova2-userguide/extended-thinking.html
		reasoningEffort: (effort) => ({
			reasoningConfig: { type: 'enabled', maxReasoningEffort: effort },
		}),
	},
	prices,
};
