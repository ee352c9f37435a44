import type { ICredentialTestFunctions } from 'n8n-workflow';

import type { RunningEmulator } from '../../../../emulator';
import { EMULATOR_CREDENTIALS, n8nCredentialFor, start } from '../../../../emulator';
import { bedrockApiCredentialTest } from '../../../../nodes/Bedrock/methods/credentialTest';
import { listModels } from '../../../../nodes/Bedrock/methods/listSearch';
import { toBedrockCredentials } from '../../../../nodes/Bedrock/transport/credentials';

describe('credential test and model list against the emulator, through the real SDK', () => {
	let emulator: RunningEmulator;

	beforeAll(async () => {
		emulator = await start({ port: 0 });
	});
	afterAll(async () => await emulator.close());

	const data = (overrides: Record<string, unknown> = {}) => ({
		...n8nCredentialFor(emulator.url),
		...overrides,
	});

	async function credentialTest(overrides: Record<string, unknown> = {}) {
		return await bedrockApiCredentialTest.call(
			{} as ICredentialTestFunctions,
			{
				id: '1',
				name: 'AWS Bedrock',
				type: 'awsBedrockApi',
				data: data(overrides),
			} as never,
		);
	}

	it('passes with the emulator’s keys and with its API key', async () => {
		expect(await credentialTest()).toMatchObject({ status: 'OK' });
		expect(
			await credentialTest({ authentication: 'apiKey', apiKey: EMULATOR_CREDENTIALS.apiKey }),
		).toMatchObject({ status: 'OK' });
	});

	it('says "wrong secret" for a wrong secret, without echoing it', async () => {
		const result = await credentialTest({ secretAccessKey: 'not-the-right-secret' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Wrong secret/);
		expect(result.message).not.toContain('not-the-right-secret');
	});

	it('says the key is unknown for an unknown access key', async () => {
		const result = await credentialTest({ accessKeyId: 'AKIAUNKNOWNKEY000000' });
		expect(result.message).toMatch(/does not recognise this Access Key ID/);
	});

	it('says the endpoint is unreachable when nothing listens there', async () => {
		const result = await credentialTest({ controlPlaneEndpoint: 'http://127.0.0.1:1' });
		expect(result.message).toMatch(/could not be reached/);
	});

	it('lists foundation models and inference profiles, searchable', async () => {
		const { items, warnings } = await listModels(toBedrockCredentials(data()), 'claude 3.5 haiku');
		expect(warnings).toEqual([]);
		const values = items.map((item) => item.value);
		expect(values).toContain('anthropic.claude-3-5-haiku-20241022-v1:0');
		expect(values).toContain('us.anthropic.claude-3-5-haiku-20241022-v1:0');
	});
});
