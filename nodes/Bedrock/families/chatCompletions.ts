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
	splitReasoning,
	TagFilter,
} from './shared';
import type { ModelFamily, StreamParser } from './types';

/** The OpenAI-style finish reasons used by Mistral chat, AI21 Jamba and gpt-oss. */
export const chatStopReasons: Record<string, StopReason> = {
	stop: 'end_turn',
	length: 'max_tokens',
	model_length: 'max_tokens',
	tool_calls: 'tool_use',
	content_filter: 'content_filtered',
};

/** Message content is a string, or (newer Mistral models) a list of typed parts. */
function contentText(content: unknown): string {
	if (typeof content === 'string') return content;
	return asArray(content)
		.map(asObject)
		.filter((part) => part.type === undefined || part.type === 'text')
		.map((part) => asString(part.text))
		.join('');
}

function parseArguments(value: unknown): IDataObject {
	if (typeof value === 'string') {
		if (value.trim() === '') return {};
		try {
			return asObject(JSON.parse(value));
		} catch {
			return { arguments: value };
		}
	}
	return asObject(value);
}

export function chatToolCalls(message: IDataObject): ToolCall[] {
	return asArray(message.tool_calls)
		.map(asObject)
		.map((call) => {
			const fn = asObject(call.function);
			return {
				id: asString(call.id),
				name: asString(fn.name),
				input: parseArguments(fn.arguments),
			};
		});
}

export function chatUsage(body: IDataObject): Partial<Usage> {
	const usage = asObject(body.usage);
	const details = asObject(usage.prompt_tokens_details);
	return {
		inputTokens: asNumber(usage.prompt_tokens),
		outputTokens: asNumber(usage.completion_tokens),
		totalTokens: asNumber(usage.total_tokens),
		cacheReadInputTokens: asNumber(details.cached_tokens),
	};
}

interface ChatReplyOptions {
	/** Turns the raw answer into text and reasoning (e.g. gpt-oss's `<reasoning>` prefix). */
	splitText?: (text: string, message: IDataObject) => { text: string; reasoning?: string };
}

export function parseChatCompletion(
	body: IDataObject,
	headerUsage: Partial<Usage> | undefined,
	options: ChatReplyOptions = {},
): ModelReply {
	const choice = asObject(asArray(body.choices)[0]);
	const message = asObject(choice.message);
	const raw = contentText(message.content);
	const { text, reasoning } = options.splitText ? options.splitText(raw, message) : { text: raw };
	const toolCalls = chatToolCalls(message);
	const reply: ModelReply = {
		text,
		stopReason: guardrailIntervened(body)
			? 'guardrail_intervened'
			: mapStopReason(chatStopReasons, choice.finish_reason ?? choice.stop_reason),
		usage: toUsage(mergeUsage(chatUsage(body), headerUsage)),
	};
	if (reasoning) reply.reasoning = reasoning;
	if (toolCalls.length > 0) reply.toolCalls = toolCalls;
	return reply;
}

interface PendingToolCall {
	id: string;
	type: string;
	name: string;
	arguments: string;
}

/**
 * Streams of chat-completion chunks: `choices[0].delta` (OpenAI style) or `choices[0].message`
 * (Mistral on Bedrock), a finish reason on the last choice and, sometimes, `usage` at the end.
 * `finish()` rebuilds the non-streamed body and parses it, so both paths give the same reply.
 */
export class ChatCompletionStreamParser {
	private content = '';
	private reasoningContent = '';
	private finishReason: unknown;
	private usage: IDataObject | undefined;
	private metrics: Partial<Usage> | undefined;
	private guardrail = false;
	private readonly toolCalls: PendingToolCall[] = [];

	constructor(
		private readonly parse: (body: IDataObject, headerUsage?: Partial<Usage>) => ModelReply,
		private readonly visibleDelta: (delta: string) => string = (delta) => delta,
	) {}

	push(chunk: IDataObject): string {
		this.metrics = invocationMetricsUsage(chunk) ?? this.metrics;
		this.guardrail ||= guardrailIntervened(chunk);
		if (typeof chunk.usage === 'object' && chunk.usage !== null) this.usage = asObject(chunk.usage);
		const choice = asObject(asArray(chunk.choices)[0]);
		const reason = choice.finish_reason ?? choice.stop_reason;
		if (typeof reason === 'string') this.finishReason = reason;
		const delta = asObject(choice.delta ?? choice.message);
		this.reasoningContent += asString(delta.reasoning_content) + asString(delta.reasoning);
		const firstNewIndex = this.toolCalls.length;
		asArray(delta.tool_calls)
			.map(asObject)
			.forEach((call, position) =>
				this.addToolCall(call, asNumber(call.index) ?? firstNewIndex + position),
			);
		const text = contentText(delta.content);
		this.content += text;
		return text ? this.visibleDelta(text) : '';
	}

	private addToolCall(call: IDataObject, index: number): void {
		const fn = asObject(call.function);
		const pending = (this.toolCalls[index] ??= {
			id: '',
			type: 'function',
			name: '',
			arguments: '',
		});
		if (typeof call.id === 'string') pending.id = call.id;
		if (typeof fn.name === 'string') pending.name += fn.name;
		if (typeof fn.arguments === 'string') pending.arguments += fn.arguments;
		else if (typeof fn.arguments === 'object' && fn.arguments !== null) {
			pending.arguments = JSON.stringify(fn.arguments);
		}
	}

	finish(): ModelReply {
		const message: IDataObject = { role: 'assistant', content: this.content };
		if (this.reasoningContent) message.reasoning_content = this.reasoningContent;
		const calls = this.toolCalls.filter((call) => call !== undefined);
		if (calls.length > 0) {
			message.tool_calls = calls.map((call) => ({
				id: call.id,
				type: call.type,
				function: { name: call.name, arguments: call.arguments },
			}));
		}
		const body: IDataObject = {
			choices: [{ index: 0, message, finish_reason: (this.finishReason as string) ?? null }],
		};
		if (this.usage) body.usage = this.usage;
		if (this.guardrail) body['amazon-bedrock-guardrailAction'] = 'INTERVENED';
		return this.parse(body, this.metrics);
	}
}

/** A prompt and optional system prompt as chat messages. */
export function chatMessages(prompt: string, systemPrompt?: string): IDataObject[] {
	const messages: IDataObject[] = [];
	if (systemPrompt) messages.push({ role: 'system', content: systemPrompt });
	messages.push({ role: 'user', content: prompt });
	return messages;
}

export type ChatCompletionFamilySpec<Id extends string> = Pick<
	ModelFamily<Id>,
	'id' | 'displayName' | 'modelIdPattern' | 'knobs'
> &
	Partial<Pick<ModelFamily<Id>, 'converse' | 'estimator' | 'prices' | 'batchInference'>> & {
		/**
		 * Where the model writes its reasoning into the answer text, e.g. `reasoning` for
		 * `<reasoning>…</reasoning>`; reasoning in `reasoning_content` is always read.
		 */
		reasoningTag?: string;
	};

/** Reasoning the model puts in `reasoning_content` (or `reasoning`) beside the answer. */
function separateReasoning(message: IDataObject): string {
	return asString(message.reasoning_content) || asString(message.reasoning);
}

/**
 * The reply parsers of a chat-completion family: reasoning is read from `reasoning_content` (or
 * `reasoning`) and, with `reasoningTag`, from `<tag>…</tag>` in the answer, which the stream hides.
 */
export function chatCompletionParsers(
	reasoningTag?: string,
): Pick<ModelFamily, 'parseResponse' | 'createStreamParser'> {
	const splitText = (text: string, message: IDataObject): { text: string; reasoning?: string } => {
		const split = reasoningTag ? splitReasoning(text, reasoningTag) : { text };
		const reasoning = [separateReasoning(message), split.reasoning ?? '']
			.filter(Boolean)
			.join('\n');
		return reasoning ? { text: split.text, reasoning } : { text: split.text };
	};
	// Mistral Large 2 puts no token counts in the body: they come from the response headers.
	const parseResponse = (body: IDataObject, headerUsage?: Partial<Usage>): ModelReply =>
		parseChatCompletion(body, headerUsage, { splitText });
	const createStreamParser = (): StreamParser => {
		if (!reasoningTag) return new ChatCompletionStreamParser(parseResponse);
		const filter = new TagFilter(`<${reasoningTag}>`, `</${reasoningTag}>`);
		return new ChatCompletionStreamParser(parseResponse, (delta) => filter.push(delta));
	};
	return { parseResponse, createStreamParser };
}

/**
 * A family whose InvokeModel body is a plain OpenAI-style chat body (Mistral chat, AI21 Jamba and
 * the open-weight models served in that format): only its ID pattern, knob table and the
 * registry's per-family facts differ.
 */
export function chatCompletionFamily<Id extends string>(
	spec: ChatCompletionFamilySpec<Id>,
): ModelFamily<Id> {
	const { reasoningTag, ...family } = spec;
	const { parseResponse, createStreamParser } = chatCompletionParsers(reasoningTag);
	return {
		converse: {},
		...family,
		kind: 'text',
		fields: [],
		buildRequest: ({ prompt, systemPrompt, knobs: values }) =>
			applyKnobs({ messages: chatMessages(prompt, systemPrompt) }, spec.knobs, values),
		parseResponse,
		createStreamParser,
		stopReasons: chatStopReasons,
	};
}
