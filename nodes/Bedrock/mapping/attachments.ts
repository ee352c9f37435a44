import type {
	ContentBlock,
	DocumentFormat,
	ImageFormat,
	Message,
} from '@aws-sdk/client-bedrock-runtime';

import { ConversationError } from './messages';

/**
 * Converse's limits on the content of a message, from the Message reference
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Message.html): up to 20
 * images of at most 3.75 MB each, up to five documents of at most 4.5 MB each, and a document
 * needs a text block beside it.
 */
export const ATTACHMENT_LIMITS = {
	maxImageBytes: 3.75 * 1024 * 1024,
	maxImages: 20,
	maxDocumentBytes: 4.5 * 1024 * 1024,
	maxDocuments: 5,
} as const;

/** A binary property of an n8n item, as read for an attachment. */
export interface AttachmentFile {
	/** The binary property it came from, e.g. `data`. */
	propertyName: string;
	fileName?: string;
	mimeType?: string;
	fileExtension?: string;
	bytes: Uint8Array;
}

const IMAGE_FORMATS_BY_MIME: Record<string, ImageFormat> = {
	'image/png': 'png',
	'image/jpeg': 'jpeg',
	'image/jpg': 'jpeg',
	'image/pjpeg': 'jpeg',
	'image/gif': 'gif',
	'image/webp': 'webp',
};

const IMAGE_FORMATS_BY_EXTENSION: Record<string, ImageFormat> = {
	png: 'png',
	jpg: 'jpeg',
	jpeg: 'jpeg',
	gif: 'gif',
	webp: 'webp',
};

const DOCUMENT_FORMATS_BY_MIME: Record<string, DocumentFormat> = {
	'application/pdf': 'pdf',
	'text/csv': 'csv',
	'application/csv': 'csv',
	'application/msword': 'doc',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
	'application/vnd.ms-excel': 'xls',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
	'text/html': 'html',
	'text/plain': 'txt',
	'text/markdown': 'md',
	'text/x-markdown': 'md',
};

const DOCUMENT_FORMATS_BY_EXTENSION: Record<string, DocumentFormat> = {
	pdf: 'pdf',
	csv: 'csv',
	doc: 'doc',
	docx: 'docx',
	xls: 'xls',
	xlsx: 'xlsx',
	html: 'html',
	htm: 'html',
	txt: 'txt',
	text: 'txt',
	md: 'md',
	markdown: 'md',
};

export type AttachmentKind =
	| { kind: 'image'; format: ImageFormat }
	| { kind: 'document'; format: DocumentFormat };

function extensionOf(file: AttachmentFile): string | undefined {
	const fromName = file.fileName && /\.([A-Za-z0-9]+)$/.exec(file.fileName)?.[1];
	return (file.fileExtension ?? fromName ?? undefined)?.toLowerCase().replace(/^\./, '');
}

/** Image or document, and its format, from the MIME type, else the file extension. */
export function detectAttachmentKind(file: AttachmentFile): AttachmentKind | undefined {
	const mime = file.mimeType?.toLowerCase().split(';')[0].trim();
	if (mime && IMAGE_FORMATS_BY_MIME[mime])
		return { kind: 'image', format: IMAGE_FORMATS_BY_MIME[mime] };
	if (mime && DOCUMENT_FORMATS_BY_MIME[mime]) {
		return { kind: 'document', format: DOCUMENT_FORMATS_BY_MIME[mime] };
	}
	const extension = extensionOf(file);
	if (extension && IMAGE_FORMATS_BY_EXTENSION[extension]) {
		return { kind: 'image', format: IMAGE_FORMATS_BY_EXTENSION[extension] };
	}
	if (extension && DOCUMENT_FORMATS_BY_EXTENSION[extension]) {
		return { kind: 'document', format: DOCUMENT_FORMATS_BY_EXTENSION[extension] };
	}
	return undefined;
}

/**
 * A document name Bedrock accepts: only alphanumerics, single whitespace, hyphens, parentheses and
 * square brackets (DocumentBlock reference). Made from the file name without its extension; names
 * already taken in the request get a " (2)", " (3)" suffix.
 */
export function documentName(
	fileName: string | undefined,
	fallback: string,
	taken: Set<string>,
): string {
	const stem = (fileName ?? '').replace(/\.[A-Za-z0-9]+$/, '');
	let name = stem
		.replace(/[^A-Za-z0-9\s\-()[\]]+/g, '-')
		.replace(/\s+/g, ' ')
		.replace(/-{2,}/g, '-')
		.trim()
		.replace(/^-+|-+$/g, '')
		.trim();
	if (name === '') name = fallback.replace(/[^A-Za-z0-9\s\-()[\]]+/g, '-') || 'document';
	name = name.slice(0, 200).trim();
	let candidate = name;
	for (let count = 2; taken.has(candidate.toLowerCase()); count++) candidate = `${name} (${count})`;
	taken.add(candidate.toLowerCase());
	return candidate;
}

function megabytes(bytes: number): string {
	return `${(bytes / (1024 * 1024)).toFixed(2)} MB`;
}

function label(file: AttachmentFile): string {
	return file.fileName
		? `the attachment "${file.fileName}" (binary property "${file.propertyName}")`
		: `the attachment in binary property "${file.propertyName}"`;
}

/** The attachments as Converse image and document blocks, each checked against Converse's limits. */
export function toAttachmentBlocks(
	files: AttachmentFile[],
	takenNames = new Set<string>(),
): ContentBlock[] {
	return files.map((file) => {
		const kind = detectAttachmentKind(file);
		if (!kind) {
			throw new ConversationError(
				`${label(file)} has the type ${file.mimeType ?? 'unknown'}${extensionOf(file) ? ` (.${extensionOf(file)})` : ''}, which Converse does not take. Images: PNG, JPEG, GIF, WebP. Documents: PDF, CSV, DOC, DOCX, XLS, XLSX, HTML, TXT, MD.`,
			);
		}
		if (kind.kind === 'image') {
			if (file.bytes.byteLength > ATTACHMENT_LIMITS.maxImageBytes) {
				throw new ConversationError(
					`${label(file)} is ${megabytes(file.bytes.byteLength)}; Converse takes images of at most 3.75 MB each. Resize or compress it first.`,
				);
			}
			return { image: { format: kind.format, source: { bytes: file.bytes } } };
		}
		if (file.bytes.byteLength > ATTACHMENT_LIMITS.maxDocumentBytes) {
			throw new ConversationError(
				`${label(file)} is ${megabytes(file.bytes.byteLength)}; Converse takes documents of at most 4.5 MB each. Split it or extract its text first.`,
			);
		}
		return {
			document: {
				format: kind.format,
				name: documentName(file.fileName, file.propertyName, takenNames),
				source: { bytes: file.bytes },
			},
		};
	});
}

/** Document names already used in a conversation (Bedrock wants them unique in a request). */
export function documentNamesIn(messages: Message[]): Set<string> {
	const names = new Set<string>();
	for (const message of messages) {
		for (const block of message.content ?? []) {
			if (block.document?.name) names.add(block.document.name.toLowerCase());
		}
	}
	return names;
}

/** Checks a user message against the per-message limits on images and documents. */
export function checkMessageLimits(message: Message, position: number): void {
	const content = message.content ?? [];
	const images = content.filter((block) => block.image !== undefined).length;
	const documents = content.filter((block) => block.document !== undefined).length;
	if (images > ATTACHMENT_LIMITS.maxImages) {
		throw new ConversationError(
			`The user message at position ${position} has ${images} images; Converse takes at most 20 images per message`,
		);
	}
	if (documents > ATTACHMENT_LIMITS.maxDocuments) {
		throw new ConversationError(
			`The user message at position ${position} has ${documents} documents; Converse takes at most 5 documents per message`,
		);
	}
	if (documents > 0 && !content.some((block) => block.text !== undefined)) {
		throw new ConversationError(
			`The user message at position ${position} has a document but no text: Converse refuses documents without a question or instruction beside them. Fill in the prompt.`,
		);
	}
}

/**
 * Puts attachment blocks into the last user message, before its text (models read the material,
 * then the question). Appends a user message if the conversation ends with the assistant.
 */
export function addAttachments(messages: Message[], blocks: ContentBlock[]): Message[] {
	if (blocks.length === 0) return messages;
	const result = messages.map((message) => ({ ...message, content: [...(message.content ?? [])] }));
	let lastUser = result[result.length - 1];
	if (!lastUser || lastUser.role !== 'user') {
		lastUser = { role: 'user', content: [] };
		result.push(lastUser);
	}
	const content = lastUser.content ?? [];
	const firstText = content.findIndex((block) => block.text !== undefined);
	const at = firstText === -1 ? content.length : firstText;
	lastUser.content = [...content.slice(0, at), ...blocks, ...content.slice(at)];
	return result;
}
