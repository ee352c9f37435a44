import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

import {
	AbortMultipartUploadCommand,
	CompleteMultipartUploadCommand,
	CreateBucketCommand,
	CreateMultipartUploadCommand,
	DeleteObjectCommand,
	GetObjectCommand,
	HeadBucketCommand,
	HeadObjectCommand,
	ListObjectsV2Command,
	NoSuchKey,
	paginateListObjectsV2,
	PutObjectCommand,
	S3ServiceException,
	UploadPartCommand,
} from '@aws-sdk/client-s3';

import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

import type { RunningEmulator } from '../../emulator';
import { DEFAULT_BUCKET, EMULATOR_CREDENTIALS, n8nCredentialFor, start } from '../../emulator';
import { CREDENTIALS, s3Client } from './client';

const Sha256 = Hash.bind(null, 'sha256');

/** The error an S3 call rejects with, for asserting its name, status and message. */
async function s3Failure(promise: Promise<unknown>): Promise<S3ServiceException> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof S3ServiceException) return error;
		throw error;
	}
	throw new Error('expected the S3 call to fail');
}

// The emulator's S3 through the real S3 client (path style, SigV4, HTTP/1.1 as the client's default).
describe('the emulator’s S3', () => {
	let emulator: RunningEmulator;

	beforeAll(async () => {
		emulator = await start({
			port: 0,
			s3Buckets: [DEFAULT_BUCKET, 'other-bucket', 'eu-bucket'],
			s3BucketRegions: { 'eu-bucket': 'eu-west-1' },
			s3MinPartBytes: 1024,
		});
	});
	afterAll(async () => await emulator.close());
	beforeEach(() => emulator.configure({ deniedActions: [] }));

	it('is served under /s3 on the emulator’s port, and the n8n credential names it', () => {
		expect(emulator.s3Endpoint).toBe(`${emulator.url}/s3`);
		expect(n8nCredentialFor(emulator.url).s3Endpoint).toBe(emulator.s3Endpoint);
	});

	it('stores an object with one PUT, heads it and streams it back, whole or a range', async () => {
		const s3 = s3Client(emulator.s3Endpoint);
		const put = await s3.send(
			new PutObjectCommand({
				Bucket: DEFAULT_BUCKET,
				Key: 'single/hello world.txt',
				Body: 'Hello, emulator!',
				ContentType: 'text/plain',
				Metadata: { origin: 'test' },
			}),
		);
		expect(put.ETag).toBe(`"${createHash('md5').update('Hello, emulator!').digest('hex')}"`);
		expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
		const head = await s3.send(
			new HeadObjectCommand({ Bucket: DEFAULT_BUCKET, Key: 'single/hello world.txt' }),
		);
		expect(head).toMatchObject({
			ContentLength: 16,
			ContentType: 'text/plain',
			ETag: put.ETag,
			Metadata: { origin: 'test' },
		});
		const whole = await s3.send(
			new GetObjectCommand({ Bucket: DEFAULT_BUCKET, Key: 'single/hello world.txt' }),
		);
		expect(await whole.Body?.transformToString()).toBe('Hello, emulator!');
		// The CRC32 the client uploaded with comes back, and the client checks the streamed body against it.
		expect([whole.ChecksumCRC32, whole.ChecksumType]).toEqual([put.ChecksumCRC32, 'FULL_OBJECT']);
		expect(put.ChecksumCRC32).toMatch(/^[A-Za-z0-9+/]{6}==$/);
		// Uploaded data is not copied into the request log.
		const uploads = emulator.requests.filter((request) => request.operation === 'PutObject');
		expect(uploads.length).toBeGreaterThan(0);
		expect(uploads.every((request) => request.body === undefined)).toBe(true);
		const range = await s3.send(
			new GetObjectCommand({
				Bucket: DEFAULT_BUCKET,
				Key: 'single/hello world.txt',
				Range: 'bytes=7-14',
			}),
		);
		expect(range.ContentRange).toBe('bytes 7-14/16');
		expect(await range.Body?.transformToString()).toBe('emulator');
		const suffix = await s3.send(
			new GetObjectCommand({
				Bucket: DEFAULT_BUCKET,
				Key: 'single/hello world.txt',
				Range: 'bytes=-1',
			}),
		);
		expect(await suffix.Body?.transformToString()).toBe('!');
		const beyond = await s3Failure(
			s3.send(
				new GetObjectCommand({
					Bucket: DEFAULT_BUCKET,
					Key: 'single/hello world.txt',
					Range: 'bytes=99-',
				}),
			),
		);
		expect([beyond.name, beyond.$metadata.httpStatusCode]).toEqual(['InvalidRange', 416]);
	});

	it('decodes the aws-chunked upload the client sends for a stream, checking its CRC32 trailer', async () => {
		const s3 = s3Client(emulator.s3Endpoint);
		// What the client put on the wire, seen after signing.
		const sent: Array<Record<string, string>> = [];
		s3.middlewareStack.add(
			(next) => async (args) => {
				sent.push({ ...(args.request as { headers: Record<string, string> }).headers });
				return await next(args);
			},
			{ step: 'deserialize' },
		);
		const parts = [Buffer.from('{"a":1}\n'), Buffer.from('{"b":2}\n'), Buffer.from('{"c":3}\n')];
		await s3.send(
			new PutObjectCommand({
				Bucket: DEFAULT_BUCKET,
				Key: 'streamed/records.jsonl',
				Body: Readable.from(parts),
				ContentLength: 24,
			}),
		);
		expect(sent[0]).toMatchObject({
			'content-encoding': 'aws-chunked',
			'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
			'x-amz-trailer': 'x-amz-checksum-crc32',
			'x-amz-decoded-content-length': '24',
		});
		const got = await s3.send(
			new GetObjectCommand({ Bucket: DEFAULT_BUCKET, Key: 'streamed/records.jsonl' }),
		);
		expect(await got.Body?.transformToString()).toBe(Buffer.concat(parts).toString());
	});

	it('streams a large object in many pieces', async () => {
		const s3 = s3Client(emulator.s3Endpoint);
		const body = Buffer.alloc(3 * 1024 * 1024, 'x');
		await s3.send(new PutObjectCommand({ Bucket: DEFAULT_BUCKET, Key: 'large.bin', Body: body }));
		const got = await s3.send(new GetObjectCommand({ Bucket: DEFAULT_BUCKET, Key: 'large.bin' }));
		let pieces = 0;
		let bytes = 0;
		for await (const piece of got.Body as Readable) {
			pieces++;
			bytes += (piece as Buffer).length;
		}
		expect(bytes).toBe(body.length);
		expect(pieces).toBeGreaterThan(1);
	});

	it('refuses a body whose checksum does not match (BadDigest)', async () => {
		const s3 = s3Client(emulator.s3Endpoint);
		const failure = await s3Failure(
			s3.send(
				new PutObjectCommand({
					Bucket: DEFAULT_BUCKET,
					Key: 'bad-digest.txt',
					Body: 'payload',
					ChecksumCRC32: 'AAAAAA==',
				}),
			),
		);
		expect([failure.name, failure.$metadata.httpStatusCode]).toEqual(['BadDigest', 400]);
	});

	it('lists with prefix, delimiter, max-keys and continuation tokens', async () => {
		const s3 = s3Client(emulator.s3Endpoint);
		for (const key of [
			'list/a.jsonl',
			'list/b.jsonl',
			'list/sub/c.jsonl',
			'list/sub/d.jsonl',
			'list/z.txt',
		]) {
			await s3.send(new PutObjectCommand({ Bucket: 'other-bucket', Key: key, Body: key }));
		}
		const folder = await s3.send(
			new ListObjectsV2Command({ Bucket: 'other-bucket', Prefix: 'list/', Delimiter: '/' }),
		);
		expect(folder.Contents?.map((object) => object.Key)).toEqual([
			'list/a.jsonl',
			'list/b.jsonl',
			'list/z.txt',
		]);
		expect(folder.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['list/sub/']);
		expect(folder.KeyCount).toBe(4);
		expect(folder.Contents?.[0]).toMatchObject({ Size: 12, StorageClass: 'STANDARD' });

		const pages: string[][] = [];
		for await (const page of paginateListObjectsV2(
			{ client: s3, pageSize: 2 },
			{ Bucket: 'other-bucket', Prefix: 'list/' },
		)) {
			pages.push((page.Contents ?? []).map((object) => object.Key ?? ''));
		}
		expect(pages).toEqual([
			['list/a.jsonl', 'list/b.jsonl'],
			['list/sub/c.jsonl', 'list/sub/d.jsonl'],
			['list/z.txt'],
		]);
		const first = await s3.send(
			new ListObjectsV2Command({
				Bucket: 'other-bucket',
				Prefix: 'list/',
				Delimiter: '/',
				MaxKeys: 3,
			}),
		);
		expect(first.IsTruncated).toBe(true);
		const rest = await s3.send(
			new ListObjectsV2Command({
				Bucket: 'other-bucket',
				Prefix: 'list/',
				Delimiter: '/',
				ContinuationToken: first.NextContinuationToken,
			}),
		);
		expect([rest.Contents?.map((object) => object.Key), rest.CommonPrefixes]).toEqual([
			['list/z.txt'],
			undefined,
		]);
		const after = await s3.send(
			new ListObjectsV2Command({
				Bucket: 'other-bucket',
				Prefix: 'list/',
				StartAfter: 'list/sub/d.jsonl',
			}),
		);
		expect(after.Contents?.map((object) => object.Key)).toEqual(['list/z.txt']);
	});

	it('deletes objects', async () => {
		const s3 = s3Client(emulator.s3Endpoint);
		await s3.send(new PutObjectCommand({ Bucket: DEFAULT_BUCKET, Key: 'gone.txt', Body: 'x' }));
		await s3.send(new DeleteObjectCommand({ Bucket: DEFAULT_BUCKET, Key: 'gone.txt' }));
		const failure = await s3Failure(
			s3.send(new GetObjectCommand({ Bucket: DEFAULT_BUCKET, Key: 'gone.txt' })),
		);
		expect(failure).toBeInstanceOf(NoSuchKey);
	});

	it('joins a multipart upload’s parts, with the multipart ETag', async () => {
		const s3 = s3Client(emulator.s3Endpoint);
		const key = 'multipart/records.jsonl';
		const { UploadId } = await s3.send(
			new CreateMultipartUploadCommand({
				Bucket: DEFAULT_BUCKET,
				Key: key,
				ContentType: 'application/jsonl',
			}),
		);
		const first = Buffer.alloc(2048, 'a');
		const second = Buffer.from('tail');
		const one = await s3.send(
			new UploadPartCommand({
				Bucket: DEFAULT_BUCKET,
				Key: key,
				UploadId,
				PartNumber: 1,
				Body: first,
			}),
		);
		const two = await s3.send(
			new UploadPartCommand({
				Bucket: DEFAULT_BUCKET,
				Key: key,
				UploadId,
				PartNumber: 2,
				Body: Readable.from([second]),
				ContentLength: second.length,
			}),
		);
		const done = await s3.send(
			new CompleteMultipartUploadCommand({
				Bucket: DEFAULT_BUCKET,
				Key: key,
				UploadId,
				MultipartUpload: {
					Parts: [
						{ PartNumber: 1, ETag: one.ETag },
						{ PartNumber: 2, ETag: two.ETag },
					],
				},
			}),
		);
		expect(done.ETag).toMatch(/^"[0-9a-f]{32}-2"$/);
		const got = await s3.send(new GetObjectCommand({ Bucket: DEFAULT_BUCKET, Key: key }));
		expect(got.ContentType).toBe('application/jsonl');
		expect(await got.Body?.transformToString()).toBe(Buffer.concat([first, second]).toString());
	});

	it('refuses small parts, unknown parts and aborted uploads as S3 does', async () => {
		const s3 = s3Client(emulator.s3Endpoint);
		const key = 'multipart/refused.jsonl';
		const { UploadId } = await s3.send(
			new CreateMultipartUploadCommand({ Bucket: DEFAULT_BUCKET, Key: key }),
		);
		const small = await s3.send(
			new UploadPartCommand({
				Bucket: DEFAULT_BUCKET,
				Key: key,
				UploadId,
				PartNumber: 1,
				Body: 'small',
			}),
		);
		const last = await s3.send(
			new UploadPartCommand({
				Bucket: DEFAULT_BUCKET,
				Key: key,
				UploadId,
				PartNumber: 2,
				Body: 'last',
			}),
		);
		const complete = (parts: Array<{ PartNumber: number; ETag?: string }>) =>
			s3.send(
				new CompleteMultipartUploadCommand({
					Bucket: DEFAULT_BUCKET,
					Key: key,
					UploadId,
					MultipartUpload: { Parts: parts },
				}),
			);
		expect(
			(
				await s3Failure(
					complete([
						{ PartNumber: 1, ETag: small.ETag },
						{ PartNumber: 2, ETag: last.ETag },
					]),
				)
			).name,
		).toBe('EntityTooSmall');
		expect((await s3Failure(complete([{ PartNumber: 3, ETag: last.ETag }]))).name).toBe(
			'InvalidPart',
		);
		await s3.send(new AbortMultipartUploadCommand({ Bucket: DEFAULT_BUCKET, Key: key, UploadId }));
		const aborted = await s3Failure(complete([{ PartNumber: 2, ETag: last.ETag }]));
		expect([aborted.name, aborted.$metadata.httpStatusCode]).toEqual(['NoSuchUpload', 404]);
	});

	it('answers missing buckets and keys with S3’s errors', async () => {
		const s3 = s3Client(emulator.s3Endpoint);
		const noBucket = await s3Failure(
			s3.send(new PutObjectCommand({ Bucket: 'no-such-bucket', Key: 'x', Body: 'x' })),
		);
		expect([noBucket.name, noBucket.message, noBucket.$metadata.httpStatusCode]).toEqual([
			'NoSuchBucket',
			'The specified bucket does not exist',
			404,
		]);
		const noKey = await s3Failure(
			s3.send(new GetObjectCommand({ Bucket: DEFAULT_BUCKET, Key: 'missing.jsonl' })),
		);
		expect([noKey.name, noKey.message]).toEqual(['NoSuchKey', 'The specified key does not exist.']);
		const headMissing = await s3Failure(
			s3.send(new HeadObjectCommand({ Bucket: DEFAULT_BUCKET, Key: 'missing.jsonl' })),
		);
		expect([headMissing.name, headMissing.$metadata.httpStatusCode]).toEqual(['NotFound', 404]);
	});

	it('creates buckets, refuses invalid names and existing ones, and creates on demand when set', async () => {
		const s3 = s3Client(emulator.s3Endpoint);
		await s3.send(new CreateBucketCommand({ Bucket: 'created-bucket' }));
		await s3.send(new HeadBucketCommand({ Bucket: 'created-bucket' }));
		expect(
			(await s3Failure(s3.send(new CreateBucketCommand({ Bucket: 'created-bucket' })))).name,
		).toBe('BucketAlreadyOwnedByYou');
		expect((await s3Failure(s3.send(new CreateBucketCommand({ Bucket: 'No_Such' })))).name).toBe(
			'InvalidBucketName',
		);
		emulator.configure({ s3AutoCreateBuckets: true });
		try {
			await s3.send(new PutObjectCommand({ Bucket: 'on-demand-bucket', Key: 'x', Body: 'x' }));
			await s3.send(new HeadBucketCommand({ Bucket: 'on-demand-bucket' }));
		} finally {
			emulator.configure({ s3AutoCreateBuckets: false });
		}
	});

	it('checks SigV4: a wrong secret, an unknown key, an IAM denial', async () => {
		const wrongSecret = s3Client(emulator.s3Endpoint, {
			credentials: { accessKeyId: EMULATOR_CREDENTIALS.accessKeyId, secretAccessKey: 'wrong' },
		});
		const mismatch = await s3Failure(
			wrongSecret.send(new GetObjectCommand({ Bucket: DEFAULT_BUCKET, Key: 'large.bin' })),
		);
		expect([mismatch.name, mismatch.$metadata.httpStatusCode]).toEqual([
			'SignatureDoesNotMatch',
			403,
		]);
		const unknownKey = s3Client(emulator.s3Endpoint, {
			credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' },
		});
		expect(
			(
				await s3Failure(
					unknownKey.send(new GetObjectCommand({ Bucket: DEFAULT_BUCKET, Key: 'large.bin' })),
				)
			).name,
		).toBe('InvalidAccessKeyId');
		emulator.configure({ deniedActions: ['s3:PutObject'] });
		const denied = await s3Failure(
			s3Client(emulator.s3Endpoint).send(
				new PutObjectCommand({ Bucket: DEFAULT_BUCKET, Key: 'denied.txt', Body: 'x' }),
			),
		);
		expect([denied.name, denied.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
		expect(denied.message).toBe(
			'User: arn:aws:iam::123456789012:user/emulator is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::emulator-batch/denied.txt because no identity-based policy allows the s3:PutObject action',
		);
	});

	it('needs x-amz-content-sha256 on a SigV4 request, as S3 does', async () => {
		const url = new URL(`${emulator.s3Endpoint}/${DEFAULT_BUCKET}/large.bin`);
		const signer = new SignatureV4({
			credentials: CREDENTIALS,
			region: EMULATOR_CREDENTIALS.region,
			service: 's3',
			sha256: Sha256,
			applyChecksum: false,
			uriEscapePath: false,
		});
		const signed = await signer.sign({
			method: 'GET',
			protocol: 'http:',
			hostname: url.hostname,
			port: Number(url.port),
			path: url.pathname,
			headers: { host: url.host },
		});
		expect(signed.headers['x-amz-content-sha256']).toBeUndefined();
		const response = await fetch(url, { headers: signed.headers });
		expect(response.status).toBe(400);
		expect(await response.text()).toContain(
			'<Code>InvalidRequest</Code><Message>Missing required header for this request: x-amz-content-sha256</Message>',
		);
	});

	it('tells a bucket’s region and refuses requests signed for another', async () => {
		const s3 = s3Client(emulator.s3Endpoint);
		const local = await s3.send(new HeadBucketCommand({ Bucket: DEFAULT_BUCKET }));
		expect(local.BucketRegion).toBe('us-east-1');
		const elsewhere = await s3Failure(s3.send(new HeadBucketCommand({ Bucket: 'eu-bucket' })));
		expect(elsewhere.$metadata.httpStatusCode).toBe(301);
		expect(elsewhere.$response?.headers['x-amz-bucket-region']).toBe('eu-west-1');
		const put = await s3Failure(
			s3.send(new PutObjectCommand({ Bucket: 'eu-bucket', Key: 'x', Body: 'x' })),
		);
		expect(put.name).toBe('AuthorizationHeaderMalformed');
		const euClient = s3Client(emulator.s3Endpoint, { region: 'eu-west-1' });
		await euClient.send(new PutObjectCommand({ Bucket: 'eu-bucket', Key: 'x', Body: 'x' }));
		expect((await euClient.send(new HeadBucketCommand({ Bucket: 'eu-bucket' }))).BucketRegion).toBe(
			'eu-west-1',
		);
	});
});
