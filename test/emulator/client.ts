import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';

import { EMULATOR_CREDENTIALS } from '../../emulator';

export type Transport = 'http2' | 'http1';

export const CREDENTIALS = {
	accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
	secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
};

/** A runtime client against the emulator: HTTP/2 with the SDK's default handler, or HTTP/1.1. */
export function runtimeClient(
	url: string,
	transport: Transport = 'http2',
	overrides: Partial<ConstructorParameters<typeof BedrockRuntimeClient>[0]> = {},
): BedrockRuntimeClient {
	return new BedrockRuntimeClient({
		region: EMULATOR_CREDENTIALS.region,
		endpoint: url,
		credentials: CREDENTIALS,
		maxAttempts: 1,
		...(transport === 'http1' ? { requestHandler: new NodeHttpHandler() } : {}),
		...overrides,
	});
}

export function controlClient(url: string): BedrockClient {
	return new BedrockClient({
		region: EMULATOR_CREDENTIALS.region,
		endpoint: url,
		credentials: CREDENTIALS,
		maxAttempts: 1,
	});
}

/** An S3 client against the emulator's S3 (`RunningEmulator.s3Endpoint`), path style as S3 needs there. */
export function s3Client(
	s3Endpoint: string,
	overrides: Partial<ConstructorParameters<typeof S3Client>[0]> = {},
): S3Client {
	return new S3Client({
		region: EMULATOR_CREDENTIALS.region,
		endpoint: s3Endpoint,
		forcePathStyle: true,
		credentials: CREDENTIALS,
		maxAttempts: 1,
		...overrides,
	});
}

export function userMessage(text: string) {
	return { role: 'user' as const, content: [{ text }] };
}
