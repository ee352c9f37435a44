/**
 * What every S3 operation shares: path-style signing rules, XML errors, S3's response headers, the
 * IAM check (`s3:<Action>` on `arn:aws:s3:::bucket/key`) and the upload body (plain, or aws-chunked).
 */
import { createHash } from 'node:crypto';

import type { Operation, RequestContext } from '../context';
import { chunkSignaturesOf } from '../http/auth';
import { authorize } from '../policy/permissions';
import { CHECKSUM_ALGORITHMS, decodeAwsChunked, verifyChecksums } from './chunked';
import { S3Error } from './errors';
import { s3Headers, sendS3Error, xmlDocument } from './xml';
import type { XmlElement } from './xml';

/** The region of the request's SigV4 credential scope. */
function signingRegionOf(context: RequestContext): string | undefined {
	return /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(headerOf(context, 'authorization') ?? '')?.[1];
}

/**
 * A bucket in another region (`s3BucketRegions`) refuses requests signed for this one, as S3 does:
 * HeadBucket with a 301 naming the region in `x-amz-bucket-region`, the others with
 * AuthorizationHeaderMalformed.
 */
function checkBucketRegion(context: RequestContext, head: boolean): void {
	const bucket = context.params.Bucket;
	const region = bucket === undefined ? undefined : context.state.options.s3BucketRegions[bucket];
	const signedFor = signingRegionOf(context);
	if (region === undefined || signedFor === undefined || region === signedFor) return;
	if (head) {
		throw new S3Error('PermanentRedirect', undefined, { BucketName: bucket, Region: region });
	}
	throw new S3Error(
		'AuthorizationHeaderMalformed',
		`The authorization header is malformed; the region '${signedFor}' is wrong; expecting '${region}'`,
		{ Region: region },
	);
}

/** An S3 operation: `name` as the SDK's command is named; S3 signs the path unescaped. */
export function s3Operation(
	name: string,
	handle: Operation['handle'],
	method: 'HEAD' | 'other' = 'other',
): Operation {
	return {
		name,
		handle: (context) => {
			// S3 (unlike Bedrock) needs the payload hash header on every SigV4 request.
			if (
				context.record.auth === 'sigv4' &&
				headerOf(context, 'x-amz-content-sha256') === undefined
			) {
				throw new S3Error(
					'InvalidRequest',
					'Missing required header for this request: x-amz-content-sha256',
				);
			}
			checkBucketRegion(context, method === 'HEAD');
			return handle(context);
		},
		signing: { uriEscapePath: false },
		recordBody: false,
		sendError: (reply, error, requestId) =>
			sendS3Error(reply, error, requestId, method === 'HEAD' ? 'HEAD' : 'GET'),
	};
}

/** HEAD requests: errors carry the status alone. */
export function s3HeadOperation(name: string, handle: Operation['handle']): Operation {
	return s3Operation(name, handle, 'HEAD');
}

export function headerOf(context: RequestContext, name: string): string | undefined {
	const value = context.headers[name];
	return Array.isArray(value) ? value.join(',') : value;
}

export function authorizeS3(
	context: RequestContext,
	action: string,
	bucket: string,
	key?: string,
): void {
	authorize(
		context.state,
		`s3:${action}`,
		`arn:aws:s3:::${bucket}${key === undefined ? '' : `/${key}`}`,
	);
}

export function sendXml(
	context: RequestContext,
	root: string,
	content: XmlElement,
	headers: Record<string, string> = {},
): void {
	context.sendBytes(200, xmlDocument(root, content), {
		'content-type': 'application/xml',
		...s3Headers(context.requestId),
		...headers,
	});
}

export function sendEmpty(
	context: RequestContext,
	status = 200,
	headers: Record<string, string> = {},
): void {
	context.sendBytes(status, '', { ...s3Headers(context.requestId), ...headers });
}

/** `x-amz-meta-*` request headers, without the prefix. */
export function metadataOf(context: RequestContext): Record<string, string> {
	const metadata: Record<string, string> = {};
	for (const [name, value] of Object.entries(context.headers)) {
		if (name.startsWith('x-amz-meta-') && value !== undefined) {
			metadata[name.slice('x-amz-meta-'.length)] = Array.isArray(value) ? value.join(',') : value;
		}
	}
	return metadata;
}

/**
 * The bytes of a PutObject / UploadPart body: aws-chunked decoded (chunk signatures checked when
 * signed), the declared decoded length and any `x-amz-checksum-*` or `Content-MD5` compared.
 */
export async function uploadedBody(
	context: RequestContext,
): Promise<{ chunks: Buffer[]; checksums: Record<string, string> }> {
	const contentSha256 = headerOf(context, 'x-amz-content-sha256') ?? '';
	const chunked =
		contentSha256.startsWith('STREAMING-') ||
		(headerOf(context, 'content-encoding') ?? '')
			.split(',')
			.some((part) => part.trim() === 'aws-chunked');
	let chunks = [context.body];
	let trailers: Record<string, string> = {};
	if (chunked) {
		const signed = contentSha256.startsWith('STREAMING-AWS4-HMAC-SHA256-PAYLOAD');
		const signatures = signed ? chunkSignaturesOf(context, context.state.options) : undefined;
		if (signed && !signatures) throw new S3Error('SignatureDoesNotMatch');
		const decoded = await decodeAwsChunked(context.body, signatures);
		const declared = headerOf(context, 'x-amz-decoded-content-length');
		if (declared !== undefined && Number(declared) !== decoded.size) {
			throw new S3Error('IncompleteBody');
		}
		chunks = decoded.chunks;
		trailers = decoded.trailers;
	}
	const checksums: Record<string, string | undefined> = {};
	for (const algorithm of CHECKSUM_ALGORITHMS) {
		const name = `x-amz-checksum-${algorithm}`;
		checksums[algorithm] = trailers[name] ?? headerOf(context, name);
	}
	verifyChecksums(chunks, checksums);
	const contentMd5 = headerOf(context, 'content-md5');
	if (contentMd5 !== undefined) verifyContentMd5(chunks, contentMd5);
	const given: Record<string, string> = {};
	for (const [algorithm, value] of Object.entries(checksums)) if (value) given[algorithm] = value;
	return { chunks, checksums: given };
}

function verifyContentMd5(chunks: Buffer[], expected: string): void {
	const hash = createHash('md5');
	for (const chunk of chunks) hash.update(chunk);
	if (hash.digest('base64') !== expected) throw new S3Error('BadDigest');
}
