/**
 * Mistral AI chat completion body (Mistral Large 2407, Pixtral Large, and the newer Mistral Large 3,
 * Ministral 3 and Magistral) on InvokeModel.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-mistral-chat-completion.html
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-mistral-large-2407.html
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-cards-mistral.html
 */
import type { EmulatorToolChoice, Generation, GenerationRequest, NativeFormat } from '../types';
import { EmulatorValidationError } from '../types';
import { asGeneration, baseModelName, textDeltas, withoutUndefined } from './common';
import { validateBody, type JsonObject, type Schema } from './schema';
import { chatConversation, chatFinishReason, chatTools } from './chat';

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
				required: ['role'],
				properties: {
					role: { type: 'string', enum: ['system', 'user', 'assistant', 'tool'] },
					content: { anyOf: [{ type: 'string' }, { type: 'array', items: looseObject }] },
					tool_calls: { type: 'array', items: looseObject },
					tool_call_id: { type: 'string' },
					name: { type: 'string' },
					prefix: { type: 'boolean' },
				},
			},
		},
		max_tokens: { type: 'integer', minimum: 1, maximum: 8192 },
		temperature: { type: 'number', minimum: 0, maximum: 1 },
		top_p: { type: 'number', minimum: 0, maximum: 1 },
		stop: { type: 'array', items: { type: 'string' }, maxItems: 10 },
		tools: { type: 'array', items: looseObject },
		tool_choice: { type: 'string', enum: ['auto', 'any', 'none'] },
		response_format: looseObject,
	},
};

function parseRequest(body: unknown, modelId: string): GenerationRequest {
	validateBody(body, requestSchema);
	const { system, messages } = chatConversation(body.messages as JsonObject[]);
	if (messages.length === 0) {
		throw new EmulatorValidationError(
			'Expected last role User or Tool (or Assistant with prefix True) for serving but got system',
		);
	}
	const tools = chatTools(body.tools);
	const toolChoice: EmulatorToolChoice | undefined =
		body.tool_choice === 'any' ? 'any' : body.tool_choice === 'auto' ? 'auto' : undefined;
	return withoutUndefined({
		modelId,
		system,
		messages,
		maxTokens: body.max_tokens as number | undefined,
		temperature: body.temperature as number | undefined,
		topP: body.top_p as number | undefined,
		stopSequences: body.stop as string[] | undefined,
		tools: body.tool_choice === 'none' ? undefined : tools,
		toolChoice,
	});
}

function toolCalls(generation: Generation): JsonObject[] | undefined {
	if (!generation.toolUse) return undefined;
	return [
		{
			id: generation.toolUse.toolUseId,
			function: {
				name: generation.toolUse.name,
				arguments: JSON.stringify(generation.toolUse.input),
			},
		},
	];
}

export const mistralChatFormat: NativeFormat = {
	id: 'mistral-chat',
	matches: (baseModelId) =>
		/^mistral\.(mistral-large-2407|pixtral-large|mistral-large-3|ministral-3|magistral)/.test(
			baseModelName(baseModelId),
		),
	kind: 'text',
	parseRequest,
	renderResponse: (result) => {
		const generation = asGeneration(result);
		const calls = toolCalls(generation);
		return {
			choices: [
				{
					index: 0,
					message: {
						role: 'assistant',
						content: generation.text,
						...(calls ? { tool_calls: calls } : {}),
					},
					stop_reason: chatFinishReason(generation),
				},
			],
		};
	},
	renderStreamChunks: (generation) => {
		const deltas = textDeltas(generation);
		const calls = toolCalls(generation);
		const chunks: unknown[] = deltas.map((content, index) => ({
			choices: [
				{
					index: 0,
					message: { role: 'assistant', content },
					stop_reason: !calls && index === deltas.length - 1 ? chatFinishReason(generation) : null,
				},
			],
		}));
		if (calls) {
			chunks.push({
				choices: [
					{
						index: 0,
						message: { role: 'assistant', content: '', tool_calls: calls },
						stop_reason: 'tool_calls',
					},
				],
			});
		}
		return chunks;
	},
	streamMetrics: true,
};
