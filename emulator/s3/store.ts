/**
 * The emulator's S3 contents: buckets, objects (kept as the chunks they arrived or were written in,
 * so a large object is never copied into one string) and multipart uploads in progress. Held by
 * EmulatorState; the operations in operations/s3*.ts and the batch jobs (batch/) use it.
 */
import { createHash, randomBytes } from 'node:crypto';

import { S3Error } from './errors';

export interface StoredObject {
	key: string;
	chunks: Buffer[];
	size: number;
	/** Quoted, as S3 sends it: `"<md5 hex>"`, or `"<md5 of the parts' md5s>-<part count>"`. */
	etag: string;
	lastModified: Date;
	contentType: string;
	metadata: Record<string, string>;
	/** The full-object checksums the uploader sent (`crc32` → base64), returned when asked for. */
	checksums: Record<string, string>;
}

export interface UploadPart {
	partNumber: number;
	chunks: Buffer[];
	size: number;
	etag: string;
	md5: Buffer;
}

export interface MultipartUpload {
	uploadId: string;
	bucket: string;
	key: string;
	contentType: string;
	metadata: Record<string, string>;
	initiated: Date;
	parts: Map<number, UploadPart>;
}

export interface Bucket {
	name: string;
	created: Date;
	objects: Map<string, StoredObject>;
}

export interface ObjectInput {
	chunks: Buffer[];
	contentType?: string;
	metadata?: Record<string, string>;
	checksums?: Record<string, string>;
}

/** S3's bucket naming rules (general purpose buckets): 3-63 characters, lower case, digits, dots, hyphens. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** S3's smallest part other than the last (5 MiB). */
export const MIN_PART_BYTES = 5 * 1024 * 1024;

function md5Of(chunks: Buffer[]): Buffer {
	const hash = createHash('md5');
	for (const chunk of chunks) hash.update(chunk);
	return hash.digest();
}

function sizeOf(chunks: Buffer[]): number {
	return chunks.reduce((total, chunk) => total + chunk.length, 0);
}

export class ObjectStore {
	private readonly buckets = new Map<string, Bucket>();
	private readonly uploads = new Map<string, MultipartUpload>();

	constructor(
		initialBuckets: string[] = [],
		/** Whether a write to a missing bucket creates it (instead of NoSuchBucket). */
		private autoCreate = false,
	) {
		for (const name of initialBuckets) this.createBucket(name, true);
	}

	configure(buckets: string[] | undefined, autoCreate: boolean | undefined): void {
		for (const name of buckets ?? []) this.createBucket(name, true);
		if (autoCreate !== undefined) this.autoCreate = autoCreate;
	}

	createBucket(name: string, existingIsFine = false): Bucket {
		if (!BUCKET_NAME.test(name)) {
			throw new S3Error('InvalidBucketName', undefined, { BucketName: name });
		}
		const existing = this.buckets.get(name);
		if (existing) {
			if (existingIsFine) return existing;
			throw new S3Error('BucketAlreadyOwnedByYou', undefined, { BucketName: name });
		}
		const bucket: Bucket = { name, created: new Date(), objects: new Map() };
		this.buckets.set(name, bucket);
		return bucket;
	}

	bucket(name: string): Bucket {
		const bucket = this.buckets.get(name);
		if (!bucket) throw new S3Error('NoSuchBucket', undefined, { BucketName: name });
		return bucket;
	}

	hasBucket(name: string): boolean {
		return this.buckets.has(name);
	}

	listBuckets(): Bucket[] {
		return [...this.buckets.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
	}

	deleteBucket(name: string): void {
		const bucket = this.bucket(name);
		if (bucket.objects.size > 0) {
			throw new S3Error('BucketNotEmpty', undefined, { BucketName: name });
		}
		this.buckets.delete(name);
	}

	/** The bucket a write goes to: created on demand when the store is set to. */
	private writableBucket(name: string): Bucket {
		if (this.autoCreate && !this.buckets.has(name)) return this.createBucket(name);
		return this.bucket(name);
	}

	putObject(bucketName: string, key: string, input: ObjectInput): StoredObject {
		const bucket = this.writableBucket(bucketName);
		const stored: StoredObject = {
			key,
			chunks: input.chunks,
			size: sizeOf(input.chunks),
			etag: `"${md5Of(input.chunks).toString('hex')}"`,
			lastModified: new Date(),
			contentType: input.contentType ?? 'application/octet-stream',
			metadata: input.metadata ?? {},
			checksums: input.checksums ?? {},
		};
		bucket.objects.set(key, stored);
		return stored;
	}

	getObject(bucketName: string, key: string): StoredObject {
		const object = this.bucket(bucketName).objects.get(key);
		if (!object) throw new S3Error('NoSuchKey', undefined, { Key: key });
		return object;
	}

	findObject(bucketName: string, key: string): StoredObject | undefined {
		return this.buckets.get(bucketName)?.objects.get(key);
	}

	deleteObject(bucketName: string, key: string): void {
		this.bucket(bucketName).objects.delete(key);
	}

	/** The bucket's objects under `prefix`, in key order (S3 lists by UTF-8 binary order). */
	objectsUnder(bucketName: string, prefix: string): StoredObject[] {
		const objects = [...this.bucket(bucketName).objects.values()].filter((object) =>
			object.key.startsWith(prefix),
		);
		return objects.sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
	}

	createUpload(
		bucketName: string,
		key: string,
		input: Omit<ObjectInput, 'chunks'>,
	): MultipartUpload {
		this.writableBucket(bucketName);
		const upload: MultipartUpload = {
			uploadId: randomBytes(24).toString('base64url'),
			bucket: bucketName,
			key,
			contentType: input.contentType ?? 'application/octet-stream',
			metadata: input.metadata ?? {},
			initiated: new Date(),
			parts: new Map(),
		};
		this.uploads.set(upload.uploadId, upload);
		return upload;
	}

	upload(bucketName: string, key: string, uploadId: string): MultipartUpload {
		this.bucket(bucketName);
		const upload = this.uploads.get(uploadId);
		if (!upload || upload.bucket !== bucketName || upload.key !== key) {
			throw new S3Error('NoSuchUpload', undefined, { UploadId: uploadId });
		}
		return upload;
	}

	putPart(upload: MultipartUpload, partNumber: number, chunks: Buffer[]): UploadPart {
		const md5 = md5Of(chunks);
		const part: UploadPart = {
			partNumber,
			chunks,
			size: sizeOf(chunks),
			etag: `"${md5.toString('hex')}"`,
			md5,
		};
		upload.parts.set(partNumber, part);
		return part;
	}

	/** Joins the listed parts (ascending part numbers, matching ETags, all but the last ≥ 5 MiB) into the object. */
	completeUpload(
		upload: MultipartUpload,
		listed: Array<{ partNumber: number; etag: string }>,
		minPartBytes = MIN_PART_BYTES,
	): StoredObject {
		if (listed.length === 0) throw new S3Error('MalformedXML');
		const parts: UploadPart[] = [];
		listed.forEach(({ partNumber, etag }, index) => {
			if (index > 0 && partNumber <= listed[index - 1].partNumber) {
				throw new S3Error('InvalidPartOrder');
			}
			const part = upload.parts.get(partNumber);
			const normalise = (value: string) => value.replace(/^"|"$/g, '');
			if (!part || normalise(part.etag) !== normalise(etag)) throw new S3Error('InvalidPart');
			parts.push(part);
		});
		parts.forEach((part, index) => {
			if (index < parts.length - 1 && part.size < minPartBytes) {
				throw new S3Error('EntityTooSmall', undefined, {
					ProposedSize: String(part.size),
					MinSizeAllowed: String(minPartBytes),
					PartNumber: String(part.partNumber),
					ETag: part.etag,
				});
			}
		});
		const stored = this.putObject(upload.bucket, upload.key, {
			chunks: parts.flatMap((part) => part.chunks),
			contentType: upload.contentType,
			metadata: upload.metadata,
		});
		stored.etag = `"${md5Of(parts.map((part) => part.md5)).toString('hex')}-${parts.length}"`;
		this.uploads.delete(upload.uploadId);
		return stored;
	}

	abortUpload(upload: MultipartUpload): void {
		this.uploads.delete(upload.uploadId);
	}

	clear(): void {
		for (const bucket of this.buckets.values()) bucket.objects.clear();
		this.uploads.clear();
	}
}
