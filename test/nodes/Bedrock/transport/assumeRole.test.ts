import { sharedClientConfig } from '../../../../nodes/Bedrock/transport/clients';
import { toBedrockCredentials } from '../../../../nodes/Bedrock/transport/credentials';

const fromTemporaryCredentials = jest.fn(() => async () => ({
	accessKeyId: 'ASIAASSUMEDROLE00001',
	secretAccessKey: 'assumed-secret',
	sessionToken: 'assumed-token',
}));

jest.mock('@aws-sdk/credential-providers', () => ({
	...jest.requireActual('@aws-sdk/credential-providers'),
	fromTemporaryCredentials: (...args: unknown[]) =>
		(fromTemporaryCredentials as jest.Mock)(...args),
}));

describe('Assume Role', () => {
	it('assumes the role on top of the access keys through the SDK’s temporary-credentials provider', async () => {
		const config = await sharedClientConfig(
			toBedrockCredentials({
				region: 'eu-central-1',
				accessKeyId: 'AKIATESTKEY000000001',
				secretAccessKey: 'test-secret',
				assumeRole: true,
				roleArn: 'arn:aws:iam::123456789012:role/BedrockInvoke',
				externalId: 'external-1',
				roleSessionName: 'n8n-test',
			}),
			{},
			'eu-central-1',
		);
		expect(fromTemporaryCredentials).toHaveBeenCalledTimes(1);
		const [options] = fromTemporaryCredentials.mock.calls[0] as unknown as [
			{
				params: Record<string, string>;
				masterCredentials: () => Promise<{ accessKeyId: string }>;
				clientConfig: { region: string };
			},
		];
		expect(options.params).toEqual({
			RoleArn: 'arn:aws:iam::123456789012:role/BedrockInvoke',
			RoleSessionName: 'n8n-test',
			ExternalId: 'external-1',
		});
		expect(options.clientConfig.region).toBe('eu-central-1');
		expect((await options.masterCredentials()).accessKeyId).toBe('AKIATESTKEY000000001');
		expect(await config.credentials?.()).toMatchObject({ accessKeyId: 'ASIAASSUMEDROLE00001' });
	});
});
