/**
 * S3's object operations, path style (`/s3/{Bucket}/{Key+}`): PutObject, GetObject (streamed, with
 * a single byte range), HeadObject and DeleteObject.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
 */
import type { RequestContext } from '../context';
import { S3Error } from '../s3/errors';
import {
	authorizeS3,
	headerOf,
	metadataOf,
	s3HeadOperation,
	s3Operation,
	sendEmpty,
	uploadedBody,
} from '../s3/operation';
import type { StoredObject } from '../s3/store';
import { s3Headers } from '../s3/xml';

/** The largest piece written at once, so a big object goes out with back-pressure. */
const WRITE_BYTES = 64 * 1024;

export const putObjectOperation = s3Operation('PutObject', async (context) => {
	const { Bucket, Key } = context.params;
	authorizeS3(context, 'PutObject', Bucket, Key);
	const { chunks, checksums } = await uploadedBody(context);
	const stored = context.state.objects.putObject(Bucket, Key, {
		chunks,
		checksums,
		contentType: headerOf(context, 'content-type'),
		metadata: metadataOf(context),
	});
	const echoed: Record<string, string> = { etag: stored.etag };
	for (const [algorithm, value] of Object.entries(checksums)) {
		echoed[`x-amz-checksum-${algorithm}`] = value;
	}
	if (Object.keys(checksums).length > 0) echoed['x-amz-checksum-type'] = 'FULL_OBJECT';
	sendEmpty(context, 200, echoed);
});

/**
 * The object's response headers; with `x-amz-checksum-mode: ENABLED` (which the SDK sends) and the
 * whole object asked for, the checksums it was uploaded with, which the SDK then checks the body against.
 */
function objectHeaders(
	context: RequestContext,
	object: StoredObject,
	whole: boolean,
): Record<string, string> {
	const headers: Record<string, string> = {
		'content-type': object.contentType,
		etag: object.etag,
		'last-modified': object.lastModified.toUTCString(),
		'accept-ranges': 'bytes',
	};
	for (const [name, value] of Object.entries(object.metadata)) {
		headers[`x-amz-meta-${name}`] = value;
	}
	const checksums = Object.entries(object.checksums);
	if (whole && checksums.length > 0 && headerOf(context, 'x-amz-checksum-mode') === 'ENABLED') {
		for (const [algorithm, value] of checksums) headers[`x-amz-checksum-${algorithm}`] = value;
		headers['x-amz-checksum-type'] = 'FULL_OBJECT';
	}
	return headers;
}

/** `bytes=first-last`, `bytes=first-` or `bytes=-suffixLength`; other forms are ignored as S3 does. */
function rangeOf(
	header: string | undefined,
	size: number,
): { start: number; end: number } | undefined {
	const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
	if (!match || (match[1] === '' && match[2] === '')) return undefined;
	let start: number;
	let end: number;
	if (match[1] === '') {
		const suffix = Number(match[2]);
		if (suffix === 0)
			throw new S3Error('InvalidRange', undefined, {
				RangeRequested: header ?? '',
				ActualObjectSize: String(size),
			});
		start = Math.max(0, size - suffix);
		end = size - 1;
	} else {
		start = Number(match[1]);
		end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
		if (match[2] !== '' && Number(match[2]) < start) return undefined;
	}
	if (start >= size) {
		throw new S3Error('InvalidRange', undefined, {
			RangeRequested: header ?? '',
			ActualObjectSize: String(size),
		});
	}
	return { start, end };
}

/** The object's bytes from `start` to `end` (inclusive), as slices of its chunks. */
function* slices(object: StoredObject, start: number, end: number): Generator<Buffer> {
	let offset = 0;
	for (const chunk of object.chunks) {
		const chunkEnd = offset + chunk.length;
		if (chunkEnd > start && offset <= end) {
			const from = Math.max(0, start - offset);
			const to = Math.min(chunk.length, end - offset + 1);
			for (let at = from; at < to; at += WRITE_BYTES) {
				yield chunk.subarray(at, Math.min(to, at + WRITE_BYTES));
			}
		}
		offset = chunkEnd;
		if (offset > end) break;
	}
}

async function streamObject(context: RequestContext, object: StoredObject): Promise<void> {
	const range = rangeOf(headerOf(context, 'range'), object.size);
	const start = range?.start ?? 0;
	const end = range?.end ?? object.size - 1;
	const headers: Record<string, string> = {
		...objectHeaders(context, object, !range),
		...s3Headers(context.requestId),
		'content-length': String(Math.max(0, end - start + 1)),
	};
	if (range) headers['content-range'] = `bytes ${start}-${end}/${object.size}`;
	const status = range ? 206 : 200;
	context.record.status = status;
	const { reply } = context;
	if (reply.closed) return;
	reply.writeHead(status, headers);
	for (const slice of slices(object, start, end)) {
		if (reply.closed) return;
		await reply.write(slice);
	}
	reply.end();
}

export const getObjectOperation = s3Operation('GetObject', async (context) => {
	const { Bucket, Key } = context.params;
	authorizeS3(context, 'GetObject', Bucket, Key);
	await streamObject(context, context.state.objects.getObject(Bucket, Key));
});

export const headObjectOperation = s3HeadOperation('HeadObject', (context) => {
	const { Bucket, Key } = context.params;
	authorizeS3(context, 'GetObject', Bucket, Key);
	const object = context.state.objects.getObject(Bucket, Key);
	sendEmpty(context, 200, {
		...objectHeaders(context, object, true),
		'content-length': String(object.size),
	});
});

export const deleteObjectOperation = s3Operation('DeleteObject', (context) => {
	const { Bucket, Key } = context.params;
	authorizeS3(context, 'DeleteObject', Bucket, Key);
	context.state.objects.deleteObject(Bucket, Key);
	sendEmpty(context, 204);
});
