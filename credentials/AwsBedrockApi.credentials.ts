import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * AWS credentials for Amazon Bedrock. Tested by the Amazon Bedrock node (`bedrockApiCredentialTest`),
 * which lists foundation models through the Bedrock control plane with these credentials.
 */
export class AwsBedrockApi implements ICredentialType {
	name = 'awsBedrockApi';

	displayName = 'AWS Bedrock';

	icon: Icon = { light: 'file:bedrock.svg', dark: 'file:bedrock.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-bedrock/n8n-nodes-bedrock#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'Access Keys',
					value: 'accessKeys',
					description: 'An IAM access key ID and secret, with an optional session token',
				},
				{
					name: 'Bedrock API Key',
					value: 'apiKey',
					description: 'A Bedrock API key, sent as a bearer token',
				},
				{
					name: 'Default Credential Chain',
					value: 'defaultChain',
					description:
						'Environment variables, shared config files, or the ECS, EKS or EC2 role of the machine running n8n',
				},
			],
			default: 'accessKeys',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'string',
			default: 'us-east-1',
			placeholder: 'us-east-1',
			description:
				'The AWS Region whose Bedrock endpoint is called, e.g. us-east-1 or eu-central-1',
		},
		{
			displayName: 'Access Key ID',
			name: 'accessKeyId',
			type: 'string',
			default: '',
			displayOptions: { show: { authentication: ['accessKeys'] } },
		},
		{
			displayName: 'Secret Access Key',
			name: 'secretAccessKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authentication: ['accessKeys'] } },
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for temporary credentials (those whose access key ID starts with ASIA)',
			displayOptions: { show: { authentication: ['accessKeys'] } },
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'A Bedrock API key (short- or long-term), created in the Bedrock console',
			displayOptions: { show: { authentication: ['apiKey'] } },
		},
		{
			displayName: 'Assume Role',
			name: 'assumeRole',
			type: 'boolean',
			default: false,
			description:
				'Whether to assume an IAM role on top of these credentials before calling Bedrock',
			displayOptions: { show: { authentication: ['accessKeys', 'defaultChain'] } },
		},
		{
			displayName: 'Role ARN',
			name: 'roleArn',
			type: 'string',
			default: '',
			placeholder: 'arn:aws:iam::123456789012:role/BedrockInvoke',
			displayOptions: {
				show: { authentication: ['accessKeys', 'defaultChain'], assumeRole: [true] },
			},
		},
		{
			displayName: 'External ID',
			name: 'externalId',
			type: 'string',
			default: '',
			description: 'Only when the role’s trust policy requires an external ID',
			displayOptions: {
				show: { authentication: ['accessKeys', 'defaultChain'], assumeRole: [true] },
			},
		},
		{
			displayName: 'Role Session Name',
			name: 'roleSessionName',
			type: 'string',
			default: 'n8n-bedrock',
			displayOptions: {
				show: { authentication: ['accessKeys', 'defaultChain'], assumeRole: [true] },
			},
		},
		{
			displayName: 'Runtime Endpoint',
			name: 'runtimeEndpoint',
			type: 'string',
			default: '',
			placeholder: 'https://bedrock-runtime.us-east-1.amazonaws.com',
			description:
				'Leave empty for AWS’s endpoint of the region. Set it for a VPC endpoint, a proxy or the local Bedrock emulator.',
		},
		{
			displayName: 'Control Plane Endpoint',
			name: 'controlPlaneEndpoint',
			type: 'string',
			default: '',
			placeholder: 'https://bedrock.us-east-1.amazonaws.com',
			description:
				'Leave empty for AWS’s endpoint of the region. Used to list models, test the credential and run batch inference jobs.',
		},
		{
			displayName: 'Agent Runtime Endpoint',
			name: 'agentRuntimeEndpoint',
			type: 'string',
			default: '',
			placeholder: 'https://bedrock-agent-runtime.us-east-1.amazonaws.com',
			description:
				'Leave empty for AWS’s endpoint of the region. Used by knowledge bases, agents and rerank.',
		},
		{
			displayName: 'Agent Endpoint',
			name: 'agentEndpoint',
			type: 'string',
			default: '',
			placeholder: 'https://bedrock-agent.us-east-1.amazonaws.com',
			description:
				'Leave empty for AWS’s endpoint of the region. Used to list knowledge bases, agents and their aliases.',
		},
		{
			displayName: 'S3 Endpoint',
			name: 's3Endpoint',
			type: 'string',
			default: '',
			placeholder: 'https://s3.us-east-1.amazonaws.com',
			description:
				'Leave empty for AWS’s endpoint of the region. Used for batch inference job files; when set, buckets are addressed path-style (S3-compatible servers, the local emulator).',
		},
	];
}
