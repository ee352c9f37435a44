/**
 * OpenAI gpt-oss-20b / gpt-oss-120b: OpenAI Chat Completions body on InvokeModel.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-openai.html
 * https://platform.openai.com/docs/api-reference/chat/create
 * On InvokeModel the reasoning, wrapped in <reasoning> tags, precedes the text content.
 */
import type { Generation, GenerationRequest, NativeFormat } from '../types';
import { EmulatorValidationError } from '../types';
import { asGeneration, baseModelName, stableId, textDeltas, withoutUndefined } from './common';
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
				required: ['role'],
				properties: {
					role: { type: 'string', enum: ['system', 'developer', 'user', 'assistant', 'tool'] },
					content: { anyOf: [{ type: 'string' }, { type: 'array', items: looseObject }] },
					name: { type: 'string' },
					tool_calls: { type: 'array', items: looseObject },
					tool_call_id: { type: 'string' },
					reasoning: { type: 'string' },
				},
			},
		},
		model: { type: 'string' },
		max_completion_tokens: { type: 'integer', minimum: 1 },
		max_tokens: { type: 'integer', minimum: 1 },
		temperature: { type: 'number', minimum: 0, maximum: 2 },
		top_p: { type: 'number', minimum: 0, maximum: 1 },
		stop: {
			anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, maxItems: 4 }],
		},
		stream: { type: 'boolean' },
		stream_options: looseObject,
		reasoning_effort: { type: 'string', enum: ['low', 'medium', 'high'] },
		tools: { type: 'array', items: looseObject },
		tool_choice: { anyOf: [{ type: 'string', enum: ['none', 'auto', 'required'] }, looseObject] },
		parallel_tool_calls: { type: 'boolean' },
		n: { type: 'integer', minimum: 1, maximum: 1 },
		seed: { type: 'integer' },
		frequency_penalty: { type: 'number', minimum: -2, maximum: 2 },
		presence_penalty: { type: 'number', minimum: -2, maximum: 2 },
		response_format: looseObject,
		logprobs: { type: 'boolean' },
		top_logprobs: { type: 'integer', minimum: 0, maximum: 20 },
		user: { type: 'string' },
	},
};

function parseRequest(body: unknown, modelId: string): GenerationRequest {
	validateBody(body, requestSchema);
	if (typeof body.model === 'string' && baseModelName(body.model) !== baseModelName(modelId)) {
		throw new EmulatorValidationError(
			`The model '${body.model}' in the request body does not match the model ID '${modelId}'.`,
		);
	}
	const { system, messages } = chatConversation(body.messages as JsonObject[], [
		'system',
		'developer',
	]);
	const tools = chatTools(body.tools);
	return withoutUndefined({
		modelId,
		system,
		messages,
		maxTokens: (body.max_completion_tokens ?? body.max_tokens) as number | undefined,
		temperature: body.temperature as number | undefined,
		topP: body.top_p as number | undefined,
		stopSequences:
			typeof body.stop === 'string' ? [body.stop] : (body.stop as string[] | undefined),
		tools: tools && tools.length > 0 ? tools : undefined,
		toolChoice:
			body.tool_choice === 'required'
				? ('any' as const)
				: body.tool_choice === 'auto'
					? ('auto' as const)
					: undefined,
		reasoning: {},
	});
}

function reasoningPrefix(generation: Generation): string {
	return generation.reasoning !== undefined ? `<reasoning>${generation.reasoning}</reasoning>` : '';
}

function envelope(generation: Generation, request: GenerationRequest, object: string): JsonObject {
	return {
		id: `chatcmpl-${stableId(`${request.modelId}\n${generation.text}\n${generation.inputTokens}`, 24)}`,
		object,
		created: Math.floor(Date.now() / 1000),
		model: baseModelName(request.modelId),
	};
}

export const openaiGptOssFormat: NativeFormat = {
	id: 'openai-gpt-oss',
	matches: (baseModelId) => /^openai\.gpt-oss/.test(baseModelName(baseModelId)),
	kind: 'text',
	parseRequest,
	renderResponse: (result, request) => {
		const generation = asGeneration(result);
		const calls = chatToolCalls(generation);
		return {
			...envelope(generation, request as GenerationRequest, 'chat.completion'),
			choices: [
				{
					index: 0,
					message: {
						role: 'assistant',
						content: reasoningPrefix(generation) + generation.text,
						...(calls ? { tool_calls: calls } : {}),
					},
					finish_reason: chatFinishReason(generation),
				},
			],
			usage: chatUsage(generation),
		};
	},
	renderStreamChunks: (generation, request) => {
		const head = envelope(generation, request, 'chat.completion.chunk');
		const prefix = reasoningPrefix(generation);
		const pieces = [...(prefix ? [prefix] : []), ...textDeltas(generation)];
		const chunks: unknown[] = pieces.map((content, index) => ({
			...head,
			choices: [
				{
					index: 0,
					delta: index === 0 ? { role: 'assistant', content } : { content },
					finish_reason: null,
				},
			],
		}));
		const calls = chatToolCalls(generation);
		chunks.push({
			...head,
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
