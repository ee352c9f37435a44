/**
 * Batch job files on S3 through the SDK's S3 client: JSONL written in parts as it is produced
 * (multipart upload once a file passes one part), and objects read back line by line, so neither
 * side holds a whole file in memory.
 */
import type { CompletedPart, S3Client } from '@aws-sdk/client-s3';

import { loadS3Sdk } from './sdk';

/** S3's smallest part (but the last): every part but the last is cut at this size. */
export const MULTIPART_PART_BYTES = 5 * 1024 * 1024;

export interface S3Call {
	signal?: AbortSignal;
}

/**
 * One S3 object written as it is produced. Below one part it is a single PutObject; past it, a
 * multipart upload whose parts go out as they fill up. A failed upload is aborted so no parts are
 * left behind (and billed).
 */
export class S3ObjectWriter {
	private readonly chunks: Buffer[] = [];

	private buffered = 0;

	private uploadId?: string;

	private readonly parts: CompletedPart[] = [];

	private written = 0;

	constructor(
		private readonly client: S3Client,
		readonly bucket: string,
		readonly key: string,
		private readonly options: S3Call & { contentType?: string; partBytes?: number } = {},
	) {}

	private get partBytes(): number {
		return this.options.partBytes ?? MULTIPART_PART_BYTES;
	}

	/** Bytes written so far. */
	get bytes(): number {
		return this.written;
	}

	async write(text: string): Promise<void> {
		const chunk = Buffer.from(text, 'utf8');
		this.chunks.push(chunk);
		this.buffered += chunk.length;
		this.written += chunk.length;
		if (this.buffered >= this.partBytes) await this.flushPart();
	}

	private takeBuffered(): Buffer {
		const body = Buffer.concat(this.chunks, this.buffered);
		this.chunks.length = 0;
		this.buffered = 0;
		return body;
	}

	private async flushPart(): Promise<void> {
		const sdk = await loadS3Sdk();
		const abortSignal = this.options.signal;
		if (!this.uploadId) {
			const created = await this.client.send(
				new sdk.CreateMultipartUploadCommand({
					Bucket: this.bucket,
					Key: this.key,
					ContentType: this.options.contentType,
				}),
				{ abortSignal },
			);
			this.uploadId = created.UploadId;
		}
		const body = this.takeBuffered();
		const PartNumber = this.parts.length + 1;
		const uploaded = await this.client.send(
			new sdk.UploadPartCommand({
				Bucket: this.bucket,
				Key: this.key,
				UploadId: this.uploadId,
				PartNumber,
				Body: body,
				ContentLength: body.length,
			}),
			{ abortSignal },
		);
		this.parts.push({ ETag: uploaded.ETag, PartNumber });
	}

	/** Sends what is left and completes the object. */
	async close(): Promise<void> {
		const sdk = await loadS3Sdk();
		const abortSignal = this.options.signal;
		if (!this.uploadId) {
			const body = this.takeBuffered();
			await this.client.send(
				new sdk.PutObjectCommand({
					Bucket: this.bucket,
					Key: this.key,
					Body: body,
					ContentLength: body.length,
					ContentType: this.options.contentType,
				}),
				{ abortSignal },
			);
			return;
		}
		if (this.buffered > 0) await this.flushPart();
		await this.client.send(
			new sdk.CompleteMultipartUploadCommand({
				Bucket: this.bucket,
				Key: this.key,
				UploadId: this.uploadId,
				MultipartUpload: { Parts: this.parts },
			}),
			{ abortSignal },
		);
	}

	/** Gives up: a multipart upload in progress is aborted. Never throws. */
	async abort(): Promise<void> {
		this.chunks.length = 0;
		this.buffered = 0;
		if (!this.uploadId) return;
		try {
			const sdk = await loadS3Sdk();
			await this.client.send(
				new sdk.AbortMultipartUploadCommand({
					Bucket: this.bucket,
					Key: this.key,
					UploadId: this.uploadId,
				}),
			);
		} catch {
			// The upload's failure is what the user needs to see; S3 lifecycle rules clean up the rest.
		}
	}
}

/** Writes one small object (JSON) at once. */
export async function putJsonObject(
	client: S3Client,
	bucket: string,
	key: string,
	value: unknown,
	call: S3Call = {},
): Promise<void> {
	const sdk = await loadS3Sdk();
	const body = Buffer.from(JSON.stringify(value, null, '\t'), 'utf8');
	await client.send(
		new sdk.PutObjectCommand({
			Bucket: bucket,
			Key: key,
			Body: body,
			ContentLength: body.length,
			ContentType: 'application/json',
		}),
		{ abortSignal: call.signal },
	);
}

function isNotFound(error: unknown): boolean {
	const shape = error as { name?: string; $metadata?: { httpStatusCode?: number } };
	return (
		shape?.name === 'NoSuchKey' ||
		shape?.name === 'NotFound' ||
		shape?.$metadata?.httpStatusCode === 404
	);
}

/** Reads one small JSON object; undefined when there is no such object. */
export async function getJsonObject(
	client: S3Client,
	bucket: string,
	key: string,
	call: S3Call = {},
): Promise<unknown> {
	const sdk = await loadS3Sdk();
	const response = await client
		.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: call.signal })
		.catch((error: unknown) => {
			if (isNotFound(error)) return undefined;
			return Promise.reject(error);
		});
	if (!response) return undefined;
	const text = (await response.Body?.transformToString('utf8')) ?? '';
	return text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
}

/** The keys under a prefix, in S3's (lexicographic) order, every page of ListObjectsV2. */
export async function listKeys(
	client: S3Client,
	bucket: string,
	prefix: string,
	call: S3Call = {},
): Promise<string[]> {
	const sdk = await loadS3Sdk();
	const keys: string[] = [];
	let ContinuationToken: string | undefined;
	do {
		const page = await client.send(
			new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken }),
			{ abortSignal: call.signal },
		);
		for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
		ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
	} while (ContinuationToken);
	return keys;
}

/** The lines of an object as they stream in; memory holds one network chunk and one line. */
export async function* readObjectLines(
	client: S3Client,
	bucket: string,
	key: string,
	call: S3Call = {},
): AsyncGenerator<string> {
	const sdk = await loadS3Sdk();
	const response = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }), {
		abortSignal: call.signal,
	});
	// In Node.js the body is a Readable, an async iterable of Buffers.
	const body = response.Body as AsyncIterable<Uint8Array | string> | undefined;
	if (!body) return;
	// Streaming decode: a character split across two chunks is joined, as the next chunk arrives.
	const decoder = new TextDecoder('utf-8');
	let pending = '';
	for await (const chunk of body) {
		pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
		let newline = pending.indexOf('\n');
		while (newline !== -1) {
			yield pending.slice(0, newline);
			pending = pending.slice(newline + 1);
			newline = pending.indexOf('\n');
		}
	}
	pending += decoder.decode();
	if (pending !== '') yield pending;
}

/**
 * The region S3 says a bucket is in (HeadBucket's `x-amz-bucket-region`), or undefined when it
 * cannot be known (no permission to see the bucket, or a server that does not say). A missing
 * bucket is `null`.
 */
export async function bucketRegion(
	client: S3Client,
	bucket: string,
	call: S3Call = {},
): Promise<string | null | undefined> {
	const sdk = await loadS3Sdk();
	try {
		const response = await client.send(new sdk.HeadBucketCommand({ Bucket: bucket }), {
			abortSignal: call.signal,
		});
		return response.BucketRegion ?? undefined;
	} catch (error) {
		const shape = error as {
			name?: string;
			$metadata?: { httpStatusCode?: number };
			$response?: { headers?: Record<string, string> };
		};
		const headerRegion = shape.$response?.headers?.['x-amz-bucket-region'];
		if (headerRegion) return headerRegion;
		if (shape.name === 'NotFound' || shape.name === 'NoSuchBucket') return null;
		if (shape.$metadata?.httpStatusCode === 404) return null;
		return undefined;
	}
}
