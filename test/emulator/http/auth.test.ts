import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

import { EMULATOR_CREDENTIALS } from '../../../emulator';
import { authenticate } from '../../../emulator/http/auth';

const settings = {
	accessKeys: [
		{
			accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
			secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
		},
	],
	apiKeys: [],
	allowAnonymous: false,
};

/** A GET signed as the S3 client signs (its canonical path is not escaped twice). */
async function signedAsS3(path: string) {
	const signer = new SignatureV4({
		credentials: {
			accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
			secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
		},
		region: 'us-east-1',
		service: 's3',
		sha256: Hash.bind(null, 'sha256'),
		uriEscapePath: false,
	});
	const signed = await signer.sign({
		method: 'GET',
		protocol: 'http:',
		hostname: '127.0.0.1',
		port: 4010,
		path,
		query: {},
		headers: { host: '127.0.0.1:4010', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
	});
	return {
		method: 'GET',
		rawPath: path,
		query: new URLSearchParams(),
		headers: signed.headers,
		body: Buffer.alloc(0),
	};
}

describe('authenticate with signing rules', () => {
	const path = '/batch-input/records%201.jsonl';

	it('verifies an S3-style signature when the operation says uriEscapePath: false', async () => {
		await expect(
			authenticate(await signedAsS3(path), settings, { uriEscapePath: false }),
		).resolves.toBe('sigv4');
	});

	it('refuses it under Bedrock’s rules, which escape the path again', async () => {
		await expect(authenticate(await signedAsS3(path), settings)).rejects.toMatchObject({
			code: 'InvalidSignatureException',
		});
	});
});
