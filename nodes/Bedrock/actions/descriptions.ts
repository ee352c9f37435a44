import type { INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_CONCURRENCY,
	DEFAULT_MAX_ATTEMPTS,
	DEFAULT_MAX_RETRY_TIME_MS,
	MAX_CONCURRENCY,
} from './limits';

export const modelField: INodeProperties = {
	displayName: 'Model',
	name: 'model',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description:
		'The foundation model or inference profile to call. Newer models are only served through an inference profile (IDs starting with us., eu., apac. or global.).',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchModels', searchable: true },
		},
		{
			displayName: 'ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. us.anthropic.claude-3-5-haiku-20241022-v1:0',
			hint: 'A model ID, an inference profile ID, or an ARN (foundation model, inference profile, provisioned or imported model)',
		},
	],
};

/** Options every operation has: how the batch runs and how requests are sent. */
export const batchOptions: INodeProperties[] = [
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
		default: DEFAULT_CONCURRENCY,
		description:
			'How many items are sent to Bedrock at once. Outputs keep the input order. Lower it if Bedrock throttles the account.',
	},
	{
		displayName: 'Max Attempts',
		name: 'maxAttempts',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 20 },
		default: DEFAULT_MAX_ATTEMPTS,
		description:
			'How many times an item is tried in all when Bedrock has a temporary error or drops the connection. Throttled attempts do not count: Max Retry Time bounds them.',
	},
	{
		displayName: 'Max Batch Tokens',
		name: 'maxBatchTokens',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'Stop sending items once the batch has used this many tokens (input and output); the items not sent fail with a clear message. 0 means no cap.',
	},
	{
		displayName: 'Max Retry Time (Milliseconds)',
		name: 'maxRetryTimeMs',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: DEFAULT_MAX_RETRY_TIME_MS,
		description: 'No retry of an item starts once this long has passed since its first attempt',
	},
	{
		displayName: 'Retry Mode',
		name: 'retryMode',
		type: 'options',
		options: [
			{
				name: 'Adapt Concurrency (AIMD)',
				value: 'aimd',
				description:
					'The node retries with jittered backoff, halves its concurrency when throttled and raises it again as calls succeed',
			},
			{
				name: 'SDK Standard',
				value: 'standard',
				description: 'The AWS SDK retries each request with exponential backoff and jitter',
			},
			{
				name: 'SDK Adaptive',
				value: 'adaptive',
				description: 'The AWS SDK retries and rate-limits each client from the throttling it sees',
			},
		],
		default: 'aimd',
	},
	{
		displayName: 'Request Timeout (Milliseconds)',
		name: 'requestTimeoutMs',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'How long a request may wait for Bedrock’s next bytes before it fails and is retried; 0 waits as long as Bedrock does',
	},
	{
		displayName: 'HTTP Version',
		name: 'httpVersion',
		type: 'options',
		options: [
			{ name: 'HTTP/2', value: 'http2', description: 'One shared connection for the whole batch' },
			{
				name: 'HTTP/1.1',
				value: 'http1',
				description: 'For proxies and endpoints that do not speak HTTP/2',
			},
		],
		default: 'http2',
	},
];
