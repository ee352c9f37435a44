/**
 * S3's XML documents, written as strings (the shapes the SDK's XML parser reads: see the
 * `ListObjectsV2Output$`, `CompleteMultipartUploadOutput$` schemas in
 * node_modules/@aws-sdk/client-s3/dist-cjs/index.js) and the one request document S3 reads here,
 * CompleteMultipartUpload's part list.
 */
import type { Reply } from '../http/exchange';
import type { BedrockError } from '../errors';
import { asS3Error } from './errors';

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function escapeXml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

function unescapeXml(text: string): string {
	return text
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
		.replace(/&amp;/g, '&');
}

export type XmlValue = string | number | boolean | undefined | XmlElement | XmlElement[];
export interface XmlElement {
	[name: string]: XmlValue;
}

function render(name: string, value: XmlValue): string {
	if (value === undefined) return '';
	if (Array.isArray(value)) return value.map((element) => render(name, element)).join('');
	if (typeof value === 'object') {
		const inner = Object.entries(value)
			.map(([child, childValue]) => render(child, childValue))
			.join('');
		return `<${name}>${inner}</${name}>`;
	}
	return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** `xmlDocument('ListBucketResult', { Name: 'b', Contents: [...] })`, in S3's namespace. */
export function xmlDocument(root: string, content: XmlElement): string {
	const inner = Object.entries(content)
		.map(([name, value]) => render(name, value))
		.join('');
	return `${DECLARATION}<${root} xmlns="${S3_NAMESPACE}">${inner}</${root}>`;
}

export function s3Headers(requestId: string): Record<string, string> {
	return {
		'x-amz-request-id': requestId,
		'x-amz-id-2': Buffer.from(requestId).toString('base64'),
	};
}

/** S3's error document; HEAD requests get the status alone, as S3 answers them. */
export function sendS3Error(
	reply: Reply,
	error: BedrockError,
	requestId: string,
	method = 'GET',
): void {
	if (reply.closed) return;
	const s3Error = asS3Error(error);
	const region = s3Error.details.Region;
	const regionHeader: Record<string, string> = region ? { 'x-amz-bucket-region': region } : {};
	if (method === 'HEAD') {
		reply.writeHead(s3Error.status, { ...s3Headers(requestId), ...regionHeader });
		reply.end();
		return;
	}
	const body = `${DECLARATION}${render('Error', {
		Code: s3Error.s3Code,
		Message: s3Error.message,
		...s3Error.details,
		RequestId: requestId,
		HostId: Buffer.from(requestId).toString('base64'),
	})}`;
	reply.writeHead(s3Error.status, {
		'content-type': 'application/xml',
		...s3Headers(requestId),
		...regionHeader,
	});
	reply.end(body);
}

/** The `<Part><PartNumber>…</PartNumber><ETag>…</ETag></Part>` entries of a CompleteMultipartUpload body. */
export function parseCompletedParts(
	xml: string,
): Array<{ partNumber: number; etag: string }> | undefined {
	if (!/<CompleteMultipartUpload[\s>]/.test(xml)) return undefined;
	const parts: Array<{ partNumber: number; etag: string }> = [];
	for (const [, inner] of xml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)) {
		const partNumber = /<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(inner)?.[1];
		const etag = /<ETag>([\s\S]*?)<\/ETag>/.exec(inner)?.[1];
		if (partNumber === undefined || etag === undefined) return undefined;
		parts.push({ partNumber: Number(partNumber), etag: unescapeXml(etag).trim() });
	}
	return parts;
}
