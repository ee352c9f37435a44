/**
 * S3 upload bodies: `aws-chunked` decoding (what the SDK sends for a stream of known length:
 * `x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER`, chunks then the checksum trailer) with
 * the chunk signatures of `STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER)` checked, and the
 * `x-amz-checksum-*` values (header or trailer) compared with the received bytes.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';

import type { ChunkSignatures } from '../http/auth';
import { S3Error } from './errors';

export interface DecodedBody {
	/** The object's bytes, as received chunks (never joined here). */
	chunks: Buffer[];
	size: number;
	trailers: Record<string, string>;
}

const CRLF = Buffer.from('\r\n');

/** Decodes an aws-chunked body; with `signatures`, every chunk (and a trailer) must carry its own. */
export async function decodeAwsChunked(
	body: Buffer,
	signatures?: ChunkSignatures,
): Promise<DecodedBody> {
	const chunks: Buffer[] = [];
	const trailers: Record<string, string> = {};
	let size = 0;
	let offset = 0;
	let previousSignature = signatures?.seedSignature ?? '';
	const malformed = () => new S3Error('IncompleteBody');
	for (;;) {
		const lineEnd = body.indexOf(CRLF, offset);
		if (lineEnd < 0) throw malformed();
		const [sizeText, ...extensions] = body.subarray(offset, lineEnd).toString('latin1').split(';');
		const length = Number.parseInt(sizeText, 16);
		if (!Number.isFinite(length) || length < 0) throw malformed();
		const data = body.subarray(lineEnd + 2, lineEnd + 2 + length);
		if (data.length !== length) throw malformed();
		if (signatures) {
			const given = extensions
				.map((extension) => /^chunk-signature=([0-9a-f]+)$/.exec(extension.trim())?.[1])
				.find(Boolean);
			const expected = await signatures.chunk(previousSignature, data);
			if (given !== expected) throw new S3Error('SignatureDoesNotMatch');
			previousSignature = expected;
		}
		offset = lineEnd + 2 + length;
		if (length === 0) break;
		chunks.push(data);
		size += length;
		if (!body.subarray(offset, offset + 2).equals(CRLF)) throw malformed();
		offset += 2;
	}
	// The trailer: `name:value` lines, then an empty line (or the end of the body).
	const trailerText = body.subarray(offset).toString('latin1');
	let signedTrailer = '';
	for (const line of trailerText.split('\r\n')) {
		if (!line) continue;
		const colon = line.indexOf(':');
		if (colon < 0) throw malformed();
		const name = line.slice(0, colon).trim().toLowerCase();
		const value = line.slice(colon + 1).trim();
		if (name === 'x-amz-trailer-signature') {
			if (signatures) {
				const expected = await signatures.trailer(previousSignature, signedTrailer);
				if (value !== expected) throw new S3Error('SignatureDoesNotMatch');
			}
			continue;
		}
		signedTrailer += `${name}:${value}\n`;
		trailers[name] = value;
	}
	return { chunks, size, trailers };
}

/** Compares each `x-amz-checksum-<algorithm>` given (header or trailer) with the bytes: S3's BadDigest. */
export function verifyChecksums(chunks: Buffer[], given: Record<string, string | undefined>): void {
	for (const [algorithm, expected] of Object.entries(given)) {
		if (!expected) continue;
		const actual = checksumOf(algorithm, chunks);
		if (actual !== undefined && actual !== expected) {
			throw new S3Error(
				'BadDigest',
				`The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`,
			);
		}
	}
}

/** The base64 checksum S3 computes, for the algorithms Node.js has (others are not checked). */
function checksumOf(algorithm: string, chunks: Buffer[]): string | undefined {
	if (algorithm === 'crc32') {
		let value = 0;
		for (const chunk of chunks) value = crc32(chunk, value);
		const bytes = Buffer.alloc(4);
		bytes.writeUInt32BE(value >>> 0);
		return bytes.toString('base64');
	}
	if (algorithm === 'sha1' || algorithm === 'sha256') {
		const hash = createHash(algorithm);
		for (const chunk of chunks) hash.update(chunk);
		return hash.digest('base64');
	}
	return undefined;
}

export const CHECKSUM_ALGORITHMS = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'] as const;
