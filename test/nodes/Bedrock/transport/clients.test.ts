import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';

import { BedrockClients, sharedClientConfig } from '../../../../nodes/Bedrock/transport/clients';
import type { BedrockCredentials } from '../../../../nodes/Bedrock/transport/credentials';
import { toBedrockCredentials } from '../../../../nodes/Bedrock/transport/credentials';
import type { RecordingServer } from '../../../helpers/recordingServer';
import { startRecordingServer } from '../../../helpers/recordingServer';

const converseReply = {
	output: { message: { role: 'assistant', content: [{ text: 'hi' }] } },
	stopReason: 'end_turn',
	usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
	metrics: { latencyMs: 1 },
};

function converse() {
	return new ConverseCommand({
		modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
		messages: [{ role: 'user', content: [{ text: 'Hello' }] }],
	});
}

describe('BedrockClients', () => {
	let server: RecordingServer;

	beforeEach(async () => {
		server = await startRecordingServer((request) =>
			request.path.startsWith('/foundation-models')
				? { status: 200, body: { modelSummaries: [] } }
				: { status: 200, body: converseReply },
		);
	});

	afterEach(async () => await server.close());

	function credentialsFor(overrides: Partial<BedrockCredentials>): BedrockCredentials {
		return toBedrockCredentials({
			region: 'us-west-2',
			runtimeEndpoint: server.url,
			controlPlaneEndpoint: server.url,
			...overrides,
		});
	}

	it('signs with SigV4 using the access key, region and the bedrock service', async () => {
		const clients = new BedrockClients(
			credentialsFor({ accessKeyId: 'AKIATESTKEY000000001', secretAccessKey: 'test-secret' }),
		);
		const runtime = await clients.runtime();
		await runtime.send(converse());
		await clients.destroy();

		const [request] = server.requests;
		expect(request.path).toBe('/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse');
		expect(request.httpVersion).toBe('2.0');
		expect(request.headers.authorization).toMatch(
			/^AWS4-HMAC-SHA256 Credential=AKIATESTKEY000000001\/\d{8}\/us-west-2\/bedrock\/aws4_request/,
		);
		expect(request.headers['x-amz-security-token']).toBeUndefined();
	});

	it('sends the session token of temporary access keys', async () => {
		const clients = new BedrockClients(
			credentialsFor({
				accessKeyId: 'ASIATESTKEY000000001',
				secretAccessKey: 'test-secret',
				sessionToken: 'test-session-token',
			}),
		);
		await (await clients.runtime()).send(converse());
		await clients.destroy();
		expect(server.requests[0].headers['x-amz-security-token']).toBe('test-session-token');
	});

	it('sends a Bedrock API key as a bearer token, without SigV4', async () => {
		const clients = new BedrockClients(
			credentialsFor({ authentication: 'apiKey', apiKey: 'ABSKtest-bedrock-api-key' }),
		);
		await (await clients.runtime()).send(converse());
		await (await clients.controlPlane()).send(new ListFoundationModelsCommand({}));
		await clients.destroy();
		expect(server.requests.map((request) => request.headers.authorization)).toEqual([
			'Bearer ABSKtest-bedrock-api-key',
			'Bearer ABSKtest-bedrock-api-key',
		]);
	});

	it('takes credentials from the default chain (environment) when asked to', async () => {
		const saved = { ...process.env };
		process.env.AWS_ACCESS_KEY_ID = 'AKIAFROMENVIRONMENT1';
		process.env.AWS_SECRET_ACCESS_KEY = 'environment-secret';
		delete process.env.AWS_SESSION_TOKEN;
		delete process.env.AWS_PROFILE;
		try {
			const clients = new BedrockClients(credentialsFor({ authentication: 'defaultChain' }));
			await (await clients.runtime()).send(converse());
			await clients.destroy();
			expect(server.requests[0].headers.authorization).toContain(
				'Credential=AKIAFROMENVIRONMENT1/',
			);
		} finally {
			process.env = saved;
		}
	});

	it('sends control-plane calls to the control-plane endpoint override', async () => {
		const clients = new BedrockClients(
			credentialsFor({ accessKeyId: 'AKIATESTKEY000000001', secretAccessKey: 'test-secret' }),
		);
		const result = await (await clients.controlPlane()).send(new ListFoundationModelsCommand({}));
		await clients.destroy();
		expect(result.modelSummaries).toEqual([]);
		expect(server.requests[0].method).toBe('GET');
		expect(server.requests[0].path).toBe('/foundation-models');
	});

	it('speaks HTTP/1.1 when asked to', async () => {
		const clients = new BedrockClients(
			credentialsFor({ accessKeyId: 'AKIATESTKEY000000001', secretAccessKey: 'test-secret' }),
			{ httpVersion: 'http1' },
		);
		await (await clients.runtime()).send(converse());
		await clients.destroy();
		expect(server.requests[0].httpVersion).toBe('1.1');
	});

	it('shares one runtime client per region across calls', async () => {
		const clients = new BedrockClients(
			credentialsFor({ accessKeyId: 'AKIATESTKEY000000001', secretAccessKey: 'test-secret' }),
		);
		const first = await clients.runtime();
		expect(await clients.runtime()).toBe(first);
		const other = await clients.runtime('eu-central-1');
		expect(other).not.toBe(first);
		expect(await other.config.region()).toBe('eu-central-1');
		await clients.destroy();
	});

	it('applies the retry settings', async () => {
		const clients = new BedrockClients(
			credentialsFor({ accessKeyId: 'AKIATESTKEY000000001', secretAccessKey: 'test-secret' }),
			{ maxAttempts: 5, retryMode: 'adaptive' },
		);
		const runtime = await clients.runtime();
		expect(await runtime.config.maxAttempts()).toBe(5);
		expect(runtime.config.retryMode).toBe('adaptive');
		expect((await runtime.config.retryStrategy()) as unknown as { mode: string }).toMatchObject({
			mode: 'adaptive',
		});
		await clients.destroy();
	});
});

describe('sharedClientConfig', () => {
	it('refuses access keys with an empty secret, saying what to fill in', async () => {
		await expect(
			sharedClientConfig(toBedrockCredentials({ accessKeyId: 'AKIA' }), {}, 'us-east-1'),
		).rejects.toThrow(/Secret Access Key is empty/);
	});

	it('refuses Assume Role without a role ARN', async () => {
		await expect(
			sharedClientConfig(
				toBedrockCredentials({ accessKeyId: 'AKIA', secretAccessKey: 's', assumeRole: true }),
				{},
				'us-east-1',
			),
		).rejects.toThrow(/no Role ARN/);
	});
});
