import {
	BedrockClient,
	BedrockServiceException,
	ListFoundationModelsCommand,
} from '@aws-sdk/client-bedrock';
import { mockClient } from 'aws-sdk-client-mock';
import type { ICredentialTestFunctions } from 'n8n-workflow';

import { bedrockApiCredentialTest } from '../../../../nodes/Bedrock/methods/credentialTest';

const bedrock = mockClient(BedrockClient);

function awsError(name: string, status: number, message: string) {
	return new BedrockServiceException({
		name,
		$fault: 'client',
		message,
		$metadata: { httpStatusCode: status },
	});
}

async function testWith(data: Record<string, unknown>) {
	return await bedrockApiCredentialTest.call(
		{} as ICredentialTestFunctions,
		{
			id: '1',
			name: 'AWS Bedrock',
			type: 'awsBedrockApi',
			data: {
				region: 'us-east-1',
				accessKeyId: 'AKIATESTKEY000000001',
				secretAccessKey: 'the-secret',
				...data,
			},
		} as never,
	);
}

describe('bedrockApiCredentialTest', () => {
	beforeEach(() => bedrock.reset());

	it('passes when the model listing works', async () => {
		bedrock
			.on(ListFoundationModelsCommand)
			.resolves({ modelSummaries: [{ modelId: 'a', modelArn: 'x' }] });
		expect(await testWith({})).toEqual({
			status: 'OK',
			message: 'Connection successful: 1 text models in us-east-1',
		});
	});

	it.each([
		['InvalidSignatureException', 403, /Wrong secret/],
		['UnrecognizedClientException', 403, /does not recognise this Access Key ID/],
		['ExpiredTokenException', 403, /expired/],
		['AccessDeniedException', 403, /bedrock:ListFoundationModels/],
	])('%s becomes a plain sentence', async (name, status, expected) => {
		bedrock.on(ListFoundationModelsCommand).rejects(awsError(name, status, 'AWS said no'));
		const result = await testWith({});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(expected);
		expect(result.message).not.toContain('the-secret');
	});

	it('explains an unknown region', async () => {
		bedrock.on(ListFoundationModelsCommand).rejects(
			Object.assign(new Error('getaddrinfo ENOTFOUND bedrock.xx-nowhere-1.amazonaws.com'), {
				code: 'ENOTFOUND',
			}),
		);
		const result = await testWith({ region: 'xx-nowhere-1' });
		expect(result.message).toMatch(
			/Unknown region or endpoint.*bedrock\.xx-nowhere-1\.amazonaws\.com/,
		);
	});

	it('explains an unreachable endpoint', async () => {
		bedrock
			.on(ListFoundationModelsCommand)
			.rejects(
				Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
			);
		const result = await testWith({ controlPlaneEndpoint: 'http://127.0.0.1:1' });
		expect(result.message).toBe(
			'The Bedrock endpoint http://127.0.0.1:1 could not be reached (ECONNREFUSED). Check the endpoint URL and the network.',
		);
	});

	it('explains missing keys without calling AWS', async () => {
		const result = await testWith({ secretAccessKey: '' });
		expect(result).toMatchObject({ status: 'Error' });
		expect(result.message).toMatch(/Secret Access Key is empty/);
	});
});
