/**
 * OpenAI-style chat bodies, shared by the families that take them on InvokeModel (Mistral Large
 * 2407 chat, AI21 Jamba, OpenAI gpt-oss): `messages` with system, user, assistant (with
 * `tool_calls`) and `tool` roles, and `tools` as `{ type: 'function', function: {...} }`.
 */
import type {
	EmulatorMessage,
	EmulatorToolSpec,
	Generation,
	GenerationRequest,
	NativeFormat,
} from '../types';
import {
	asGeneration,
	baseModelName,
	splitWords,
	stableId,
	stopOrLength,
	textDeltas,
	withoutUndefined,
} from './common';
import { isObject, validateBody, type JsonObject, type Schema } from './schema';

/**
 * The text of a message's `content`: a string, the text parts of a content-part list, or (Writer
 * Palmyra's documented request) an object with a `text` field.
 */
export function chatContentText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (isObject(content)) return typeof content.text === 'string' ? content.text : '';
	if (!Array.isArray(content)) return '';
	return content
		.filter((part): part is JsonObject => isObject(part) && part.type === 'text')
		.map((part) => String(part.text ?? ''))
		.join('\n');
}

function parseArguments(raw: unknown): unknown {
	if (typeof raw !== 'string') return raw;
	try {
		return JSON.parse(raw);
	} catch {
		return raw;
	}
}

/** Splits chat messages into the system prompt (from `systemRoles`) and the conversation. */
export function chatConversation(
	rawMessages: JsonObject[],
	systemRoles: string[] = ['system'],
): { system?: string; messages: EmulatorMessage[] } {
	const systemParts: string[] = [];
	const messages: EmulatorMessage[] = [];
	for (const raw of rawMessages) {
		const text = chatContentText(raw.content);
		if (systemRoles.includes(String(raw.role))) {
			systemParts.push(text);
		} else if (raw.role === 'tool') {
			messages.push({
				role: 'user',
				text: '',
				toolResults: [{ toolUseId: String(raw.tool_call_id ?? ''), text }],
			});
		} else {
			const message: EmulatorMessage = { role: raw.role as 'user' | 'assistant', text };
			if (Array.isArray(raw.content)) {
				const images = (raw.content as JsonObject[]).filter((part) => part.type === 'image_url');
				if (images.length > 0) message.images = images.map(() => ({ format: 'png', bytes: 0 }));
			}
			if (Array.isArray(raw.tool_calls)) {
				message.toolUses = (raw.tool_calls as JsonObject[]).map((call) => {
					const fn = isObject(call.function) ? call.function : {};
					return {
						toolUseId: String(call.id ?? ''),
						name: String(fn.name ?? ''),
						input: parseArguments(fn.arguments),
					};
				});
			}
			messages.push(message);
		}
	}
	return { system: systemParts.length > 0 ? systemParts.join('\n') : undefined, messages };
}

/** The `tools` of a chat body as tool specs; undefined when there are none. */
export function chatTools(tools: unknown): EmulatorToolSpec[] | undefined {
	if (!Array.isArray(tools) || tools.length === 0) return undefined;
	return (tools as JsonObject[]).map((tool) => {
		const fn = isObject(tool.function) ? tool.function : {};
		return withoutUndefined({
			name: String(fn.name ?? ''),
			description: typeof fn.description === 'string' ? fn.description : undefined,
			inputSchema: isObject(fn.parameters) ? fn.parameters : { type: 'object' },
		});
	});
}

/** OpenAI-style finish reason of a generation. */
export function chatFinishReason(generation: Generation): 'stop' | 'length' | 'tool_calls' {
	return generation.toolUse ? 'tool_calls' : stopOrLength(generation);
}

/** OpenAI-style `tool_calls` of a generation; undefined when it calls no tool. */
export function chatToolCalls(generation: Generation): JsonObject[] | undefined {
	if (!generation.toolUse) return undefined;
	return [
		{
			id: generation.toolUse.toolUseId,
			type: 'function',
			function: {
				name: generation.toolUse.name,
				arguments: JSON.stringify(generation.toolUse.input),
			},
		},
	];
}

/** OpenAI-style `usage` of a generation. */
export function chatUsage(generation: Generation): JsonObject {
	return {
		prompt_tokens: generation.inputTokens,
		completion_tokens: generation.outputTokens,
		total_tokens: generation.inputTokens + generation.outputTokens,
	};
}

/** How a chat-completion model served on InvokeModel differs from the others. */
export interface OpenAiChatFormatSpec {
	id: string;
	/** Matches the base model ID. */
	matches: RegExp;
	/** The highest `max_tokens` documented for the family, where one is. */
	maxTokens?: number;
	/** Upper bound of `temperature`. */
	temperatureMax: number;
	/** Most stop sequences; 0 when the model takes no `stop` field at all. */
	stopMaxItems?: number;
	/**
	 * Where the model returns its reasoning: beside the answer in `reasoning_content`, or inside the
	 * answer between `<tag>` and `</tag>`. Models that reason only when asked reason when the body
	 * carries `reasoning_effort`; models matching `alwaysReasons` (thinking models) always do.
	 */
	reasoning?: { field: 'reasoning_content' } | { tag: string };
	alwaysReasons?: RegExp;
	/** Fields of the body the family documents besides the common ones. */
	extraProperties?: Record<string, Schema>;
}

const looseChatObject: Schema = { type: 'object', additionalProperties: true };

function chatRequestSchema(spec: OpenAiChatFormatSpec): Schema {
	const stop: Schema = {
		anyOf: [
			{ type: 'string' },
			{ type: 'array', items: { type: 'string' }, maxItems: spec.stopMaxItems },
		],
	};
	return {
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
						content: {
							anyOf: [
								{ type: 'string' },
								looseChatObject,
								{ type: 'array', items: looseChatObject },
							],
						},
						name: { type: 'string' },
						tool_calls: { type: 'array', items: looseChatObject },
						tool_call_id: { type: 'string' },
						reasoning_content: { type: 'string' },
					},
				},
			},
			max_tokens: { type: 'integer', minimum: 1, maximum: spec.maxTokens },
			temperature: { type: 'number', minimum: 0, maximum: spec.temperatureMax },
			top_p: { type: 'number', minimum: 0, maximum: 1 },
			...(spec.stopMaxItems === 0 ? {} : { stop }),
			stream: { type: 'boolean' },
			tools: { type: 'array', items: looseChatObject },
			tool_choice: {
				anyOf: [{ type: 'string', enum: ['none', 'auto', 'required'] }, looseChatObject],
			},
			seed: { type: 'integer' },
			frequency_penalty: { type: 'number', minimum: -2, maximum: 2 },
			presence_penalty: { type: 'number', minimum: -2, maximum: 2 },
			response_format: looseChatObject,
			...(spec.reasoning
				? { reasoning_effort: { type: 'string', enum: ['low', 'medium', 'high'] } }
				: {}),
			...spec.extraProperties,
		},
	};
}

/** Where a chat-completion family returns its reasoning, as `OpenAiChatFormatSpec['reasoning']`. */
export type ChatReasoning = OpenAiChatFormatSpec['reasoning'];

function envelope(generation: Generation, request: GenerationRequest, object: string): JsonObject {
	return {
		id: `chatcmpl-${stableId(`${request.modelId}\n${generation.text}\n${generation.inputTokens}`, 24)}`,
		object,
		created: Math.floor(Date.now() / 1000),
		model: baseModelName(request.modelId),
	};
}

/**
 * The `chat.completion` body and its `chat.completion.chunk` stream for a generation: reasoning
 * inside the answer between `<tag>` and `</tag>`, or beside it in `reasoning_content`.
 */
export function chatCompletionRenderers(
	reasoning: ChatReasoning,
): Pick<NativeFormat, 'renderResponse' | 'renderStreamChunks'> {
	const reasoningTag = reasoning && 'tag' in reasoning ? reasoning.tag : undefined;
	const taggedReasoning = (generation: Generation): string =>
		reasoningTag && generation.reasoning !== undefined
			? `<${reasoningTag}>${generation.reasoning}</${reasoningTag}>`
			: '';
	const separateReasoning = (generation: Generation): JsonObject =>
		!reasoningTag && reasoning && generation.reasoning !== undefined
			? { reasoning_content: generation.reasoning }
			: {};
	return {
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
							content: taggedReasoning(generation) + generation.text,
							...separateReasoning(generation),
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
			const deltas: JsonObject[] = [];
			const tagged = taggedReasoning(generation);
			if (tagged) deltas.push({ content: tagged });
			const separate = separateReasoning(generation).reasoning_content;
			if (typeof separate === 'string') {
				for (const piece of splitWords(separate)) deltas.push({ reasoning_content: piece });
			}
			for (const content of textDeltas(generation)) deltas.push({ content });
			const chunks: unknown[] = deltas.map((delta, index) => ({
				...head,
				choices: [
					{
						index: 0,
						delta: index === 0 ? { role: 'assistant', ...delta } : delta,
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
	};
}

/**
 * The native format of a family that takes an OpenAI Chat Completions body on InvokeModel
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/inference-chat-completions.html), answered
 * with a `chat.completion` body and streamed as `chat.completion.chunk` deltas.
 */
export function openAiChatFormat(spec: OpenAiChatFormatSpec): NativeFormat {
	const schema = chatRequestSchema(spec);

	const parseRequest = (body: unknown, modelId: string): GenerationRequest => {
		validateBody(body, schema);
		const { system, messages } = chatConversation(body.messages as JsonObject[]);
		const tools = chatTools(body.tools);
		const reasons =
			spec.alwaysReasons?.test(baseModelName(modelId)) === true ||
			(spec.reasoning !== undefined && body.reasoning_effort !== undefined);
		return withoutUndefined({
			modelId,
			system,
			messages,
			maxTokens: body.max_tokens as number | undefined,
			temperature: body.temperature as number | undefined,
			topP: body.top_p as number | undefined,
			stopSequences:
				typeof body.stop === 'string' ? [body.stop] : (body.stop as string[] | undefined),
			tools: tools && tools.length > 0 && body.tool_choice !== 'none' ? tools : undefined,
			toolChoice:
				body.tool_choice === 'required'
					? ('any' as const)
					: body.tool_choice === 'auto'
						? ('auto' as const)
						: undefined,
			reasoning: reasons ? {} : undefined,
		});
	};

	return {
		id: spec.id,
		matches: (baseModelId) => spec.matches.test(baseModelName(baseModelId)),
		kind: 'text',
		parseRequest,
		...chatCompletionRenderers(spec.reasoning),
		streamMetrics: true,
	};
}
