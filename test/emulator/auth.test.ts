import { ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';

import { EMULATOR_CREDENTIALS, start } from '../../emulator';
import type { RunningEmulator } from '../../emulator';
import { CREDENTIALS, controlClient, runtimeClient, userMessage } from './client';

const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const converse = new ConverseCommand({ modelId: HAIKU, messages: [userMessage('Hello.')] });

let emulator: RunningEmulator;
beforeAll(async () => {
	emulator = await start({
		accessKeys: [
			{ accessKeyId: CREDENTIALS.accessKeyId, secretAccessKey: CREDENTIALS.secretAccessKey },
			{
				accessKeyId: 'ASIAEMULATORSESSION1',
				secretAccessKey: 'session-secret',
				sessionToken: 'valid-session-token',
				expiresAt: new Date(Date.now() + 3_600_000),
			},
			{
				accessKeyId: 'ASIAEMULATOREXPIRED1',
				secretAccessKey: 'expired-secret',
				sessionToken: 'expired-session-token',
				expiresAt: new Date(Date.now() - 1000),
			},
		],
	});
});
afterAll(async () => {
	await emulator.close();
});

describe('SigV4', () => {
	it('accepts the default credentials on the runtime and the control plane', async () => {
		const runtime = runtimeClient(emulator.url);
		await expect(runtime.send(converse)).resolves.toMatchObject({ stopReason: 'end_turn' });
		const control = controlClient(emulator.url);
		await expect(control.send(new ListFoundationModelsCommand({}))).resolves.toMatchObject({
			$metadata: { httpStatusCode: 200 },
		});
		runtime.destroy();
		control.destroy();
	});

	it('refuses a wrong secret with InvalidSignatureException', async () => {
		for (const transport of ['http2', 'http1'] as const) {
			const client = runtimeClient(emulator.url, transport, {
				credentials: { accessKeyId: CREDENTIALS.accessKeyId, secretAccessKey: 'wrong-secret' },
			});
			await expect(client.send(converse)).rejects.toMatchObject({
				name: 'InvalidSignatureException',
				message: expect.stringContaining('The request signature we calculated does not match'),
				$metadata: { httpStatusCode: 403 },
			});
			client.destroy();
		}
	});

	it('refuses an unknown access key with UnrecognizedClientException', async () => {
		const client = runtimeClient(emulator.url, 'http2', {
			credentials: { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'whatever' },
		});
		await expect(client.send(converse)).rejects.toMatchObject({
			name: 'UnrecognizedClientException',
			message: 'The security token included in the request is invalid.',
			$metadata: { httpStatusCode: 403 },
		});
		client.destroy();
	});

	it('accepts a valid session token and refuses an expired one', async () => {
		const valid = runtimeClient(emulator.url, 'http2', {
			credentials: {
				accessKeyId: 'ASIAEMULATORSESSION1',
				secretAccessKey: 'session-secret',
				sessionToken: 'valid-session-token',
			},
		});
		await expect(valid.send(converse)).resolves.toMatchObject({ stopReason: 'end_turn' });
		const expired = runtimeClient(emulator.url, 'http2', {
			credentials: {
				accessKeyId: 'ASIAEMULATOREXPIRED1',
				secretAccessKey: 'expired-secret',
				sessionToken: 'expired-session-token',
			},
		});
		await expect(expired.send(converse)).rejects.toMatchObject({
			name: 'ExpiredTokenException',
			message: 'The security token included in the request is expired',
			$metadata: { httpStatusCode: 403 },
		});
		valid.destroy();
		expired.destroy();
	});

	it('answers MissingAuthenticationTokenException without an Authorization header', async () => {
		const response = await fetch(`${emulator.url}/model/${encodeURIComponent(HAIKU)}/converse`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ messages: [userMessage('Hello.')] }),
		});
		expect(response.status).toBe(403);
		expect(response.headers.get('x-amzn-errortype')).toMatch(
			/^MissingAuthenticationTokenException:/,
		);
		expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
		expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
	});
});

describe('Bedrock API keys (bearer tokens)', () => {
	const bearerClient = (token: string) =>
		runtimeClient(emulator.url, 'http2', {
			token: { token },
			authSchemePreference: ['httpBearerAuth'],
		});

	it('accepts the configured API key', async () => {
		const client = bearerClient(EMULATOR_CREDENTIALS.apiKey);
		await expect(client.send(converse)).resolves.toMatchObject({ stopReason: 'end_turn' });
		expect(emulator.requests.at(-1)?.auth).toBe('bearer');
		client.destroy();
	});

	it('accepts the key from AWS_BEARER_TOKEN_BEDROCK, which makes the SDK prefer bearer auth', async () => {
		process.env.AWS_BEARER_TOKEN_BEDROCK = EMULATOR_CREDENTIALS.apiKey;
		try {
			const client = runtimeClient(emulator.url, 'http1', { credentials: undefined });
			await expect(client.send(converse)).resolves.toMatchObject({ stopReason: 'end_turn' });
			expect(emulator.requests.at(-1)?.auth).toBe('bearer');
			client.destroy();
		} finally {
			delete process.env.AWS_BEARER_TOKEN_BEDROCK;
		}
	});

	it('refuses an unknown key', async () => {
		const client = bearerClient('ABSKnot-a-key-this-emulator-knows');
		await expect(client.send(converse)).rejects.toMatchObject({
			name: 'UnrecognizedClientException',
			$metadata: { httpStatusCode: 403 },
		});
		const malformed = bearerClient('not-an-api-key');
		await expect(malformed.send(converse)).rejects.toMatchObject({
			name: 'AccessDeniedException',
			$metadata: { httpStatusCode: 403 },
		});
		client.destroy();
		malformed.destroy();
	});
});
