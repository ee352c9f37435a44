/**
 * Batch Job end to end in n8n's engine against the emulator's S3 and batch job APIs, through the real
 * SDK clients: Create writes the records Invoke Model would send, Get follows the job to its end,
 * Get Results returns one item per record in input order, and every way a job can end gives a
 * clear result.
 */
import { BedrockClient, CreateModelInvocationJobCommand } from '@aws-sdk/client-bedrock';
import {
	GetObjectCommand,
	ListObjectsV2Command,
	PutObjectCommand,
	S3Client,
} from '@aws-sdk/client-s3';
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { EMULATOR_CREDENTIALS, n8nCredentialFor, start } from '../../../../emulator';
import type { RunningEmulator } from '../../../../emulator';
import { bedrockNode, runWorkflow } from '../../../helpers/workflow';

let emulator: RunningEmulator;
let credentials: Record<string, ICredentialDataDecryptedObject>;
let s3: S3Client;

const BUCKET = 'emulator-batch';
const FAIL_MARKER = 'EMULATOR_FAIL_RECORD';
const MODEL_ID = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
const model = { __rl: true, mode: 'id', value: MODEL_ID };
const ROLE_ARN = 'arn:aws:iam::123456789012:role/BedrockBatchInference';

beforeAll(async () => {
	emulator = await start({ port: 0, batchStateDelayMs: 20, batchFailMarker: FAIL_MARKER });
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
beforeEach(() => {
	emulator.configure({ batchStateDelayMs: 20 });
	emulator.requests.splice(0);
});

function tickets(count: number, failing: number[] = []): INodeExecutionData[] {
	return Array.from({ length: count }, (_, index) => ({
		json: {
			text: `Ticket ${index}: the printer in room ${index % 7} stopped after the update.${
				failing.includes(index) ? ` ${FAIL_MARKER}` : ''
			} Please fix it today.`,
		},
	}));
}

const recordParameters: IDataObject = {
	model,
	prompt: '=Summarise: {{ $json.text }}',
	systemPrompt: 'You summarise support tickets.',
	options: { maxTokens: 64, temperature: 0.2 },
};

async function runNode(
	name: string,
	parameters: IDataObject,
	input: INodeExecutionData[],
	continueOnFail = false,
) {
	const node = bedrockNode(name, parameters);
	if (continueOnFail) node.onError = 'continueRegularOutput';
	return await runWorkflow({ nodes: [node], input, credentials });
}

async function createJob(
	input: INodeExecutionData[],
	jobName: string,
	extra: IDataObject = {},
): Promise<IDataObject> {
	const result = await runNode(
		'Create',
		{
			resource: 'batchJob',
			operation: 'create',
			...recordParameters,
			roleArn: ROLE_ARN,
			inputS3Uri: `s3://${BUCKET}/jobs/input/`,
			outputS3Uri: `s3://${BUCKET}/jobs/output/`,
			jobName,
			...extra,
		},
		input,
	);
	expect(result.error).toBeUndefined();
	const items = result.output('Create');
	expect(items).toHaveLength(1);
	expect(items[0].pairedItem).toHaveLength(input.length);
	return items[0].json;
}

async function getJob(jobArn: IDataObject[string], options: IDataObject = {}) {
	const result = await runNode('Get', { resource: 'batchJob', operation: 'get', jobArn, options }, [
		{ json: { jobArn } },
	]);
	expect(result.error).toBeUndefined();
	return result.output('Get')[0].json;
}

async function waitForEnd(jobArn: IDataObject[string]) {
	return await getJob(jobArn, {
		waitForCompletion: true,
		pollIntervalSeconds: 0.1,
		maxWaitSeconds: 60,
	});
}

async function getResults(
	jobArn: IDataObject[string],
	continueOnFail = true,
	options: IDataObject = {},
) {
	return await runNode(
		'Results',
		{ resource: 'batchJob', operation: 'getResults', jobArn, options },
		[{ json: { jobArn } }],
		continueOnFail,
	);
}

async function objectText(key: string): Promise<string> {
	const response = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
	return (await response.Body?.transformToString('utf8')) ?? '';
}

async function keysUnder(prefix: string): Promise<string[]> {
	const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
	return (listed.Contents ?? []).map((object) => object.Key ?? '').sort();
}

describe('Batch Job over 1,000 items', () => {
	const input = tickets(1000);
	let created: IDataObject;
	let createRequests: typeof emulator.requests = [];

	beforeAll(async () => {
		created = await createJob(input, 'thousand-tickets', {
			jobOptions: { maxRecordsPerFile: 400, tags: 'team=support', timeoutDurationInHours: 48 },
		});
		createRequests = emulator.requests.filter(
			(request) => request.operation === 'CreateModelInvocationJob',
		);
	});

	it('creates one job whose files hold 1,000 records, each the body Invoke Model sends for its item', async () => {
		expect(created).toMatchObject({
			jobArn: expect.stringMatching(/:model-invocation-job\/[a-z0-9]{12}$/),
			status: 'Submitted',
			recordCount: 1000,
			inputS3Uri: `s3://${BUCKET}/jobs/input/thousand-tickets/`,
			outputS3Uri: `s3://${BUCKET}/jobs/output/`,
		});
		const keys = await keysUnder('jobs/input/thousand-tickets/');
		expect(keys).toEqual([
			'jobs/input/thousand-tickets/record-index.json',
			'jobs/input/thousand-tickets/records-00001.jsonl',
			'jobs/input/thousand-tickets/records-00002.jsonl',
			'jobs/input/thousand-tickets/records-00003.jsonl',
		]);
		const records = (
			await Promise.all(keys.filter((key) => key.endsWith('.jsonl')).map(objectText))
		).flatMap((text) =>
			text
				.trimEnd()
				.split('\n')
				.map((line) => JSON.parse(line) as IDataObject),
		);
		expect(records).toHaveLength(1000);
		expect(records.map((record) => record.recordId)).toEqual(
			input.map((_, index) => String(index).padStart(11, '0')),
		);

		// Invoke Model over the same items: the emulator records each body it was sent.
		emulator.requests.splice(0);
		const invoked = await runNode(
			'Invoke',
			{
				operation: 'invoke',
				...recordParameters,
				options: { ...(recordParameters.options as IDataObject), concurrency: 16 },
			},
			input,
		);
		expect(invoked.error).toBeUndefined();
		const sentBodies = new Map(
			emulator.requests
				.filter((request) => request.operation === 'InvokeModel')
				.map((request) => [JSON.stringify(request.body), true]),
		);
		expect(sentBodies.size).toBe(1000);
		for (const record of records) {
			expect(sentBodies.has(JSON.stringify(record.modelInput))).toBe(true);
		}
		// Spot check: item 7's record is exactly its Invoke Model body, in order.
		const seventh = emulator.requests
			.filter((request) => request.operation === 'InvokeModel')
			.map((request) => request.body as IDataObject)
			.find((body) => JSON.stringify(body).includes('Ticket 7:'));
		expect(records[7].modelInput).toEqual(seventh);
	});

	it('creates the job with the role, the model, the folders, the timeout and the tags', () => {
		const [request] = createRequests;
		expect(request.body).toMatchObject({
			jobName: 'thousand-tickets',
			roleArn: ROLE_ARN,
			modelId: MODEL_ID,
			inputDataConfig: {
				s3InputDataConfig: {
					s3Uri: `s3://${BUCKET}/jobs/input/thousand-tickets/`,
					s3InputFormat: 'JSONL',
				},
			},
			outputDataConfig: { s3OutputDataConfig: { s3Uri: `s3://${BUCKET}/jobs/output/` } },
			timeoutDurationInHours: 48,
			tags: [{ key: 'team', value: 'support' }],
		});
	});

	it('stores a record index beside the files', async () => {
		const index = JSON.parse(
			await objectText('jobs/input/thousand-tickets/record-index.json'),
		) as IDataObject;
		expect(index).toMatchObject({
			format: 'n8n-nodes-bedrock/batch-record-index@1',
			jobName: 'thousand-tickets',
			modelId: MODEL_ID,
			recordCount: 1000,
		});
		expect(
			(index.files as IDataObject[]).map((file) => [file.firstRecord, file.recordCount]),
		).toEqual([
			[0, 400],
			[400, 400],
			[800, 200],
		]);
	});

	it('Get reaches Completed, with the record counts and the batch cost', async () => {
		const job = await waitForEnd(created.jobArn);
		expect(job).toMatchObject({
			jobArn: created.jobArn,
			jobName: 'thousand-tickets',
			status: 'Completed',
			done: true,
			submitTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			endTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			recordCounts: { total: 1000, processed: 1000, succeeded: 1000, failed: 0 },
		});
		const totals = job.totals as IDataObject;
		expect(totals.usage).toMatchObject({
			inputTokens: expect.any(Number),
			outputTokens: expect.any(Number),
		});
		expect((totals.cost as IDataObject).pricingSource).toMatch(/batch inference price/);
	});

	it('Get Results returns 1,000 items in input order, shaped as Invoke Model’s output', async () => {
		const result = await getResults(created.jobArn, false, { includeCost: true });
		expect(result.error).toBeUndefined();
		const items = result.output('Results');
		expect(items).toHaveLength(1000);
		items.forEach((item, index) => {
			expect(item.json.recordId).toBe(String(index).padStart(11, '0'));
			expect(item.json.text).toEqual(expect.stringContaining(`Ticket ${index}:`));
			expect(item.pairedItem).toEqual({ item: 0 });
		});
		expect(items[0].json).toMatchObject({
			stopReason: expect.any(String),
			modelId: MODEL_ID,
			usage: {
				inputTokens: expect.any(Number),
				outputTokens: expect.any(Number),
				totalTokens: expect.any(Number),
			},
			cost: { pricingSource: expect.stringMatching(/batch inference price/) },
		});
		expect(items[0].json.latencyMs).toBeUndefined();
		expect((items[0].json.usage as IDataObject).outputTokens as number).toBeGreaterThan(0);
	});
});

describe('Batch Job files', () => {
	it('go up as a multipart upload in 5 MiB parts once a file passes one part, and the job runs them', async () => {
		const long = 'The printer prints nothing but a grey line across the page. '.repeat(800);
		const input = Array.from({ length: 120 }, (_, index) => ({
			json: { text: `Ticket ${index}: ${long}` },
		}));
		const created = await createJob(input, 'multipart-tickets');
		expect(created.bytes as number).toBeGreaterThan(5 * 1024 * 1024);
		const operations = emulator.requests.map((request) => request.operation);
		expect(operations.filter((operation) => operation === 'CreateMultipartUpload')).toHaveLength(1);
		expect(operations.filter((operation) => operation === 'UploadPart')).toHaveLength(2);
		expect(operations.filter((operation) => operation === 'CompleteMultipartUpload')).toHaveLength(
			1,
		);
		const text = await objectText('jobs/input/multipart-tickets/records-00001.jsonl');
		expect(Buffer.byteLength(text)).toBe(created.bytes);
		expect(text.trimEnd().split('\n')).toHaveLength(120);
		const job = await waitForEnd(created.jobArn);
		expect(job.status).toBe('Completed');
		const items = (await getResults(created.jobArn, false)).output('Results');
		expect(items).toHaveLength(120);
		expect(items[119].json.recordId).toBe('00000000119');
	});

	it('writes a raw JSON body as it is given, one record per item', async () => {
		const input = tickets(100);
		const created = await createJob(input, 'json-bodies', {
			bodySource: 'json',
			body: '={{ { "prompt": "<s>[INST] " + $json.text + " [/INST]", "max_gen_len": 64 } }}',
			model: { __rl: true, mode: 'id', value: 'us.meta.llama3-1-8b-instruct-v1:0' },
		});
		const records = (await objectText('jobs/input/json-bodies/records-00001.jsonl'))
			.trimEnd()
			.split('\n')
			.map((line) => JSON.parse(line) as IDataObject);
		expect(records[42]).toEqual({
			recordId: '00000000042',
			modelInput: { prompt: `<s>[INST] ${input[42].json.text as string} [/INST]`, max_gen_len: 64 },
		});
		const job = await waitForEnd(created.jobArn);
		expect(job.status).toBe('Completed');
		const items = (await getResults(created.jobArn, false)).output('Results');
		expect(items[42].json).toMatchObject({
			recordId: '00000000042',
			modelId: 'us.meta.llama3-1-8b-instruct-v1:0',
			text: expect.stringContaining('Ticket 42:'),
		});
	});

	it('reads a job created elsewhere, without a record index, in the order Bedrock wrote it', async () => {
		const lines = Array.from({ length: 100 }, (_, index) =>
			JSON.stringify({
				recordId: `CALL${String(index).padStart(7, '0')}`,
				modelInput: {
					anthropic_version: 'bedrock-2023-05-31',
					max_tokens: 32,
					messages: [{ role: 'user', content: `Call ${index}: the line dropped twice.` }],
				},
			}),
		);
		await s3.send(
			new PutObjectCommand({
				Bucket: BUCKET,
				Key: 'elsewhere/input/calls.jsonl',
				Body: `${lines.join('\n')}\n`,
			}),
		);
		const bedrock = new BedrockClient({
			endpoint: emulator.url,
			region: EMULATOR_CREDENTIALS.region,
			credentials: {
				accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
				secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
			},
		});
		const { jobArn } = await bedrock.send(
			new CreateModelInvocationJobCommand({
				jobName: 'created-elsewhere',
				roleArn: ROLE_ARN,
				modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
				inputDataConfig: {
					s3InputDataConfig: { s3Uri: `s3://${BUCKET}/elsewhere/input/calls.jsonl` },
				},
				outputDataConfig: { s3OutputDataConfig: { s3Uri: `s3://${BUCKET}/elsewhere/output/` } },
			}),
		);
		bedrock.destroy();
		expect((await waitForEnd(jobArn)).status).toBe('Completed');
		const items = (await getResults(jobArn, false)).output('Results');
		expect(items.map((item) => item.json.recordId)).toEqual(
			Array.from({ length: 100 }, (_, index) => `CALL${String(index).padStart(7, '0')}`),
		);
		expect(items[9].json).toMatchObject({
			text: expect.stringContaining('Call 9:'),
			modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
		});
	});

	it('a write S3 refuses is a NodeApiError with the AWS code and a remedy, and no job is created', async () => {
		emulator.configure({ deniedActions: ['s3:PutObject'] });
		try {
			const result = await runNode(
				'Create',
				{
					resource: 'batchJob',
					operation: 'create',
					...recordParameters,
					roleArn: ROLE_ARN,
					inputS3Uri: `s3://${BUCKET}/jobs/input/`,
					outputS3Uri: `s3://${BUCKET}/jobs/output/`,
					jobName: 'denied-upload',
				},
				tickets(100),
				true,
			);
			const [item] = result.output('Create');
			expect(item.json.error).toMatchObject({
				code: expect.stringMatching(/^AccessDenied/),
				httpStatus: 403,
				message: expect.stringContaining('s3:PutObject'),
				remedy: expect.stringMatching(/s3:PutObject/),
			});
			expect(
				emulator.requests.filter((request) => request.operation === 'CreateModelInvocationJob'),
			).toEqual([]);
		} finally {
			emulator.configure({ deniedActions: [] });
		}
	});
});

describe('Batch Job endings', () => {
	it('a PartiallyCompleted job of 1,000 records: the records the emulator failed are error items in their places', async () => {
		const failing = [3, 57, 140, 512, 999];
		const created = await createJob(tickets(1000, failing), 'partly-failing');
		const job = await waitForEnd(created.jobArn);
		expect(job).toMatchObject({
			status: 'PartiallyCompleted',
			recordCounts: { total: 1000, succeeded: 995, failed: 5 },
		});
		const result = await getResults(created.jobArn);
		const items = result.output('Results');
		expect(items).toHaveLength(1000);
		items.forEach((item, index) => {
			expect(item.json.recordId).toBe(String(index).padStart(11, '0'));
			if (failing.includes(index)) {
				expect(item.json.error).toMatchObject({
					message: expect.stringMatching(new RegExp(`^Record 0+${index}: `)),
					code: expect.any(String),
					httpStatus: expect.any(Number),
					remedy: expect.any(String),
				});
			} else {
				expect(item.json.error).toBeUndefined();
				expect(item.json.text).toEqual(expect.stringContaining(`Ticket ${index}:`));
			}
		});

		// Without Continue On Fail the node stops, naming the first failed record.
		const strict = await getResults(created.jobArn, false);
		expect(strict.error?.message).toMatch(/Record 00000000003: /);
	});

	it('a Stopped job: Stop says so, and Get Results gives the records it never reached as errors', async () => {
		emulator.configure({ batchStateDelayMs: { Scheduled: 60_000 } });
		const created = await createJob(tickets(120), 'stopped-early');
		const stopped = await runNode(
			'Stop',
			{ resource: 'batchJob', operation: 'stop', jobArn: created.jobArn },
			[{ json: {} }],
		);
		expect(stopped.error).toBeUndefined();
		expect(stopped.output('Stop')[0].json).toMatchObject({
			jobArn: created.jobArn,
			status: expect.stringMatching(/^Stopp(ing|ed)$/),
		});
		const job = await waitForEnd(created.jobArn);
		expect(job).toMatchObject({ status: 'Stopped', done: true });

		const result = await getResults(created.jobArn);
		const items = result.output('Results');
		expect(items).toHaveLength(120);
		expect(
			items.every((item) => (item.json.error as IDataObject)?.code === 'RecordNotProcessed'),
		).toBe(true);
		expect((items[5].json.error as IDataObject).message).toMatch(
			/Record 00000000005 \(input item 5\) has no result: the job ended as Stopped/,
		);

		// A job that has ended cannot be stopped again: refused without a call.
		emulator.requests.splice(0);
		const again = await runNode(
			'Stop',
			{ resource: 'batchJob', operation: 'stop', jobArn: created.jobArn },
			[{ json: {} }],
		);
		expect(again.error?.message).toMatch(/already ended \(Stopped\)/);
		expect(
			emulator.requests.filter((request) => request.operation === 'StopModelInvocationJob'),
		).toEqual([]);
	});

	it('an Expired job: done, and the records it never reached are error items', async () => {
		emulator.configure({ batchStateDelayMs: { Scheduled: 60_000 }, batchHourMs: 5 });
		try {
			const created = await createJob(tickets(100), 'expiring');
			const job = await waitForEnd(created.jobArn);
			expect(job).toMatchObject({ status: 'Expired', done: true });
			const items = (await getResults(created.jobArn)).output('Results');
			expect(items).toHaveLength(100);
			expect((items[0].json.error as IDataObject).message).toMatch(/the job ended as Expired/);
		} finally {
			emulator.configure({ batchHourMs: 3_600_000 });
		}
	});

	it('a Failed job: Get says why, Get Results refuses with the reason', async () => {
		const failing = Array.from({ length: 110 }, (_, index) => index);
		const created = await createJob(tickets(110, failing), 'all-failing');
		const job = await waitForEnd(created.jobArn);
		expect(job).toMatchObject({ status: 'Failed', done: true, message: expect.any(String) });
		const result = await getResults(created.jobArn, false);
		expect(result.error?.message).toMatch(/^Bedrock BatchJobFailed: The batch job failed: /);
		const lenient = await getResults(created.jobArn, true);
		expect(lenient.output('Results')[0].json.error).toMatchObject({ code: 'BatchJobFailed' });
	});

	it('a job still running: Get Results says to wait', async () => {
		emulator.configure({ batchStateDelayMs: { Scheduled: 60_000 } });
		const created = await createJob(tickets(100), 'still-running');
		const result = await getResults(created.jobArn, true);
		expect(result.output('Results')[0].json.error).toMatchObject({
			code: 'BatchJobNotEnded',
			remedy: expect.stringMatching(/Wait until Get says done is true/),
		});
		const running = await getJob(created.jobArn, {
			waitForCompletion: true,
			pollIntervalSeconds: 0.1,
			maxWaitSeconds: 1,
		});
		expect(running.done).toBe(false);
		await runNode('Stop', { resource: 'batchJob', operation: 'stop', jobArn: created.jobArn }, [
			{ json: {} },
		]);
	});

	it('a Job ARN that is not one, refused before anything is sent', async () => {
		emulator.requests.splice(0);
		const result = await getResults('job-1', false);
		expect(result.error?.message).toMatch(/Job ARN must be the jobArn a Create operation returned/);
		expect(emulator.requests).toEqual([]);
	});
});
