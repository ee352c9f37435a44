/**
 * Cohere Command R and Command R+ chat body on InvokeModel.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-cohere-command-r-plus.html
 * Streaming events: https://docs.cohere.com/v1/reference/chat-stream
 */
import type {
	EmulatorMessage,
	EmulatorToolSpec,
	Generation,
	GenerationRequest,
	NativeFormat,
} from '../types';
import { asGeneration, baseModelName, stableUuid, textDeltas, withoutUndefined } from './common';
import { isObject, validateBody, type JsonObject, type Schema } from './schema';

const looseObject: Schema = { type: 'object', additionalProperties: true };

const requestSchema: Schema = {
	type: 'object',
	required: ['message'],
	properties: {
		message: { type: 'string' },
		chat_history: {
			type: 'array',
			items: {
				type: 'object',
				required: ['role'],
				properties: {
					role: { type: 'string', enum: ['USER', 'CHATBOT', 'SYSTEM', 'TOOL'] },
					message: { type: 'string' },
					tool_calls: { type: 'array', items: looseObject },
					tool_results: { type: 'array', items: looseObject },
				},
			},
		},
		documents: { type: 'array', items: looseObject },
		search_queries_only: { type: 'boolean' },
		preamble: { type: 'string' },
		max_tokens: { type: 'integer', minimum: 1, maximum: 4000 },
		temperature: { type: 'number', minimum: 0, maximum: 1 },
		p: { type: 'number', minimum: 0.01, maximum: 0.99 },
		k: { type: 'integer', minimum: 0, maximum: 500 },
		prompt_truncation: { type: 'string', enum: ['OFF', 'AUTO_PRESERVE_ORDER'] },
		frequency_penalty: { type: 'number', minimum: 0, maximum: 1 },
		presence_penalty: { type: 'number', minimum: 0, maximum: 1 },
		seed: { type: 'integer' },
		return_prompt: { type: 'boolean' },
		tools: { type: 'array', items: looseObject },
		tool_results: { type: 'array', items: looseObject },
		stop_sequences: { type: 'array', items: { type: 'string' }, maxItems: 4 },
		raw_prompting: { type: 'boolean' },
	},
};

/** Cohere request state the response echoes back (`chat_history`). */
interface CohereGenerationRequest extends GenerationRequest {
	cohereChatHistory?: JsonObject[];
	cohereMessage?: string;
}

function toolSpec(tool: JsonObject): EmulatorToolSpec {
	const definitions = isObject(tool.parameter_definitions) ? tool.parameter_definitions : {};
	const properties: JsonObject = {};
	const required: string[] = [];
	for (const [name, definition] of Object.entries(definitions)) {
		const entry = isObject(definition) ? definition : {};
		properties[name] = withoutUndefined({
			type: typeof entry.type === 'string' ? entry.type : 'string',
			description: typeof entry.description === 'string' ? entry.description : undefined,
		});
		if (entry.required === true) required.push(name);
	}
	return withoutUndefined({
		name: String(tool.name ?? ''),
		description: typeof tool.description === 'string' ? tool.description : undefined,
		inputSchema: { type: 'object', properties, required },
	});
}

function parseRequest(body: unknown, modelId: string): CohereGenerationRequest {
	validateBody(body, requestSchema);
	const history = (body.chat_history as JsonObject[] | undefined) ?? [];
	const systemParts = typeof body.preamble === 'string' ? [body.preamble] : [];
	const messages: EmulatorMessage[] = [];
	for (const turn of history) {
		const text = typeof turn.message === 'string' ? turn.message : '';
		if (turn.role === 'SYSTEM') systemParts.push(text);
		else messages.push({ role: turn.role === 'CHATBOT' ? 'assistant' : 'user', text });
	}
	const current: EmulatorMessage = { role: 'user', text: body.message as string };
	if (Array.isArray(body.tool_results) && body.tool_results.length > 0) {
		current.toolResults = (body.tool_results as JsonObject[]).map((result) => {
			const call = isObject(result.call) ? result.call : {};
			return { toolUseId: String(call.name ?? ''), text: JSON.stringify(result.outputs ?? []) };
		});
	}
	messages.push(current);
	const tools =
		Array.isArray(body.tools) && body.tools.length > 0
			? (body.tools as JsonObject[]).map(toolSpec)
			: undefined;
	return withoutUndefined({
		modelId,
		system: systemParts.length > 0 ? systemParts.join('\n') : undefined,
		messages,
		maxTokens: body.max_tokens as number | undefined,
		temperature: body.temperature as number | undefined,
		topP: body.p as number | undefined,
		topK: body.k as number | undefined,
		stopSequences: body.stop_sequences as string[] | undefined,
		tools,
		cohereChatHistory: history,
		cohereMessage: body.message as string,
	});
}

function finishReason(generation: Generation): 'COMPLETE' | 'MAX_TOKENS' | 'STOP_SEQUENCE' {
	if (generation.stopReason === 'max_tokens') return 'MAX_TOKENS';
	if (generation.stopReason === 'stop_sequence') return 'STOP_SEQUENCE';
	return 'COMPLETE';
}

function responseBody(generation: Generation, request: GenerationRequest): JsonObject {
	const cohereRequest = request as CohereGenerationRequest;
	const lastUser = [...request.messages].reverse().find((message) => message.role === 'user');
	const seed = `${request.modelId}\n${generation.text}\n${generation.inputTokens}`;
	const body: JsonObject = {
		response_id: stableUuid(`response\n${seed}`),
		text: generation.text,
		generation_id: stableUuid(`generation\n${seed}`),
		chat_history: [
			...(cohereRequest.cohereChatHistory ?? []),
			{ role: 'USER', message: cohereRequest.cohereMessage ?? lastUser?.text ?? '' },
			{ role: 'CHATBOT', message: generation.text },
		],
		finish_reason: finishReason(generation),
	};
	if (generation.toolUse) {
		body.tool_calls = [{ name: generation.toolUse.name, parameters: generation.toolUse.input }];
	}
	return body;
}

export const cohereCommandRFormat: NativeFormat = {
	id: 'cohere-command-r',
	matches: (baseModelId) => /^cohere\.command-r/.test(baseModelName(baseModelId)),
	kind: 'text',
	parseRequest,
	renderResponse: (result, request) =>
		responseBody(asGeneration(result), request as GenerationRequest),
	renderStreamChunks: (generation, request) => {
		const response = responseBody(generation, request);
		const chunks: unknown[] = [
			{ is_finished: false, event_type: 'stream-start', generation_id: response.generation_id },
		];
		if (generation.text !== '' || !generation.toolUse) {
			for (const text of textDeltas(generation)) {
				chunks.push({ is_finished: false, event_type: 'text-generation', text });
			}
		}
		if (generation.toolUse) {
			chunks.push({
				is_finished: false,
				event_type: 'tool-calls-generation',
				tool_calls: response.tool_calls,
			});
		}
		chunks.push({
			is_finished: true,
			event_type: 'stream-end',
			finish_reason: response.finish_reason,
			response,
		});
		return chunks;
	},
	streamMetrics: true,
};
