/**
 * S3's bucket operations, path style (`/s3/{Bucket}`): CreateBucket, HeadBucket, DeleteBucket,
 * ListBuckets, GetBucketLocation and ListObjectsV2 (prefix, delimiter, continuation token,
 * start-after, max-keys, url encoding).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
 */
import { EMULATOR_REGION } from '../catalogue';
import type { RequestContext } from '../context';
import { S3Error } from '../s3/errors';
import { authorizeS3, s3HeadOperation, s3Operation, sendEmpty, sendXml } from '../s3/operation';
import type { StoredObject } from '../s3/store';
import type { XmlElement } from '../s3/xml';
import { escapeXml, S3_NAMESPACE, s3Headers } from '../s3/xml';

const MAX_KEYS = 1000;

export const createBucketOperation = s3Operation('CreateBucket', (context) => {
	const { Bucket } = context.params;
	authorizeS3(context, 'CreateBucket', Bucket);
	context.state.objects.createBucket(Bucket);
	sendEmpty(context, 200, { location: `/${Bucket}` });
});

export const headBucketOperation = s3HeadOperation('HeadBucket', (context) => {
	const { Bucket } = context.params;
	authorizeS3(context, 'ListBucket', Bucket);
	context.state.objects.bucket(Bucket);
	sendEmpty(context, 200, {
		'x-amz-bucket-region': context.state.options.s3BucketRegions[Bucket] ?? EMULATOR_REGION,
	});
});

export const deleteBucketOperation = s3Operation('DeleteBucket', (context) => {
	const { Bucket } = context.params;
	authorizeS3(context, 'DeleteBucket', Bucket);
	context.state.objects.deleteBucket(Bucket);
	sendEmpty(context, 204);
});

export const listBucketsOperation = s3Operation('ListBuckets', (context) => {
	authorizeS3(context, 'ListAllMyBuckets', '*');
	sendXml(context, 'ListAllMyBucketsResult', {
		Owner: { ID: 'emulator', DisplayName: 'emulator' },
		Buckets: {
			Bucket: context.state.objects.listBuckets().map((bucket) => ({
				Name: bucket.name,
				CreationDate: bucket.created.toISOString(),
			})),
		},
	});
});

export const getBucketLocationOperation = s3Operation('GetBucketLocation', (context) => {
	const { Bucket } = context.params;
	authorizeS3(context, 'GetBucketLocation', Bucket);
	context.state.objects.bucket(Bucket);
	// us-east-1 answers an empty LocationConstraint; other regions their name as its text.
	const region = context.state.options.s3BucketRegions[Bucket] ?? EMULATOR_REGION;
	const text = region === 'us-east-1' ? '' : escapeXml(region);
	context.sendBytes(
		200,
		`<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="${S3_NAMESPACE}">${text}</LocationConstraint>`,
		{ 'content-type': 'application/xml', ...s3Headers(context.requestId) },
	);
});

interface ContinuationPoint {
	/** Resume after this key, or after every key under this common prefix. */
	after: string;
	commonPrefix: boolean;
}

function encodeToken(point: ContinuationPoint): string {
	return Buffer.from(JSON.stringify(point)).toString('base64');
}

function decodeToken(token: string): ContinuationPoint {
	try {
		const point = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as ContinuationPoint;
		if (typeof point.after === 'string') return point;
	} catch {
		// answered below
	}
	throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', {
		ArgumentName: 'continuation-token',
	});
}

function isAfter(key: string, point: ContinuationPoint | undefined): boolean {
	if (!point) return true;
	if (point.commonPrefix && key.startsWith(point.after)) return false;
	return Buffer.compare(Buffer.from(key), Buffer.from(point.after)) > 0;
}

function maxKeysOf(context: RequestContext): number {
	const value = context.query.get('max-keys');
	if (value === null) return MAX_KEYS;
	const number = Number(value);
	if (!/^\d+$/.test(value) || !Number.isSafeInteger(number)) {
		throw new S3Error(
			'InvalidArgument',
			'Provided max-keys not an integer or within integer range',
			{
				ArgumentName: 'max-keys',
				ArgumentValue: value,
			},
		);
	}
	return Math.min(number, MAX_KEYS);
}

export const listObjectsV2Operation = s3Operation('ListObjectsV2', (context) => {
	const { Bucket } = context.params;
	authorizeS3(context, 'ListBucket', Bucket);
	const prefix = context.query.get('prefix') ?? '';
	const delimiter = context.query.get('delimiter') ?? '';
	const startAfter = context.query.get('start-after') ?? '';
	const token = context.query.get('continuation-token');
	const urlEncoded = context.query.get('encoding-type') === 'url';
	const maxKeys = maxKeysOf(context);
	const encode = (text: string) =>
		urlEncoded ? encodeURIComponent(text).replace(/%2F/g, '/') : text;

	const resumeAt: ContinuationPoint | undefined =
		token !== null
			? decodeToken(token)
			: startAfter
				? { after: startAfter, commonPrefix: false }
				: undefined;
	const contents: StoredObject[] = [];
	const commonPrefixes: string[] = [];
	let last: ContinuationPoint | undefined;
	let truncated = false;
	for (const object of context.state.objects.objectsUnder(Bucket, prefix)) {
		if (!isAfter(object.key, resumeAt)) continue;
		const cut = delimiter ? object.key.indexOf(delimiter, prefix.length) : -1;
		const commonPrefix = cut >= 0 ? object.key.slice(0, cut + delimiter.length) : undefined;
		if (commonPrefix !== undefined && last?.commonPrefix && last.after === commonPrefix) continue;
		if (contents.length + commonPrefixes.length >= maxKeys) {
			truncated = true;
			break;
		}
		if (commonPrefix !== undefined) {
			commonPrefixes.push(commonPrefix);
			last = { after: commonPrefix, commonPrefix: true };
		} else {
			contents.push(object);
			last = { after: object.key, commonPrefix: false };
		}
	}
	const result: XmlElement = {
		Name: Bucket,
		Prefix: encode(prefix),
		...(delimiter ? { Delimiter: encode(delimiter) } : {}),
		MaxKeys: maxKeys,
		KeyCount: contents.length + commonPrefixes.length,
		IsTruncated: truncated,
		...(token !== null ? { ContinuationToken: token } : {}),
		...(truncated && last ? { NextContinuationToken: encodeToken(last) } : {}),
		...(startAfter ? { StartAfter: encode(startAfter) } : {}),
		...(urlEncoded ? { EncodingType: 'url' } : {}),
		Contents: contents.map((object) => ({
			Key: encode(object.key),
			LastModified: object.lastModified.toISOString(),
			ETag: object.etag,
			Size: object.size,
			StorageClass: 'STANDARD',
		})),
		CommonPrefixes: commonPrefixes.map((commonPrefix) => ({ Prefix: encode(commonPrefix) })),
	};
	sendXml(context, 'ListBucketResult', result);
});
