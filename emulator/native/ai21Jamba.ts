/**
 * AI21 Labs Jamba 1.5 (and Jamba-Instruct) chat body on InvokeModel.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-jamba.html
 */
import type { Generation, GenerationRequest, NativeFormat } from '../types';
import { asGeneration, baseModelName, stableUuid, textDeltas, withoutUndefined } from './common';
import { validateBody, type JsonObject, type Schema } from './schema';
import { chatConversation, chatFinishReason, chatToolCalls, chatTools, chatUsage } from './chat';

const looseObject: Schema = { type: 'object', additionalProperties: true };

const requestSchema: Schema = {
	type: 'object',
	required: ['messages'],
	properties: {
		messages: {
			type: 'array',
			minItems: 1,
			items: {
				type: 'object',
				required: ['role', 'content'],
				properties: {
					role: { type: 'string', enum: ['system', 'user', 'assistant', 'tool'] },
					content: { type: 'string' },
					tool_calls: { type: 'array', items: looseObject },
					tool_call_id: { type: 'string' },
				},
			},
		},
		n: { type: 'integer', minimum: 1, maximum: 16 },
		max_tokens: { type: 'integer', minimum: 0, maximum: 4096 },
		temperature: { type: 'number', minimum: 0, maximum: 2 },
		top_p: { type: 'number', minimum: 0, maximum: 1 },
		stop: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
		frequency_penalty: { type: 'number' },
		presence_penalty: { type: 'number' },
		tools: { type: 'array', items: looseObject },
		response_format: looseObject,
		documents: { type: 'array', items: looseObject },
	},
};

function parseRequest(body: unknown, modelId: string): GenerationRequest {
	validateBody(body, requestSchema);
	const { system, messages } = chatConversation(body.messages as JsonObject[]);
	const tools = chatTools(body.tools);
	return withoutUndefined({
		modelId,
		system,
		messages,
		maxTokens: body.max_tokens as number | undefined,
		temperature: body.temperature as number | undefined,
		topP: body.top_p as number | undefined,
		stopSequences:
			typeof body.stop === 'string' ? [body.stop] : (body.stop as string[] | undefined),
		tools: tools && tools.length > 0 ? tools : undefined,
	});
}

function completionId(generation: Generation, request: GenerationRequest): string {
	return `chatcmpl-${stableUuid(`${request.modelId}\n${generation.text}\n${generation.inputTokens}`)}`;
}

export const ai21JambaFormat: NativeFormat = {
	id: 'ai21-jamba',
	matches: (baseModelId) => /^ai21\.jamba/.test(baseModelName(baseModelId)),
	kind: 'text',
	parseRequest,
	renderResponse: (result, request) => {
		const generation = asGeneration(result);
		return {
			id: completionId(generation, request as GenerationRequest),
			choices: [
				{
					index: 0,
					message: {
						role: 'assistant',
						content: generation.text,
						tool_calls: chatToolCalls(generation) ?? null,
					},
					finish_reason: chatFinishReason(generation),
				},
			],
			usage: chatUsage(generation),
		};
	},
	renderStreamChunks: (generation, request) => {
		const id = completionId(generation, request);
		const chunks: unknown[] = [
			{ id, choices: [{ index: 0, delta: { role: 'assistant' }, finish_reason: null }] },
		];
		for (const content of textDeltas(generation)) {
			chunks.push({ id, choices: [{ index: 0, delta: { content }, finish_reason: null }] });
		}
		const calls = chatToolCalls(generation);
		chunks.push({
			id,
			choices: [
				{
					index: 0,
					delta: calls ? { tool_calls: calls } : {},
					finish_reason: chatFinishReason(generation),
				},
			],
			usage: chatUsage(generation),
		});
		return chunks;
	},
	streamMetrics: true,
};
