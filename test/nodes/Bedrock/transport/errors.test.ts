import {
	AccessDeniedException,
	InternalServerException,
	ModelErrorException,
	ModelNotReadyException,
	ModelStreamErrorException,
	ModelTimeoutException,
	ResourceNotFoundException,
	ServiceQuotaExceededException,
	ServiceUnavailableException,
	ThrottlingException,
	ValidationException,
	BedrockRuntimeServiceException,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeApiError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import {
	bedrockErrorInfoOf,
	describeError,
	toNodeApiError,
} from '../../../../nodes/Bedrock/transport/errors';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

function metadata(httpStatusCode: number) {
	return { $metadata: { httpStatusCode, requestId: 'req-1234' } };
}

function serviceError(name: string, status: number, message: string) {
	return new BedrockRuntimeServiceException({
		name,
		$fault: status >= 500 ? 'server' : 'client',
		message,
		...metadata(status),
	});
}

const cases: Array<[string, unknown, number, boolean, RegExp]> = [
	[
		'AccessDeniedException',
		new AccessDeniedException({
			message: "You don't have access to the model with the specified model ID.",
			...metadata(403),
		}),
		403,
		false,
		/Model access/,
	],
	[
		'ThrottlingException',
		new ThrottlingException({
			message: 'Too many requests, please wait before trying again.',
			...metadata(429),
		}),
		429,
		true,
		/Concurrency/,
	],
	[
		'ServiceQuotaExceededException',
		new ServiceQuotaExceededException({ message: 'quota', ...metadata(400) }),
		400,
		false,
		/quota/,
	],
	[
		'ValidationException',
		new ValidationException({
			message: 'Malformed input request: #: required key [max_tokens] not found',
			...metadata(400),
		}),
		400,
		false,
		/field named in the message/,
	],
	[
		'ResourceNotFoundException',
		new ResourceNotFoundException({ message: 'Model not found', ...metadata(404) }),
		404,
		false,
		/not found in this region/,
	],
	[
		'ModelNotReadyException',
		new ModelNotReadyException({ message: 'not ready', ...metadata(429) }),
		429,
		true,
		/not ready/,
	],
	[
		'ModelTimeoutException',
		new ModelTimeoutException({ message: 'timeout', ...metadata(408) }),
		408,
		true,
		/too long/,
	],
	[
		'ModelErrorException',
		new ModelErrorException({ message: 'model failed', ...metadata(424) }),
		424,
		false,
		/model failed while processing/,
	],
	[
		'ModelStreamErrorException',
		new ModelStreamErrorException({ message: 'stream failed', ...metadata(424) }),
		424,
		true,
		/stream failed part-way/,
	],
	[
		'ServiceUnavailableException',
		new ServiceUnavailableException({ message: 'unavailable', ...metadata(503) }),
		503,
		true,
		/temporary server error/,
	],
	[
		'InternalServerException',
		new InternalServerException({ message: 'internal', ...metadata(500) }),
		500,
		true,
		/temporary server error/,
	],
	[
		'InvalidSignatureException',
		serviceError(
			'InvalidSignatureException',
			403,
			'The request signature we calculated does not match the signature you provided.',
		),
		403,
		false,
		/Secret Access Key does not match/,
	],
	[
		'UnrecognizedClientException',
		serviceError(
			'UnrecognizedClientException',
			403,
			'The security token included in the request is invalid.',
		),
		403,
		false,
		/does not recognise/,
	],
	[
		'ExpiredTokenException',
		serviceError(
			'ExpiredTokenException',
			403,
			'The security token included in the request is expired',
		),
		403,
		false,
		/expired/,
	],
];

describe('describeError', () => {
	it.each(cases)(
		'%s: status, code, retryable and a remedy',
		(code, error, status, retryable, remedy) => {
			const info = describeError(error, { modelId: 'anthropic.claude-3-haiku-20240307-v1:0' });
			expect(info).toMatchObject({ code, httpStatus: status, retryable, requestId: 'req-1234' });
			expect(info.remedy).toMatch(remedy);
		},
	);

	it('names the inference profile to use when on-demand throughput is not supported', () => {
		const error = new ValidationException({
			message:
				'Invocation of model ID anthropic.claude-3-7-sonnet-20250219-v1:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.',
			...metadata(400),
		});
		expect(describeError(error, { region: 'eu-west-1' }).remedy).toContain(
			"'eu.anthropic.claude-3-7-sonnet-20250219-v1:0'",
		);
		expect(describeError(error, { region: 'us-east-1' }).remedy).toContain(
			"'us.anthropic.claude-3-7-sonnet-20250219-v1:0'",
		);
	});

	it('describes network failures', () => {
		const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4010'), {
			code: 'ECONNREFUSED',
		});
		expect(describeError(refused)).toMatchObject({
			code: 'ECONNREFUSED',
			httpStatus: null,
			retryable: true,
		});
		const unknownHost = Object.assign(
			new Error('getaddrinfo ENOTFOUND bedrock-runtime.xx-nowhere-1.amazonaws.com'),
			{
				code: 'ENOTFOUND',
			},
		);
		expect(describeError(unknownHost).remedy).toMatch(/Region/);
	});

	it('never lets a secret through', () => {
		const leaky = serviceError('UnrecognizedClientException', 403, `bad key ${SECRET} here`);
		const info = describeError(leaky, { secrets: [SECRET] });
		expect(JSON.stringify(info)).not.toContain(SECRET);
		expect(info.message).toBe('bad key **** here');
	});
});

describe('toNodeApiError', () => {
	const node: INode = {
		id: '1',
		name: 'Amazon Bedrock',
		type: 'n8n-nodes-bedrock.bedrock',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};

	it('carries the HTTP code, the AWS error code, the remedy and the request ID', () => {
		const error = toNodeApiError(
			node,
			new ThrottlingException({ message: 'Too many requests', ...metadata(429) }),
			3,
			{ modelId: 'amazon.nova-lite-v1:0', secrets: [SECRET] },
		);
		expect(error).toBeInstanceOf(NodeApiError);
		const apiError = error as NodeApiError;
		expect(apiError.httpCode).toBe('429');
		expect(apiError.message).toBe(
			'Bedrock ThrottlingException (model amazon.nova-lite-v1:0): Too many requests',
		);
		expect(apiError.description).toContain('Concurrency');
		expect(apiError.description).toContain('Request ID: req-1234');
		expect(apiError.context.itemIndex).toBe(3);
		expect(bedrockErrorInfoOf(apiError)).toMatchObject({
			code: 'ThrottlingException',
			retryable: true,
		});
	});

	it('keeps secrets out of the message and description', () => {
		const error = toNodeApiError(
			node,
			serviceError('InvalidSignatureException', 403, `sig ${SECRET}`),
			0,
			{
				secrets: [SECRET],
			},
		);
		expect(
			JSON.stringify({ message: error.message, description: error.description }),
		).not.toContain(SECRET);
	});

	it('keeps a ResourceNotFoundException’s title (n8n would read ENOTFOUND in it)', () => {
		const error = toNodeApiError(
			node,
			new ResourceNotFoundException({ message: 'Knowledge base not found', ...metadata(404) }),
			0,
			{ remedies: { ResourceNotFoundException: 'Pick the knowledge base from the list.' } },
		);
		expect(error.message).toBe('Bedrock ResourceNotFoundException: Knowledge base not found');
		expect(error.description).toContain('Pick the knowledge base from the list.');
	});

	it('names the denied IAM action in the remedy', () => {
		const info = describeError(
			serviceError(
				'AccessDeniedException',
				403,
				'User: arn:aws:iam::123456789012:user/x is not authorized to perform: bedrock:RetrieveAndGenerate on resource: *',
			),
		);
		expect(info.remedy).toMatch(/^The IAM identity may not call bedrock:RetrieveAndGenerate/);
	});
});
