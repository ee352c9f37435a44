/**
 * OpenAI gpt-oss-20b / gpt-oss-120b: OpenAI Chat Completions body on InvokeModel.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-openai.html
 * https://platform.openai.com/docs/api-reference/chat/create
 * On InvokeModel the reasoning, wrapped in <reasoning> tags, precedes the text content.
 */
import type { GenerationRequest, NativeFormat } from '../types';
import { EmulatorValidationError } from '../types';
import { baseModelName, withoutUndefined } from './common';
import { validateBody, type JsonObject, type Schema } from './schema';
import { chatCompletionRenderers, chatConversation, chatTools } from './chat';

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

export const openaiGptOssFormat: NativeFormat = {
	id: 'openai-gpt-oss',
	matches: (baseModelId) => /^openai\.gpt-oss/.test(baseModelName(baseModelId)),
	kind: 'text',
	parseRequest,
	// On InvokeModel gpt-oss wraps its reasoning in <reasoning> tags before the answer.
	...chatCompletionRenderers({ tag: 'reasoning' }),
	streamMetrics: true,
};
