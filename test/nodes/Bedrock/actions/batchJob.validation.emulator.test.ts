/**
 * Batch Job > Create refuses what it can tell is wrong before anything reaches S3 or Bedrock: each
 * refusal names the item and the fix, and the emulator's S3 shows that nothing was uploaded.
 */
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { EMULATOR_CREDENTIALS, n8nCredentialFor, start } from '../../../../emulator';
import type { RunningEmulator } from '../../../../emulator';
import { bedrockNode, runWorkflow } from '../../../helpers/workflow';

let emulator: RunningEmulator;
let credentials: Record<string, ICredentialDataDecryptedObject>;
let s3: S3Client;

const BUCKET = 'emulator-batch';

beforeAll(async () => {
	emulator = await start({ port: 0 });
	credentials = { awsBedrockApi: n8nCredentialFor(emulator.url) };
	s3 = new S3Client({
		endpoint: emulator.s3Endpoint,
		forcePathStyle: true,
		region: EMULATOR_CREDENTIALS.region,
		credentials: {
			accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
			secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
		},
	});
});
afterAll(async () => {
	s3.destroy();
	await emulator.close();
});
let prefix = '';
let testNumber = 0;
beforeEach(() => {
	emulator.requests.splice(0);
	testNumber++;
	prefix = `validation/${testNumber}/`;
});

const claude = { __rl: true, mode: 'id', value: 'us.anthropic.claude-3-5-haiku-20241022-v1:0' };

const WRITE_OPERATIONS = new Set([
	'PutObject',
	'CreateMultipartUpload',
	'UploadPart',
	'CompleteMultipartUpload',
	'CreateModelInvocationJob',
]);

function items(
	count: number,
	text = (index: number) => `Ticket ${index}: the printer is on fire.`,
) {
	return Array.from(
		{ length: count },
		(_, index): INodeExecutionData => ({
			json: { text: text(index) },
		}),
	);
}

function createParameters(parameters: IDataObject = {}): IDataObject {
	return {
		resource: 'batchJob',
		operation: 'create',
		model: claude,
		prompt: '={{ $json.text }}',
		options: { maxTokens: 64 },
		roleArn: 'arn:aws:iam::123456789012:role/BedrockBatchInference',
		inputS3Uri: `s3://${BUCKET}/${prefix}in/`,
		outputS3Uri: `s3://${BUCKET}/${prefix}out/`,
		jobName: 'validation-job',
		...parameters,
	};
}

async function create(
	input: INodeExecutionData[],
	parameters: IDataObject = {},
	credentialOverrides: ICredentialDataDecryptedObject = {},
) {
	const result = await runWorkflow({
		nodes: [bedrockNode('Create', createParameters(parameters))],
		input,
		credentials: {
			awsBedrockApi: { ...credentials.awsBedrockApi, ...credentialOverrides },
		},
	});
	return result;
}

async function expectNothingUploaded(): Promise<void> {
	const written = emulator.requests.filter((request) => WRITE_OPERATIONS.has(request.operation));
	expect(written).toEqual([]);
	const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
	expect(listed.KeyCount ?? 0).toBe(0);
}

function errorOf(result: Awaited<ReturnType<typeof create>>) {
	expect(result.error).toBeDefined();
	const error = result.error as {
		message: string;
		description?: string | null;
		context?: { itemIndex?: number };
	};
	return {
		message: error.message,
		description: error.description ?? '',
		itemIndex: error.context?.itemIndex,
	};
}

describe('Batch Job > Create refuses before uploading', () => {
	it('a model without batch inference, naming the families that have it', async () => {
		const { message, description } = errorOf(
			await create(items(120), {
				model: { __rl: true, mode: 'id', value: 'amazon.titan-text-express-v1' },
			}),
		);
		expect(message).toMatch(
			/amazon\.titan-text-express-v1 \(Amazon Titan Text\) is not one of the models Bedrock runs batch inference jobs for/,
		);
		expect(description).toMatch(/Anthropic Claude.*Skip Model Check.*Nothing was uploaded/);
		await expectNothingUploaded();
	});

	it('fewer records than the per-job minimum', async () => {
		const { message } = errorOf(await create(items(99)));
		expect(message).toMatch(/at least 100 records .* has 99 items/);
		await expectNothingUploaded();
	});

	it('more records than the per-job maximum', async () => {
		const { message } = errorOf(
			await create(items(150), { jobOptions: { maxRecordsPerJob: 149 } }),
		);
		expect(message).toMatch(/at most 149 records .*has 150 items: split the items/);
		await expectNothingUploaded();
	});

	it('a record larger than one input file, naming its item', async () => {
		const result = await create(
			items(120, (index) => (index === 57 ? 'x'.repeat(4000) : `Ticket ${index}`)),
			{ jobOptions: { maxFileSizeMb: 0.002 } },
		);
		const { message, itemIndex } = errorOf(result);
		expect(message).toMatch(/^Item 57: The record is .* MiB, more than an input file may hold/);
		expect(itemIndex).toBe(57);
		await expectNothingUploaded();
	});

	it('a job larger than the per-job size', async () => {
		const { message } = errorOf(await create(items(120), { jobOptions: { maxJobSizeMb: 0.001 } }));
		expect(message).toMatch(/Batch inference job size/);
		await expectNothingUploaded();
	});

	it.each([
		[{ roleArn: 'BedrockBatchInference' }, /Role ARN must be the ARN of an IAM role/],
		[
			{ roleArn: 'arn:aws:iam::123456789012:user/alice' },
			/Role ARN must be the ARN of an IAM role/,
		],
		[
			{ inputS3Uri: 'https://emulator-batch.s3.amazonaws.com/in/' },
			/Input S3 URI must be an S3 URI/,
		],
		[{ outputS3Uri: 's3://Bad_Bucket/out/' }, /Output S3 URI names the bucket 'Bad_Bucket'/],
		[{ jobName: 'nightly run!' }, /Job Name 'nightly run!' is not a valid batch job name/],
		[
			{ jobOptions: { timeoutDurationInHours: 12 } },
			/Timeout \(Hours\) must be between 24 and 168/,
		],
		[
			{ jobOptions: { tags: 'team=support, =orphan' } },
			/Tags must be comma-separated key=value pairs/,
		],
	])('%j', async (parameters, message) => {
		const error = errorOf(await create(items(120), parameters));
		expect(error.message).toMatch(message);
		expect(error.itemIndex).toBe(0);
		await expectNothingUploaded();
	});

	it('a bucket that does not exist', async () => {
		const { message } = errorOf(
			await create(items(120), { outputS3Uri: 's3://no-such-bucket-here/out/' }),
		);
		expect(message).toMatch(/The S3 bucket 'no-such-bucket-here' of Output S3 URI does not exist/);
		await expectNothingUploaded();
	});

	it('a bucket in another region than the credential’s', async () => {
		const { message, description } = errorOf(await create(items(120), {}, { region: 'eu-west-1' }));
		expect(message).toMatch(/is in us-east-1, but the credential’s region is eu-west-1/);
		expect(description).toMatch(/use a bucket in eu-west-1/);
		await expectNothingUploaded();
	});

	it('an item whose body Invoke Model would refuse, naming that item', async () => {
		const result = await create(items(120, (index) => (index === 42 ? '  ' : `Ticket ${index}`)));
		const { message, itemIndex } = errorOf(result);
		expect(message).toMatch(/^Item 42: The prompt is empty/);
		expect(itemIndex).toBe(42);
		await expectNothingUploaded();
	});

	it('a knob out of the family’s range, as Invoke Model words it', async () => {
		const { message } = errorOf(await create(items(120), { options: { temperature: 1.5 } }));
		expect(message).toMatch(/Temperature must be between 0 and 1 for Anthropic Claude models/);
		await expectNothingUploaded();
	});

	it('items asking for different models', async () => {
		const result = await create(items(120), {
			model: {
				__rl: true,
				mode: 'id',
				value:
					'={{ $itemIndex === 7 ? "us.anthropic.claude-3-haiku-20240307-v1:0" : "us.anthropic.claude-3-5-haiku-20241022-v1:0" }}',
			},
		});
		const { message, itemIndex } = errorOf(result);
		expect(message).toMatch(
			/Item 7 asks for model us\.anthropic\.claude-3-haiku-20240307-v1:0, but a batch job runs one model/,
		);
		expect(itemIndex).toBe(7);
		await expectNothingUploaded();
	});

	it('a model ARN of another region than the credential’s', async () => {
		const { message } = errorOf(
			await create(items(120), {
				model: {
					__rl: true,
					mode: 'id',
					value:
						'arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0',
				},
			}),
		);
		expect(message).toMatch(
			/The model ARN is in eu-west-1, but a batch job runs in the credential’s region \(us-east-1\)/,
		);
		await expectNothingUploaded();
	});

	it('a Bedrock API key, which cannot write S3', async () => {
		const { message } = errorOf(
			await create(
				items(120),
				{},
				{ authentication: 'apiKey', apiKey: EMULATOR_CREDENTIALS.apiKey },
			),
		);
		expect(message).toMatch(/A Bedrock API key cannot read or write S3/);
		await expectNothingUploaded();
	});
});
