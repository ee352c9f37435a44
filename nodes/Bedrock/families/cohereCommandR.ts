import type { IDataObject } from 'n8n-workflow';

import type { ModelReply, StopReason, ToolCall, Usage } from '../types';
import { toUsage } from '../types';
import {
	applyKnobs,
	asArray,
	asObject,
	asString,
	guardrailIntervened,
	invocationMetricsUsage,
	mapStopReason,
} from './shared';
import { parseJsonField } from '../mapping/fields';
import type { FamilyPrices, FamilyRequestInput, ModelFamily, StreamParser } from './types';

const stopReasons: Record<string, StopReason> = {
	COMPLETE: 'end_turn',
	MAX_TOKENS: 'max_tokens',
	ERROR_LIMIT: 'max_tokens',
	ERROR_TOXIC: 'content_filtered',
	ERROR: 'end_turn',
	USER_CANCEL: 'end_turn',
};

const knobs: ModelFamily['knobs'] = {
	maxTokens: { path: 'max_tokens', min: 1, max: 4000 },
	temperature: { path: 'temperature', min: 0, max: 1 },
	topP: { path: 'p', min: 0.01, max: 0.99 },
	topK: { path: 'k', min: 0, max: 500 },
	stopSequences: { path: 'stop_sequences', maxItems: 5 },
};

function jsonList(value: unknown, fieldName: string): IDataObject[] | undefined {
	const parsed = parseJsonField(value, fieldName);
	if (parsed === undefined) return undefined;
	if (!Array.isArray(parsed)) throw new Error(`'${fieldName}' must be a JSON array`);
	return parsed.length > 0 ? (parsed as IDataObject[]) : undefined;
}

function buildRequest({
	prompt,
	systemPrompt,
	knobs: values,
	extra,
}: FamilyRequestInput): IDataObject {
	const body: IDataObject = { message: prompt };
	if (systemPrompt) body.preamble = systemPrompt;
	const chatHistory = jsonList(extra.cohereCommandRChatHistory, 'Chat History');
	if (chatHistory) body.chat_history = chatHistory;
	const documents = jsonList(extra.cohereCommandRDocuments, 'Documents');
	if (documents) body.documents = documents;
	return applyKnobs(body, knobs, values);
}

/** The body has no token counts: they come from the X-Amzn-Bedrock-*-Token-Count headers. */
function parseResponse(body: IDataObject, headerUsage?: Partial<Usage>): ModelReply {
	const toolCalls: ToolCall[] = asArray(body.tool_calls)
		.map(asObject)
		.map((call, index) => ({
			id: asString(call.id) || `${asString(body.generation_id)}-${index}`,
			name: asString(call.name),
			input: asObject(call.parameters),
		}));
	const reply: ModelReply = {
		text: asString(body.text),
		stopReason: guardrailIntervened(body)
			? 'guardrail_intervened'
			: toolCalls.length > 0
				? 'tool_use'
				: mapStopReason(stopReasons, body.finish_reason),
		usage: toUsage(headerUsage ?? {}),
	};
	if (toolCalls.length > 0) reply.toolCalls = toolCalls;
	return reply;
}

/** Events: stream-start, text-generation (`text`), …, stream-end (`finish_reason`, full `response`). */
function createStreamParser(): StreamParser {
	let text = '';
	let finishReason: unknown;
	let finalResponse: IDataObject | undefined;
	let metrics: Partial<Usage> | undefined;
	let guardrail = false;
	return {
		push(chunk) {
			metrics = invocationMetricsUsage(chunk) ?? metrics;
			guardrail ||= guardrailIntervened(chunk);
			if (chunk.event_type === 'text-generation') {
				const delta = asString(chunk.text);
				text += delta;
				return delta;
			}
			if (chunk.event_type === 'stream-end') {
				finishReason = chunk.finish_reason;
				if (typeof chunk.response === 'object' && chunk.response !== null) {
					finalResponse = asObject(chunk.response);
				}
			}
			return '';
		},
		finish() {
			const body: IDataObject = finalResponse
				? { ...finalResponse }
				: { text, finish_reason: (finishReason as string) ?? null };
			if (body.finish_reason === undefined && typeof finishReason === 'string') {
				body.finish_reason = finishReason;
			}
			if (guardrail) body['amazon-bedrock-guardrailAction'] = 'INTERVENED';
			return parseResponse(body, metrics);
		},
	};
}

const prices: FamilyPrices = {
	'cohere.command-r-v1': {
		displayName: 'Command R',
		regions: { us: { inputPer1k: 0.0005, outputPer1k: 0.0015 } },
	},
	'cohere.command-r-plus-v1': {
		displayName: 'Command R+',
		regions: { us: { inputPer1k: 0.003, outputPer1k: 0.015 } },
	},
};

export const cohereCommandRFamily: ModelFamily<'cohereCommandR'> = {
	id: 'cohereCommandR',
	displayName: 'Cohere Command R',
	kind: 'text',
	modelIdPattern: /^cohere\.command-r/,
	knobs,
	fields: [
		{
			displayName: 'Documents',
			name: 'cohereCommandRDocuments',
			type: 'json',
			default: '[]',
			description:
				'Documents the model grounds its answer on and cites, as a JSON array of objects such as [{"title": "…", "snippet": "…"}]',
		},
		{
			displayName: 'Chat History',
			name: 'cohereCommandRChatHistory',
			type: 'json',
			default: '[]',
			description:
				'Earlier turns as a JSON array such as [{"role": "USER", "message": "…"}, {"role": "CHATBOT", "message": "…"}]',
		},
	],
	buildRequest,
	parseResponse,
	createStreamParser,
	stopReasons,
	converse: {},
	prices,
};
