/**
 * Request authentication as Bedrock does it: AWS Signature Version 4 (recomputed from the received
 * request with the configured secret and compared), or a Bedrock API key sent as a bearer token.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 * https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys-use.html
 * Error codes and wording: https://docs.aws.amazon.com/bedrock/latest/APIReference/CommonErrors.html
 * and the SDK's own error reports (e.g. InvalidSignatureException's message).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest, QueryParameterBag } from '@smithy/types';

import { BedrockError, MESSAGES } from '../errors';
import type { AccessKey, AuthKind } from '../options';

export interface ReceivedRequest {
	method: string;
	/** The raw path as received (still percent-encoded), without the query. */
	rawPath: string;
	query: URLSearchParams;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
}

export interface AuthSettings {
	accessKeys: AccessKey[];
	apiKeys: string[];
	allowAnonymous: boolean;
}

/** How an API signs, where it differs from Bedrock's. */
export interface SigningRules {
	/** false for S3, whose canonical path is not escaped a second time (default true). */
	uriEscapePath?: boolean;
}

const AUTHORIZATION_PATTERN =
	/^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)$/;
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

function header(request: Pick<ReceivedRequest, 'headers'>, name: string): string | undefined {
	const value = request.headers[name];
	return Array.isArray(value) ? value.join(',') : value;
}

/** `20250101T120000Z` → Date. */
function parseAmzDate(value: string | undefined): Date | undefined {
	const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
	if (!match) return undefined;
	const [, year, month, day, hour, minute, second] = match.map(Number);
	return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}

function sameText(left: string, right: string): boolean {
	const a = Buffer.from(left);
	const b = Buffer.from(right);
	return a.length === b.length && timingSafeEqual(a, b);
}

function queryBag(query: URLSearchParams): QueryParameterBag {
	const bag: QueryParameterBag = {};
	for (const [key, value] of query) {
		const existing = bag[key];
		if (existing === undefined || existing === null) bag[key] = value;
		else bag[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
	}
	return bag;
}

/** Throws the BedrockError AWS would answer, or returns how the request authenticated. */
export async function authenticate(
	request: ReceivedRequest,
	settings: AuthSettings,
	rules: SigningRules = {},
): Promise<AuthKind> {
	const authorization = header(request, 'authorization');
	if (!authorization) {
		if (settings.allowAnonymous) return 'none';
		throw new BedrockError('MissingAuthenticationTokenException', MESSAGES.missingAuthentication);
	}
	if (/^Bearer /i.test(authorization)) {
		const key = authorization.slice('Bearer '.length).trim();
		if (settings.apiKeys.some((accepted) => sameText(accepted, key))) return 'bearer';
		// Keys Bedrock issues start with ABSK; anything else fails its format check first.
		if (!key.startsWith('ABSK'))
			throw new BedrockError('AccessDeniedException', MESSAGES.invalidApiKeyFormat);
		throw new BedrockError('UnrecognizedClientException', MESSAGES.invalidApiKey);
	}
	const match = AUTHORIZATION_PATTERN.exec(authorization);
	if (!match) {
		throw new BedrockError(
			'IncompleteSignatureException',
			`Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=${authorization.split(' ')[0]}`,
		);
	}
	const [, accessKeyId, , region, service, signedHeaderList, signature] = match;
	const key = settings.accessKeys.find((candidate) => candidate.accessKeyId === accessKeyId);
	if (!key) throw new BedrockError('UnrecognizedClientException', MESSAGES.invalidToken);
	const sessionToken = header(request, 'x-amz-security-token');
	if (key.sessionToken !== undefined) {
		if (sessionToken !== key.sessionToken) {
			throw new BedrockError('UnrecognizedClientException', MESSAGES.invalidToken);
		}
	} else if (sessionToken) {
		throw new BedrockError('UnrecognizedClientException', MESSAGES.invalidToken);
	}
	if (key.expiresAt && key.expiresAt.getTime() <= Date.now()) {
		throw new BedrockError('ExpiredTokenException', MESSAGES.expiredToken);
	}
	const signingDate = parseAmzDate(header(request, 'x-amz-date'));
	if (!signingDate)
		throw new BedrockError('IncompleteSignatureException', MESSAGES.invalidSignature);

	const signedHeaders = signedHeaderList.split(';');
	const headers: Record<string, string> = {};
	for (const name of signedHeaders) {
		const value =
			name === 'host'
				? (header(request, 'host') ?? header(request, ':authority'))
				: header(request, name);
		if (value !== undefined) headers[name] = value;
	}
	const declaredHash = headers['x-amz-content-sha256'];
	// S3's aws-chunked uploads (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`, `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`
	// and its `-TRAILER` form) sign the literal instead of a hash; their chunks are checked when decoded
	// (s3/chunked.ts).
	if (declaredHash && declaredHash !== UNSIGNED_PAYLOAD && !declaredHash.startsWith('STREAMING-')) {
		const actualHash = createHash('sha256').update(request.body).digest('hex');
		if (actualHash !== declaredHash) {
			throw new BedrockError(
				'InvalidSignatureException',
				"The provided 'x-amz-content-sha256' header does not match what was computed.",
			);
		}
	}
	const [hostname, port] = (headers.host ?? '').split(':');
	const toSign: HttpRequest = {
		method: request.method,
		protocol: 'http:',
		hostname,
		port: port ? Number(port) : undefined,
		path: request.rawPath,
		query: queryBag(request.query),
		headers,
		body: request.body,
	};
	const signer = new SignatureV4({
		credentials: { accessKeyId, secretAccessKey: key.secretAccessKey, sessionToken },
		region,
		service,
		sha256: Hash.bind(null, 'sha256'),
		applyChecksum: 'x-amz-content-sha256' in headers,
		uriEscapePath: rules.uriEscapePath ?? true,
	});
	const signed = await signer.sign(toSign, {
		signingDate,
		signableHeaders: new Set(signedHeaders),
	});
	const expected = /Signature=([0-9a-f]+)$/.exec(String(signed.headers.authorization))?.[1] ?? '';
	if (!sameText(expected, signature)) {
		throw new BedrockError('InvalidSignatureException', MESSAGES.invalidSignature);
	}
	return 'sigv4';
}

/**
 * The chunk signatures of an upload signed `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`: each chunk's
 * signature chains from the previous one, starting at the request's own (the seed), over
 * `AWS4-HMAC-SHA256-PAYLOAD`, the date, the scope, the previous signature, the empty hash and the
 * chunk's hash; the trailer's (`-TRAILER`) over `AWS4-HMAC-SHA256-TRAILER` and the trailer's hash.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
 * Call after `authenticate` accepted the request.
 */
export interface ChunkSignatures {
	seedSignature: string;
	chunk(previousSignature: string, data: Buffer): Promise<string>;
	trailer(previousSignature: string, trailerText: string): Promise<string>;
}

export function chunkSignaturesOf(
	request: Pick<ReceivedRequest, 'headers'>,
	settings: AuthSettings,
): ChunkSignatures | undefined {
	const match = AUTHORIZATION_PATTERN.exec(header(request, 'authorization') ?? '');
	const signingDate = parseAmzDate(header(request, 'x-amz-date'));
	if (!match || !signingDate) return undefined;
	const [, accessKeyId, shortDate, region, service, , seedSignature] = match;
	const key = settings.accessKeys.find((candidate) => candidate.accessKeyId === accessKeyId);
	if (!key) return undefined;
	const signer = new SignatureV4({
		credentials: { accessKeyId, secretAccessKey: key.secretAccessKey },
		region,
		service,
		sha256: Hash.bind(null, 'sha256'),
	});
	const longDate = header(request, 'x-amz-date') ?? '';
	const scope = `${shortDate}/${region}/${service}/aws4_request`;
	const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
	const sign = (text: string) => signer.sign(text, { signingDate });
	return {
		seedSignature,
		chunk: (previous, data) =>
			sign(
				[
					'AWS4-HMAC-SHA256-PAYLOAD',
					longDate,
					scope,
					previous,
					sha256Hex(''),
					sha256Hex(data),
				].join('\n'),
			),
		trailer: (previous, trailerText) =>
			sign(
				['AWS4-HMAC-SHA256-TRAILER', longDate, scope, previous, sha256Hex(trailerText)].join('\n'),
			),
	};
}
