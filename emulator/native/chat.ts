/**
 * OpenAI-style chat bodies, shared by the families that take them on InvokeModel (Mistral Large
 * 2407 chat, AI21 Jamba, OpenAI gpt-oss): `messages` with system, user, assistant (with
 * `tool_calls`) and `tool` roles, and `tools` as `{ type: 'function', function: {...} }`.
 */
import type { EmulatorMessage, EmulatorToolSpec, Generation } from '../types';
import { stopOrLength, withoutUndefined } from './common';
import { isObject, type JsonObject } from './schema';

/** The text of a message's `content`: a string, or the text parts of a content-part list. */
export function chatContentText(content: unknown): string {
	if (typeof content === 'string') return content;
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
