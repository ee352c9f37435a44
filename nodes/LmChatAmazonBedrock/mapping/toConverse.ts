import type { ContentFile, Message, MessageContent } from '@n8n/ai-node-sdk';
import type { IDataObject } from 'n8n-workflow';

import type {
	ConverseOptions,
	ConverseRequest,
	ToolDefinition,
} from '../../Bedrock/mapping/converseRequest';
import { toConverseRequest } from '../../Bedrock/mapping/converseRequest';
import { parseStopSequences } from '../../Bedrock/mapping/fields';
import { ConversationError } from '../../Bedrock/mapping/messages';

/**
 * A Bedrock content block carried through n8n's messages unchanged (a `provider` content part):
 * signed reasoning must go back to Claude exactly as it came, with its signature, when the
 * conversation continues after a tool call.
 */
export const BEDROCK_BLOCK = 'bedrockContentBlock';

/** One conversation entry in the shape the action node's Messages parameter takes. */
export interface ConversationEntry extends IDataObject {
	role: 'system' | 'user' | 'assistant';
	content: IDataObject[];
}

const IMAGE_FORMATS: Record<string, string> = {
	'image/png': 'png',
	'image/jpeg': 'jpeg',
	'image/jpg': 'jpeg',
	'image/gif': 'gif',
	'image/webp': 'webp',
};

const DOCUMENT_FORMATS: Record<string, string> = {
	'application/pdf': 'pdf',
	'text/csv': 'csv',
	'application/msword': 'doc',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
	'application/vnd.ms-excel': 'xls',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
	'text/html': 'html',
	'text/plain': 'txt',
	'text/markdown': 'md',
};

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The bytes and media type of a file part: binary, base64 text, or a data URL. */
function fileBytes(part: ContentFile): { mediaType: string; bytes: Uint8Array } {
	const url = part.providerMetadata?.url;
	const source = typeof part.data === 'string' && part.data !== '' ? part.data : url;
	if (part.data instanceof Uint8Array) {
		return { mediaType: part.mediaType ?? 'application/octet-stream', bytes: part.data };
	}
	if (typeof source !== 'string' || source === '') {
		throw new ConversationError('A file in the conversation has no data');
	}
	const dataUrl = /^data:([\w.+/-]+);base64,(.*)$/s.exec(source);
	if (dataUrl) return { mediaType: dataUrl[1], bytes: Buffer.from(dataUrl[2], 'base64') };
	if (/^https?:\/\//i.test(source)) {
		throw new ConversationError(
			'A file in the conversation is a web URL; Bedrock does not fetch files from the web. Download it first and pass it as binary data.',
		);
	}
	return {
		mediaType: part.mediaType ?? 'application/octet-stream',
		bytes: Buffer.from(source, 'base64'),
	};
}

/**
 * The media type of a file part: as given, else from its first bytes. n8n's AI Agent passes PDFs
 * with `mime_type`, which the AI node SDK's converter does not carry over, so they arrive untyped.
 */
function mediaTypeOf(given: string, bytes: Uint8Array): string {
	if (given !== 'application/octet-stream' && given !== '') return given.toLowerCase();
	const head = Buffer.from(bytes.subarray(0, 12));
	if (head.subarray(0, 4).toString('latin1') === '%PDF') return 'application/pdf';
	if (head[0] === 0x89 && head.subarray(1, 4).toString('latin1') === 'PNG') return 'image/png';
	if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
	if (head.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
	if (
		head.subarray(0, 4).toString('latin1') === 'RIFF' &&
		head.subarray(8, 12).toString('latin1') === 'WEBP'
	) {
		return 'image/webp';
	}
	return given;
}

/**
 * A document's name as Bedrock takes it (letters, digits, single spaces, hyphens, parentheses,
 * square brackets), from the file name when there is one.
 */
function documentName(part: ContentFile, number: number): string {
	const fileName = part.providerMetadata?.filename;
	const name =
		typeof fileName === 'string'
			? fileName
					.replace(/\.[^.]*$/, '')
					.replace(/[^A-Za-z0-9\s\-()[\]]/g, ' ')
					.replace(/\s+/g, ' ')
					.trim()
			: '';
	return name === '' ? `document-${number}` : `${name.slice(0, 180)} ${number}`;
}

/** A file part as a Converse image or document block. */
function fileBlock(part: ContentFile, documentNumber: () => number): IDataObject {
	const file = fileBytes(part);
	const bytes = file.bytes;
	const mediaType = mediaTypeOf(file.mediaType, bytes);
	const imageFormat = IMAGE_FORMATS[mediaType];
	if (imageFormat) return { image: { format: imageFormat, source: { bytes } } };
	const documentFormat = DOCUMENT_FORMATS[mediaType];
	if (documentFormat) {
		return {
			document: {
				format: documentFormat,
				name: documentName(part, documentNumber()),
				source: { bytes },
			},
		};
	}
	throw new ConversationError(
		`A file of type ${mediaType} cannot be sent to Bedrock; send PNG, JPEG, GIF or WebP images, or PDF, CSV, DOC(X), XLS(X), HTML, TXT or MD documents`,
	);
}

function toolInputOf(input: string): IDataObject {
	if (input.trim() === '') return {};
	try {
		const parsed: unknown = JSON.parse(input);
		return isObject(parsed) ? parsed : { value: parsed as IDataObject[keyof IDataObject] };
	} catch {
		// Kept as the model wrote it, as the action node keeps a streamed input it cannot parse.
		return { _unparsedInput: input };
	}
}

/** What a tool gave back, in the shapes the action node's tool results take. */
function toolResultContent(result: unknown): unknown {
	if (!Array.isArray(result)) return result;
	return result.map((part: unknown) => {
		if (isObject(part) && part.type === 'text') return { type: 'text', text: String(part.text) };
		return part;
	});
}

/** One content part of an n8n message as Converse blocks; parts Bedrock has no use for are left out. */
function blocksOf(part: MessageContent, documentNumber: () => number): IDataObject[] {
	switch (part.type) {
		case 'text':
			return part.text.trim() === '' ? [] : [{ text: part.text }];
		case 'file':
			return [fileBlock(part, documentNumber)];
		case 'tool-call':
			return [
				{
					toolUse: {
						toolUseId: part.toolCallId ?? '',
						name: part.toolName,
						input: toolInputOf(part.input),
					},
				},
			];
		case 'tool-result':
			return [
				{
					toolResult: {
						toolUseId: part.toolCallId,
						content: toolResultContent(part.result),
						...(part.isError ? { status: 'error' } : {}),
					},
				},
			];
		case 'provider': {
			const block = part.value[BEDROCK_BLOCK];
			return isObject(block) ? [block] : [];
		}
		default:
			// Reasoning text without its signature, citations and invalid tool calls cannot be sent
			// back: Bedrock refuses unsigned reasoning, and the others are not input.
			return [];
	}
}

/** Joins neighbouring text blocks (a streamed reply arrives as one text part per delta). */
function joinTexts(blocks: IDataObject[]): IDataObject[] {
	const joined: IDataObject[] = [];
	for (const block of blocks) {
		const previous = joined[joined.length - 1];
		if (typeof block.text === 'string' && previous && typeof previous.text === 'string') {
			joined[joined.length - 1] = { text: previous.text + block.text };
		} else joined.push(block);
	}
	return joined;
}

/**
 * n8n's messages as the conversation the action node's request builder reads: system messages
 * first (Bedrock takes them apart from the turns), tool results in user turns, consecutive turns of
 * one role merged by the builder.
 */
export function toConversation(messages: Message[]): ConversationEntry[] {
	let documents = 0;
	const documentNumber = () => ++documents;
	const system: ConversationEntry[] = [];
	const turns: ConversationEntry[] = [];
	messages.forEach((message, index) => {
		const content = joinTexts(message.content.flatMap((part) => blocksOf(part, documentNumber)));
		if (message.role === 'system') {
			const texts = content.filter((block) => typeof block.text === 'string');
			if (texts.length > 0) system.push({ role: 'system', content: texts });
			return;
		}
		if (content.length === 0) {
			if (message.role === 'assistant') return;
			throw new ConversationError(
				`Message ${index} (${message.role}) has nothing Bedrock can read: no text, file or tool result`,
			);
		}
		turns.push({ role: message.role === 'assistant' ? 'assistant' : 'user', content });
	});
	return [...system, ...turns];
}

export interface ChatRequestValues {
	modelId: string;
	options: ConverseOptions;
	messages: Message[];
	tools: ToolDefinition[];
	/** Stop sequences of the call (a chain's or agent's own), added to the option's. */
	stopSequences?: string[];
}

/**
 * The Converse request of one model call, built by the action node's request builder: the same
 * knob checks, reasoning fields per family, tool checks, guardrail, latency and cache points.
 */
export function toChatConverseRequest(values: ChatRequestValues): ConverseRequest {
	const request = toConverseRequest({
		modelId: values.modelId,
		options: values.options,
		inputMode: 'messages',
		prompt: '',
		systemPrompt: '',
		messages: toConversation(values.messages),
		followUpPrompt: '',
		attachments: [],
		tools: values.tools,
		toolChoice: 'auto',
		toolName: '',
	});
	const callStops = values.stopSequences ?? [];
	if (callStops.length > 0) {
		const stops = [...(parseStopSequences(values.options.stopSequences) ?? [])];
		for (const stop of callStops) if (!stops.includes(stop)) stops.push(stop);
		request.input.inferenceConfig = { ...request.input.inferenceConfig, stopSequences: stops };
	}
	return request;
}
