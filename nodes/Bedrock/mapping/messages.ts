import type {
	ContentBlock,
	ConversationRole,
	Message,
	SystemContentBlock,
	ToolResultContentBlock,
} from '@aws-sdk/client-bedrock-runtime';
import type { DocumentType } from '@smithy/types';
import type { IDataObject } from 'n8n-workflow';

/** A conversation the node cannot send; the message says which entry is wrong and how. */
export class ConversationError extends Error {
	override name = 'ConversationError';
}

export interface Conversation {
	system: SystemContentBlock[];
	messages: Message[];
}

type Json = IDataObject;

const CONVERSE_BLOCK_KEYS = [
	'text',
	'image',
	'document',
	'video',
	'audio',
	'toolUse',
	'toolResult',
	'guardContent',
	'cachePoint',
	'reasoningContent',
	'citationsContent',
	'searchResult',
] as const;

const IMAGE_MIME_FORMATS: Record<string, 'png' | 'jpeg' | 'gif' | 'webp'> = {
	'image/png': 'png',
	'image/jpeg': 'jpeg',
	'image/jpg': 'jpeg',
	'image/gif': 'gif',
	'image/webp': 'webp',
};

/** A block built from item JSON, already checked for its one key. */
function asBlock<T>(value: object): T {
	return value as unknown as T;
}

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'string')
		return `the text "${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
	return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/** Bytes given as base64 text (JSON, n8n item data) or as binary; Bedrock's SDK wants binary. */
export function toBytes(value: unknown, where: string): Uint8Array {
	if (value instanceof Uint8Array) return value;
	if (typeof value === 'string') {
		if (!/^[A-Za-z0-9+/=\s_-]*$/.test(value)) {
			throw new ConversationError(`${where}: the bytes are not valid base64`);
		}
		return Buffer.from(value, 'base64');
	}
	if (isObject(value) && value.type === 'Buffer' && Array.isArray(value.data)) {
		return Buffer.from(value.data as number[]);
	}
	throw new ConversationError(`${where}: expected base64 bytes but got ${describe(value)}`);
}

/** Turns source.bytes given as base64 text back into binary, in image/document/video blocks. */
function withBinarySource(
	block: Json,
	key: 'image' | 'document' | 'video' | 'audio',
	where: string,
) {
	const inner = block[key];
	if (!isObject(inner) || !isObject(inner.source)) {
		throw new ConversationError(`${where}: a ${key} block needs a "source"`);
	}
	const source = inner.source;
	if (source.bytes === undefined) return { [key]: inner };
	return {
		[key]: { ...inner, source: { ...source, bytes: toBytes(source.bytes, `${where} ${key}`) } },
	};
}

function parseDataUrl(url: string, where: string): { format: string; bytes: Uint8Array } {
	const match = /^data:([\w.+/-]+);base64,(.*)$/s.exec(url);
	if (!match) {
		throw new ConversationError(
			`${where}: image URLs must be data URLs (data:image/png;base64,...); Bedrock does not fetch images from the web. Download the image first and pass it as binary data with the Attachments option.`,
		);
	}
	const format = IMAGE_MIME_FORMATS[match[1].toLowerCase()];
	if (!format) {
		throw new ConversationError(
			`${where}: the image type ${match[1]} is not supported; use PNG, JPEG, GIF or WebP`,
		);
	}
	return { format, bytes: toBytes(match[2], where) };
}

function toolResultContent(content: unknown, where: string): ToolResultContentBlock[] {
	if (typeof content === 'string') return [{ text: content === '' ? '(empty)' : content }];
	if (Array.isArray(content)) {
		return content.map((part, index): ToolResultContentBlock => {
			if (typeof part === 'string') return { text: part };
			if (isObject(part)) {
				if (part.type === 'text' && typeof part.text === 'string') return { text: part.text };
				if (['text', 'json', 'image', 'document', 'video'].some((key) => key in part)) {
					if ('image' in part) return asBlock(withBinarySource(part, 'image', where));
					if ('document' in part) return asBlock(withBinarySource(part, 'document', where));
					return asBlock(part);
				}
				return { json: part as DocumentType };
			}
			throw new ConversationError(
				`${where}, tool result part ${index}: expected text or an object but got ${describe(part)}`,
			);
		});
	}
	if (isObject(content)) return [{ json: content as DocumentType }];
	if (content === undefined || content === null) return [{ text: '(empty)' }];
	return [{ text: String(content) }];
}

/** One content part (Converse block, OpenAI-style part, or plain text) as Converse blocks. */
function toContentBlocks(part: unknown, where: string): ContentBlock[] {
	if (typeof part === 'string') return part.trim() === '' ? [] : [{ text: part }];
	if (!isObject(part)) {
		throw new ConversationError(`${where}: expected a content block but got ${describe(part)}`);
	}
	// OpenAI-style parts carry a `type`.
	if (typeof part.type === 'string') {
		switch (part.type) {
			case 'text':
			case 'input_text':
			case 'output_text':
				if (typeof part.text !== 'string') {
					throw new ConversationError(`${where}: a text part needs a "text" string`);
				}
				return part.text.trim() === '' ? [] : [{ text: part.text }];
			case 'image_url': {
				const imageUrl = part.image_url;
				const url =
					typeof imageUrl === 'string' ? imageUrl : isObject(imageUrl) ? imageUrl.url : undefined;
				if (typeof url !== 'string') {
					throw new ConversationError(`${where}: an image_url part needs image_url.url`);
				}
				const { format, bytes } = parseDataUrl(url, where);
				return [{ image: { format, source: { bytes } } } as unknown as ContentBlock];
			}
			default:
				if (!CONVERSE_BLOCK_KEYS.some((key) => key in part)) {
					throw new ConversationError(
						`${where}: the content part type "${part.type}" is not supported (use text or image_url parts, or Converse content blocks)`,
					);
				}
		}
	}
	const keys = CONVERSE_BLOCK_KEYS.filter((key) => part[key] !== undefined);
	if (keys.length !== 1) {
		throw new ConversationError(
			keys.length === 0
				? `${where}: not a content block; expected one of ${CONVERSE_BLOCK_KEYS.join(', ')}, or an OpenAI-style {type: 'text', text} part`
				: `${where}: a content block must have exactly one of ${keys.join(', ')}`,
		);
	}
	const key = keys[0];
	switch (key) {
		case 'text':
			if (typeof part.text !== 'string') {
				throw new ConversationError(`${where}: "text" must be a string`);
			}
			return part.text.trim() === '' ? [] : [{ text: part.text }];
		case 'image':
		case 'document':
		case 'video':
		case 'audio':
			return [withBinarySource(part, key, where) as unknown as ContentBlock];
		case 'toolUse': {
			const toolUse = part.toolUse as Json;
			if (
				!isObject(toolUse) ||
				typeof toolUse.toolUseId !== 'string' ||
				typeof toolUse.name !== 'string'
			) {
				throw new ConversationError(`${where}: a toolUse block needs toolUseId and name`);
			}
			return [{ toolUse: { ...toolUse, input: toolUse.input ?? {} } } as unknown as ContentBlock];
		}
		case 'toolResult': {
			const toolResult = part.toolResult as Json;
			if (!isObject(toolResult) || typeof toolResult.toolUseId !== 'string') {
				throw new ConversationError(`${where}: a toolResult block needs toolUseId`);
			}
			return [
				{
					toolResult: {
						...toolResult,
						toolUseId: toolResult.toolUseId,
						content: toolResultContent(toolResult.content, where),
					},
				} as unknown as ContentBlock,
			];
		}
		case 'reasoningContent': {
			const reasoning = part.reasoningContent;
			if (isObject(reasoning) && reasoning.redactedContent !== undefined) {
				return [
					{
						reasoningContent: {
							redactedContent: toBytes(reasoning.redactedContent, `${where} redactedContent`),
						},
					},
				];
			}
			return [part as unknown as ContentBlock];
		}
		default:
			return [part as unknown as ContentBlock];
	}
}

function parseToolCallArguments(value: unknown, where: string): IDataObject {
	if (isObject(value)) return value;
	if (value === undefined || value === null || value === '') return {};
	if (typeof value === 'string') {
		try {
			const parsed: unknown = JSON.parse(value);
			if (isObject(parsed)) return parsed;
		} catch {
			// reported below
		}
	}
	throw new ConversationError(`${where}: tool call arguments must be a JSON object`);
}

/** OpenAI-style `tool_calls` of an assistant message as toolUse blocks. */
function toolCallBlocks(toolCalls: unknown, where: string): ContentBlock[] {
	if (!Array.isArray(toolCalls)) {
		throw new ConversationError(`${where}: "tool_calls" must be an array`);
	}
	return toolCalls.map((call, index) => {
		const callWhere = `${where}, tool call ${index}`;
		if (!isObject(call)) throw new ConversationError(`${callWhere}: expected an object`);
		const fn = isObject(call.function) ? call.function : call;
		if (typeof call.id !== 'string' || typeof fn.name !== 'string') {
			throw new ConversationError(`${callWhere}: needs an id and a function name`);
		}
		return {
			toolUse: {
				toolUseId: call.id,
				name: fn.name,
				input: parseToolCallArguments(fn.arguments ?? fn.input, callWhere),
			},
		} as unknown as ContentBlock;
	});
}

function contentOf(entry: Json, where: string): ContentBlock[] {
	const { content } = entry;
	if (content === undefined || content === null) return [];
	if (typeof content === 'string') return toContentBlocks(content, where);
	if (Array.isArray(content)) {
		return content.flatMap((part, index) =>
			toContentBlocks(part, `${where}, content block ${index}`),
		);
	}
	if (isObject(content)) return toContentBlocks(content, where);
	throw new ConversationError(
		`${where}: "content" must be text or an array of content blocks but is ${describe(content)}`,
	);
}

function systemText(entry: Json, where: string): SystemContentBlock[] {
	const blocks = contentOf(entry, where);
	return blocks.map((block) => {
		if (block.text !== undefined) return { text: block.text };
		if (block.cachePoint !== undefined) return { cachePoint: block.cachePoint };
		if (block.guardContent !== undefined)
			return { guardContent: block.guardContent } as SystemContentBlock;
		throw new ConversationError(`${where}: a system message may hold only text`);
	});
}

function parseJsonConversation(raw: string): unknown {
	const trimmed = raw.trim();
	if (trimmed === '') return [];
	let problem: string;
	try {
		return JSON.parse(trimmed);
	} catch (error) {
		problem = (error as Error).message;
	}
	throw new ConversationError(
		`Messages is text but not valid JSON (${problem}). Give an array of {role, content} objects, e.g. ={{ $json.messages }}`,
	);
}

/**
 * Reads a whole conversation: an array (or JSON text of one) of `{role, content}` in Converse or
 * OpenAI chat shape. Leading system messages become `system`; tool messages become toolResult blocks
 * in a user turn; consecutive turns of one role are merged, as Bedrock requires alternating roles.
 */
export function parseConversation(raw: unknown): Conversation {
	let value = typeof raw === 'string' ? parseJsonConversation(raw) : raw;
	if (isObject(value) && Array.isArray(value.messages)) value = value.messages;
	if (!Array.isArray(value)) {
		throw new ConversationError(
			`Messages must be an array of {role, content} objects but is ${describe(value)}`,
		);
	}
	const system: SystemContentBlock[] = [];
	const turns: Array<{ role: ConversationRole; content: ContentBlock[]; where: string }> = [];
	value.forEach((entry, index) => {
		const where = `Message ${index}`;
		if (!isObject(entry)) {
			throw new ConversationError(
				`${where}: expected an object with role and content but got ${describe(entry)}`,
			);
		}
		const role = typeof entry.role === 'string' ? entry.role.toLowerCase() : entry.role;
		switch (role) {
			case 'system':
			case 'developer':
				if (turns.length > 0) {
					throw new ConversationError(
						`${where}: a system message can only come before the conversation starts; put it first or use the System Prompt field`,
					);
				}
				system.push(...systemText(entry, where));
				return;
			case 'user':
			case 'human':
				turns.push({ role: 'user', content: contentOf(entry, where), where });
				return;
			case 'assistant':
			case 'ai':
			case 'model': {
				const content = contentOf(entry, where);
				if (entry.tool_calls !== undefined && entry.tool_calls !== null) {
					content.push(...toolCallBlocks(entry.tool_calls, where));
				}
				turns.push({ role: 'assistant', content, where });
				return;
			}
			case 'tool':
			case 'function': {
				const toolUseId = entry.tool_call_id ?? entry.toolUseId ?? entry.name;
				if (typeof toolUseId !== 'string' || toolUseId === '') {
					throw new ConversationError(`${where}: a tool message needs "tool_call_id"`);
				}
				const status = entry.status === 'error' ? 'error' : undefined;
				turns.push({
					role: 'user',
					content: [
						{
							toolResult: {
								toolUseId,
								content: toolResultContent(entry.content, where),
								...(status ? { status } : {}),
							},
						},
					],
					where,
				});
				return;
			}
			default:
				throw new ConversationError(
					`${where}: unknown role ${describe(entry.role)}; use user, assistant, system or tool`,
				);
		}
	});

	const messages: Message[] = [];
	for (const turn of turns) {
		const previous = messages[messages.length - 1];
		if (previous && previous.role === turn.role) {
			previous.content = [...(previous.content ?? []), ...turn.content];
		} else {
			messages.push({ role: turn.role, content: [...turn.content] });
		}
	}
	if (messages.length === 0) {
		throw new ConversationError(
			'The conversation has no user or assistant messages; give at least one {role: "user", content: "..."}',
		);
	}
	if (messages[0].role !== 'user') {
		throw new ConversationError(
			'The conversation starts with an assistant message; Bedrock needs the first message to be from the user',
		);
	}
	messages.forEach((message, index) => {
		if (!message.content || message.content.length === 0) {
			throw new ConversationError(
				`The ${message.role} turn at position ${index} (after merging consecutive messages of one role) has no content; empty text is not allowed`,
			);
		}
	});
	return { system, messages };
}

/** The prompt mode's conversation: one user message, and the system prompt if any. */
export function promptConversation(prompt: unknown, systemPrompt: unknown): Conversation {
	const text =
		typeof prompt === 'string'
			? prompt
			: prompt === undefined || prompt === null
				? ''
				: JSON.stringify(prompt);
	const system =
		typeof systemPrompt === 'string' && systemPrompt.trim() !== '' ? [{ text: systemPrompt }] : [];
	return {
		system,
		messages: text.trim() === '' ? [] : [{ role: 'user', content: [{ text }] }],
	};
}

function base64Of(bytes: unknown): unknown {
	return bytes instanceof Uint8Array ? Buffer.from(bytes).toString('base64') : bytes;
}

function blockToJson(block: ContentBlock): IDataObject {
	for (const key of ['image', 'document', 'video', 'audio'] as const) {
		const media = (block as unknown as Json)[key];
		if (isObject(media) && isObject(media.source) && media.source.bytes !== undefined) {
			return {
				[key]: { ...media, source: { ...media.source, bytes: base64Of(media.source.bytes) } },
			};
		}
	}
	if (block.toolResult?.content) {
		return {
			toolResult: {
				...block.toolResult,
				content: block.toolResult.content.map((part) =>
					blockToJson(part as unknown as ContentBlock),
				),
			},
		} as IDataObject;
	}
	if (block.reasoningContent?.redactedContent) {
		return {
			reasoningContent: { redactedContent: base64Of(block.reasoningContent.redactedContent) },
		};
	}
	return block as unknown as IDataObject;
}

/**
 * The conversation as n8n item JSON (bytes as base64, cache points left out), with the system
 * prompt as a leading `system` message, so the next Converse node continues it as it is.
 */
export function conversationToJson(
	system: SystemContentBlock[],
	messages: Message[],
): IDataObject[] {
	const result: IDataObject[] = [];
	const systemTexts = system
		.filter((block) => block.text !== undefined)
		.map((block) => block.text as string);
	if (systemTexts.length === 1) result.push({ role: 'system', content: systemTexts[0] });
	if (systemTexts.length > 1) {
		result.push({ role: 'system', content: systemTexts.map((text) => ({ text })) });
	}
	for (const message of messages) {
		result.push({
			role: message.role,
			content: (message.content ?? [])
				.filter((block) => block.cachePoint === undefined)
				.map((block) => blockToJson(block)),
		});
	}
	return result;
}
