import type {
	CreateModelInvocationJobCommandInput,
	GetModelInvocationJobCommandOutput,
} from '@aws-sdk/client-bedrock';
import {
	BedrockServiceException,
	CreateModelInvocationJobCommand,
	GetModelInvocationJobCommand,
	ListModelInvocationJobsCommand,
	StopModelInvocationJobCommand,
} from '@aws-sdk/client-bedrock';
import { InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';

import type { RunningEmulator } from '../../emulator';
import {
	DEFAULT_BATCH_FAIL_MARKER,
	DEFAULT_BATCH_LIMITS,
	DEFAULT_BUCKET,
	defaultOptions,
	start,
} from '../../emulator';
import { controlClient, runtimeClient, s3Client } from './client';

const MODEL_ID = 'anthropic.claude-3-haiku-20240307-v1:0';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/BedrockBatchRole';
const TERMINAL = ['Completed', 'PartiallyCompleted', 'Failed', 'Stopped', 'Expired'];
const STATE_ORDER = ['Submitted', 'Validating', 'Scheduled', 'InProgress', 'Stopping'];

function claudeBody(text: string) {
	return {
		anthropic_version: 'bedrock-2023-05-31',
		max_tokens: 200,
		messages: [{ role: 'user', content: text }],
	};
}

/** `count` JSONL records; the text of record i is `text(i)`. */
function jsonl(
	count: number,
	text: (index: number) => string = (index) =>
		`Ticket ${index} is about billing. Please summarise it.`,
): string {
	return Array.from({ length: count }, (_, index) =>
		JSON.stringify({
			recordId: `REC${String(index).padStart(8, '0')}`,
			modelInput: claudeBody(text(index)),
		}),
	)
		.map((line) => `${line}\n`)
		.join('');
}

async function failure(promise: Promise<unknown>): Promise<BedrockServiceException> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof BedrockServiceException) return error;
		throw error;
	}
	throw new Error('expected the call to fail');
}

// Batch inference jobs through the real Bedrock client, their files through the real S3 client.
describe('the emulator’s batch inference jobs', () => {
	let emulator: RunningEmulator;
	let jobCount = 0;

	beforeAll(async () => {
		emulator = await start({ port: 0, batchStateDelayMs: 5 });
	});
	afterAll(async () => await emulator.close());
	beforeEach(() =>
		emulator.configure({
			batchStateDelayMs: 5,
			batchHourMs: 3_600_000,
			batchLimits: DEFAULT_BATCH_LIMITS,
			deniedActions: [],
		}),
	);

	const bedrock = () => controlClient(emulator.url);
	const s3 = () => s3Client(emulator.s3Endpoint);

	async function upload(key: string, body: string): Promise<string> {
		await s3().send(new PutObjectCommand({ Bucket: DEFAULT_BUCKET, Key: key, Body: body }));
		return `s3://${DEFAULT_BUCKET}/${key}`;
	}

	async function read(key: string): Promise<string> {
		const object = await s3().send(new GetObjectCommand({ Bucket: DEFAULT_BUCKET, Key: key }));
		return (await object.Body?.transformToString()) ?? '';
	}

	async function createJob(
		inputS3Uri: string,
		overrides: Partial<CreateModelInvocationJobCommandInput> = {},
	): Promise<string> {
		jobCount++;
		const { jobArn } = await bedrock().send(
			new CreateModelInvocationJobCommand({
				jobName: `test-job-${jobCount}`,
				roleArn: ROLE_ARN,
				modelId: MODEL_ID,
				inputDataConfig: { s3InputDataConfig: { s3Uri: inputS3Uri } },
				outputDataConfig: { s3OutputDataConfig: { s3Uri: `s3://${DEFAULT_BUCKET}/output/` } },
				...overrides,
			}),
		);
		return jobArn ?? '';
	}

	/** Polls until the job is in one of `statuses`; returns it and the states seen on the way. */
	async function waitFor(
		jobArn: string,
		statuses: string[] = TERMINAL,
	): Promise<{ job: GetModelInvocationJobCommandOutput; seen: string[] }> {
		const seen: string[] = [];
		for (;;) {
			const job = await bedrock().send(new GetModelInvocationJobCommand({ jobIdentifier: jobArn }));
			if (seen.at(-1) !== job.status) seen.push(job.status ?? '');
			if (statuses.includes(job.status ?? '')) return { job, seen };
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
	}

	const jobIdOf = (jobArn: string) => jobArn.slice(jobArn.lastIndexOf('/') + 1);

	it('runs a job to Completed: one output line per record, in order, as InvokeModel answers, and the manifest', async () => {
		const input = jsonl(120);
		const inputUri = await upload('complete/tickets.jsonl', input);
		const jobArn = await createJob(inputUri, {
			timeoutDurationInHours: 48,
			tags: [{ key: 'team', value: 'support' }],
		});
		expect(jobArn).toMatch(
			/^arn:aws:bedrock:us-east-1:123456789012:model-invocation-job\/[a-z0-9]{12}$/,
		);
		const { job, seen } = await waitFor(jobArn);
		expect(job).toMatchObject({
			jobArn,
			jobName: `test-job-${jobCount}`,
			modelId: MODEL_ID,
			roleArn: ROLE_ARN,
			status: 'Completed',
			timeoutDurationInHours: 48,
			inputDataConfig: { s3InputDataConfig: { s3Uri: inputUri } },
			outputDataConfig: { s3OutputDataConfig: { s3Uri: `s3://${DEFAULT_BUCKET}/output/` } },
			totalRecordCount: 120,
			processedRecordCount: 120,
			successRecordCount: 120,
			errorRecordCount: 0,
		});
		expect(job.submitTime).toBeInstanceOf(Date);
		expect(job.endTime?.getTime()).toBeGreaterThanOrEqual(job.submitTime?.getTime() ?? Infinity);
		expect(job.jobExpirationTime?.getTime()).toBe(
			(job.submitTime?.getTime() ?? 0) + 48 * 3_600_000,
		);
		// The states seen come in Bedrock's order.
		const order = seen.slice(0, -1).map((status) => STATE_ORDER.indexOf(status));
		expect(order).toEqual([...order].sort((a, b) => a - b));
		expect(order.every((index) => index >= 0)).toBe(true);

		const prefix = `output/${jobIdOf(jobArn)}/`;
		const listed = await s3().send(
			new ListObjectsV2Command({ Bucket: DEFAULT_BUCKET, Prefix: prefix }),
		);
		expect(listed.Contents?.map((object) => object.Key)).toEqual([
			`${prefix}manifest.json.out`,
			`${prefix}tickets.jsonl.out`,
		]);
		const lines = (await read(`${prefix}tickets.jsonl.out`))
			.trimEnd()
			.split('\n')
			.map((line) => JSON.parse(line));
		const inputs = input
			.trimEnd()
			.split('\n')
			.map((line) => JSON.parse(line));
		expect(lines.map((line) => line.recordId)).toEqual(inputs.map((record) => record.recordId));
		expect(lines.map((line) => line.modelInput)).toEqual(inputs.map((record) => record.modelInput));
		const invoked = await runtimeClient(emulator.url).send(
			new InvokeModelCommand({ modelId: MODEL_ID, body: JSON.stringify(inputs[3].modelInput) }),
		);
		const direct = JSON.parse(Buffer.from(invoked.body).toString());
		expect({ ...lines[3].modelOutput, id: undefined }).toEqual({ ...direct, id: undefined });
		expect(lines[3].modelOutput.content[0].text).toBe(
			'Ticket 3 is about billing. Please summarise it.',
		);

		const manifest = JSON.parse(await read(`${prefix}manifest.json.out`));
		const inputTokens = lines.reduce((sum, line) => sum + line.modelOutput.usage.input_tokens, 0);
		const outputTokens = lines.reduce((sum, line) => sum + line.modelOutput.usage.output_tokens, 0);
		expect(manifest).toEqual({
			totalRecordCount: 120,
			processedRecordCount: 120,
			successRecordCount: 120,
			errorRecordCount: 0,
			inputTokenCount: inputTokens,
			outputTokenCount: outputTokens,
		});
	});

	it('reads every .jsonl file under a prefix and writes one .out per file; adds missing record IDs', async () => {
		await upload('folder/part-1.jsonl', jsonl(60));
		const noIds = Array.from({ length: 50 }, (_, index) =>
			JSON.stringify({ modelInput: claudeBody(`Second file record ${index}.`) }),
		).join('\n');
		await upload('folder/part-2.jsonl', noIds);
		await upload('folder/readme.txt', 'not a record file');
		const jobArn = await createJob(`s3://${DEFAULT_BUCKET}/folder/`);
		const { job } = await waitFor(jobArn);
		expect([job.status, job.totalRecordCount]).toEqual(['Completed', 110]);
		const prefix = `output/${jobIdOf(jobArn)}/`;
		const second = (await read(`${prefix}part-2.jsonl.out`))
			.trimEnd()
			.split('\n')
			.map((line) => JSON.parse(line));
		expect(second).toHaveLength(50);
		expect(second[0].recordId).toMatch(/^[A-Z0-9]{11}$/);
		expect(new Set(second.map((line) => line.recordId)).size).toBe(50);
		expect((await read(`${prefix}part-1.jsonl.out`)).trimEnd().split('\n')).toHaveLength(60);
	});

	it('runs an embedding model’s records and accepts an inference profile ID', async () => {
		const embeddings = Array.from({ length: 100 }, (_, index) =>
			JSON.stringify({
				recordId: `E${index}`,
				modelInput: { inputText: `Text ${index}`, dimensions: 256 },
			}),
		).join('\n');
		const embedArn = await createJob(await upload('embed/texts.jsonl', embeddings), {
			modelId: 'amazon.titan-embed-text-v2:0',
		});
		const { job } = await waitFor(embedArn);
		expect(job.status).toBe('Completed');
		const first = JSON.parse(
			(await read(`output/${jobIdOf(embedArn)}/texts.jsonl.out`)).split('\n')[0],
		);
		expect(first.modelOutput.embedding).toHaveLength(256);

		const profileArn = await createJob(await upload('profile/tickets.jsonl', jsonl(100)), {
			modelId: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
		});
		expect((await waitFor(profileArn)).job.status).toBe('Completed');
	});

	it('runs Converse requests for a job of invocation type Converse', async () => {
		const records = Array.from({ length: 100 }, (_, index) =>
			JSON.stringify({
				recordId: `C${index}`,
				modelInput: {
					messages: [
						{ role: 'user', content: [{ text: `Converse record ${index}. Second sentence.` }] },
					],
					inferenceConfig: { maxTokens: 100 },
				},
			}),
		).join('\n');
		const jobArn = await createJob(await upload('converse/records.jsonl', records), {
			modelInvocationType: 'Converse',
		});
		const { job } = await waitFor(jobArn);
		expect([job.status, job.modelInvocationType]).toEqual(['Completed', 'Converse']);
		const first = JSON.parse(
			(await read(`output/${jobIdOf(jobArn)}/records.jsonl.out`)).split('\n')[0],
		);
		expect(first.modelOutput.output.message.content[0].text).toBe(
			'Converse record 0. Second sentence.',
		);
		expect(first.modelOutput.stopReason).toBe('end_turn');
		expect(first.modelOutput.usage.inputTokens).toBeGreaterThan(0);
	});

	it('runs a 10,000-record job to the end, every record in order', async () => {
		const jobArn = await createJob(await upload('large-job/tickets.jsonl', jsonl(10_000)));
		const { job } = await waitFor(jobArn);
		expect([job.status, job.successRecordCount]).toEqual(['Completed', 10_000]);
		const output = await read(`output/${jobIdOf(jobArn)}/tickets.jsonl.out`);
		const ids = output
			.trimEnd()
			.split('\n')
			.map((line) => (JSON.parse(line) as { recordId: string }).recordId);
		expect(ids).toHaveLength(10_000);
		expect(ids[9_999]).toBe('REC00009999');
		expect(ids.every((id, index) => id === `REC${String(index).padStart(8, '0')}`)).toBe(true);
	});

	it(`fails the records that contain ${DEFAULT_BATCH_FAIL_MARKER}: PartiallyCompleted, or Failed when all do`, async () => {
		const marked = (index: number) =>
			index % 10 === 0
				? `Please ${DEFAULT_BATCH_FAIL_MARKER} this one.`
				: `Record ${index} is fine.`;
		const partialArn = await createJob(await upload('partial/tickets.jsonl', jsonl(100, marked)));
		const { job } = await waitFor(partialArn);
		expect(job).toMatchObject({
			status: 'PartiallyCompleted',
			totalRecordCount: 100,
			processedRecordCount: 100,
			successRecordCount: 90,
			errorRecordCount: 10,
			message: '10 of 100 records failed. See the error of each in the output files.',
		});
		const prefix = `output/${jobIdOf(partialArn)}/`;
		const lines = (await read(`${prefix}tickets.jsonl.out`))
			.trimEnd()
			.split('\n')
			.map((line) => JSON.parse(line));
		expect(lines[0]).toEqual({
			recordId: 'REC00000000',
			modelInput: claudeBody(marked(0)),
			error: {
				errorCode: 400,
				errorMessage: `The record was refused: it contains ${DEFAULT_BATCH_FAIL_MARKER}.`,
			},
		});
		expect(lines[1].modelOutput.content[0].text).toBe('Record 1 is fine.');
		expect(JSON.parse(await read(`${prefix}manifest.json.out`))).toMatchObject({
			successRecordCount: 90,
			errorRecordCount: 10,
		});

		const allArn = await createJob(
			await upload(
				'all-failed/tickets.jsonl',
				jsonl(100, () => DEFAULT_BATCH_FAIL_MARKER),
			),
		);
		const all = (await waitFor(allArn)).job;
		expect([all.status, all.message, all.errorRecordCount]).toEqual([
			'Failed',
			'All 100 records failed. See the error of each in the output files.',
			100,
		]);
	});

	it('fails a record whose modelInput the model refuses, with the model’s ValidationException wording', async () => {
		const lines = jsonl(100).split('\n');
		lines[5] = JSON.stringify({ recordId: 'BAD', modelInput: { max_tokens: 10 } });
		const jobArn = await createJob(await upload('refused/tickets.jsonl', lines.join('\n')));
		const { job } = await waitFor(jobArn);
		expect([job.status, job.errorRecordCount]).toEqual(['PartiallyCompleted', 1]);
		const output = (await read(`output/${jobIdOf(jobArn)}/tickets.jsonl.out`)).split('\n');
		const refused = JSON.parse(output[5]);
		expect(refused.recordId).toBe('BAD');
		expect(refused.error.errorCode).toBe(400);
		expect(refused.error.errorMessage).toEqual(expect.any(String));
		expect(refused.modelOutput).toBeUndefined();
	});

	it.each([
		[
			'the input file is missing',
			async () => `s3://${DEFAULT_BUCKET}/nothing-here/input.jsonl`,
			/^No input files were found at s3:\/\/emulator-batch\/nothing-here\/input\.jsonl/,
		],
		[
			'the input bucket does not exist',
			async () => 's3://no-such-bucket/input.jsonl',
			/^Unable to access the S3 location s3:\/\/no-such-bucket\/input\.jsonl/,
		],
		[
			'the input file is not .jsonl',
			async () => await upload('wrong-extension/tickets.json', jsonl(100)),
			'The input file s3://emulator-batch/wrong-extension/tickets.json must have the extension .jsonl.',
		],
		[
			'there are fewer records than Bedrock’s minimum',
			async () => await upload('few/tickets.jsonl', jsonl(99)),
			/contains less records \(99\) than the required minimum of: 100$/,
		],
		[
			'a line is not JSON',
			async () => await upload('malformed/tickets.jsonl', `${jsonl(100)}{"recordId": "x", \n`),
			/^Line 101 of s3:\/\/emulator-batch\/malformed\/tickets\.jsonl is not valid JSON\./,
		],
		[
			'a record has no modelInput',
			async () => await upload('no-input/tickets.jsonl', `${jsonl(100)}{"recordId":"x"}\n`),
			/^Line 101 of s3:\/\/emulator-batch\/no-input\/tickets\.jsonl has no 'modelInput' object\./,
		],
	])('fails the job while validating when %s', async (_, inputUri, message) => {
		const jobArn = await createJob(await inputUri());
		const { job } = await waitFor(jobArn);
		expect(job.status).toBe('Failed');
		expect(job.message).toMatch(message);
		expect(job.totalRecordCount).toBeUndefined();
		const listed = await s3().send(
			new ListObjectsV2Command({ Bucket: DEFAULT_BUCKET, Prefix: `output/${jobIdOf(jobArn)}/` }),
		);
		expect(listed.KeyCount).toBe(0);
	});

	it('checks the records against the configured quotas: per job, per file, record size', async () => {
		emulator.configure({
			batchLimits: {
				...DEFAULT_BATCH_LIMITS,
				maxRecordsPerJob: 150,
				maxRecordsPerFile: 120,
				maxRecordBytes: 400,
			},
		});
		await upload('many/part-1.jsonl', jsonl(80));
		await upload('many/part-2.jsonl', jsonl(71));
		const tooMany = await createJob(`s3://${DEFAULT_BUCKET}/many/`);
		expect((await waitFor(tooMany)).job.message).toMatch(
			/contains more records \(151\) than the allowed maximum of: 150$/,
		);
		const perFile = await createJob(await upload('per-file/tickets.jsonl', jsonl(121)));
		expect((await waitFor(perFile)).job.message).toBe(
			'The input file s3://emulator-batch/per-file/tickets.jsonl contains 121 records, more than the maximum of 120 records per file.',
		);
		const large = await createJob(
			await upload(
				'large/tickets.jsonl',
				jsonl(100, (index) => (index === 2 ? 'x'.repeat(500) : 'Short.')),
			),
		);
		expect((await waitFor(large)).job.message).toMatch(
			/^Line 3 of s3:\/\/emulator-batch\/large\/tickets\.jsonl is \d+ bytes, more than the maximum of 400 bytes per record\.$/,
		);
	});

	it('stops a job: Stopping, then Stopped, from Submitted and from InProgress (outputs of what ran)', async () => {
		const inputUri = await upload('stop/tickets.jsonl', jsonl(100));
		emulator.configure({ batchStateDelayMs: { Submitted: 60_000, Stopping: 50 } });
		const early = await createJob(inputUri);
		expect((await waitFor(early, ['Submitted'])).job.status).toBe('Submitted');
		await bedrock().send(new StopModelInvocationJobCommand({ jobIdentifier: early }));
		expect((await waitFor(early, ['Stopping', 'Stopped'])).job.status).toBe('Stopping');
		const stopped = (await waitFor(early)).job;
		expect([stopped.status, stopped.totalRecordCount]).toEqual(['Stopped', undefined]);
		expect(stopped.endTime).toBeInstanceOf(Date);

		emulator.configure({ batchStateDelayMs: { InProgress: 60_000, Stopping: 5 } });
		const running = await createJob(inputUri);
		await waitFor(running, ['InProgress']);
		// By its ID, as well as by its ARN.
		await bedrock().send(new StopModelInvocationJobCommand({ jobIdentifier: jobIdOf(running) }));
		const { job } = await waitFor(running);
		expect([job.status, job.message]).toEqual([
			'Stopped',
			'The job was stopped by StopModelInvocationJob.',
		]);
		const manifest = JSON.parse(await read(`output/${jobIdOf(running)}/manifest.json.out`));
		expect(manifest.processedRecordCount).toBe(job.processedRecordCount);

		const again = await failure(
			bedrock().send(new StopModelInvocationJobCommand({ jobIdentifier: running })),
		);
		expect([again.name, again.message]).toEqual([
			'ValidationException',
			`The job ${running} can't be stopped: it has already ended with status Stopped.`,
		]);
	});

	it('expires a job still running when its timeout passes', async () => {
		// One hour of the timeout lasts 2 ms: 24 hours are 48 ms, far less than the InProgress delay.
		emulator.configure({ batchHourMs: 2, batchStateDelayMs: { InProgress: 60_000 } });
		const jobArn = await createJob(await upload('expire/tickets.jsonl', jsonl(100)));
		const { job } = await waitFor(jobArn);
		expect(job.status).toBe('Expired');
		expect(job.message).toMatch(/^The job did not finish within its timeout of 24 hours\./);
		expect(job.jobExpirationTime?.getTime()).toBe((job.submitTime?.getTime() ?? 0) + 48);
	});

	it('answers the same clientRequestToken with the first job', async () => {
		const inputUri = await upload('idempotent/tickets.jsonl', jsonl(100));
		const first = await createJob(inputUri, {
			clientRequestToken: 'retry-token-1',
			jobName: 'idempotent-job',
		});
		const second = await createJob(inputUri, {
			clientRequestToken: 'retry-token-1',
			jobName: 'idempotent-job',
		});
		expect(second).toBe(first);
		const listed = await bedrock().send(
			new ListModelInvocationJobsCommand({ nameContains: 'idempotent-job' }),
		);
		expect(listed.invocationJobSummaries?.map((summary) => summary.jobArn)).toEqual([first]);
		expect(listed.invocationJobSummaries?.[0].clientRequestToken).toBe('retry-token-1');
		const other = await createJob(inputUri, { clientRequestToken: 'retry-token-2' });
		expect(other).not.toBe(first);
	});

	it.each([
		[
			'a malformed role ARN',
			{ roleArn: 'BedrockBatchRole' },
			"1 validation error detected: Value 'BedrockBatchRole' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ^arn:aws(-[^:]+)?:iam::([0-9]{12})?:role\\/.+$",
		],
		[
			'an S3 URI that is not s3://',
			{ inputDataConfig: { s3InputDataConfig: { s3Uri: 'https://bucket/input.jsonl' } } },
			/^1 validation error detected: Value 'https:\/\/bucket\/input\.jsonl' at 'inputDataConfig\.s3InputDataConfig\.s3Uri' failed to satisfy constraint: Member must satisfy regular expression pattern/,
		],
		[
			'an output URI with a space',
			{ outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://bucket/my output/' } } },
			/at 'outputDataConfig\.s3OutputDataConfig\.s3Uri' failed to satisfy constraint/,
		],
		[
			'a timeout under 24 hours',
			{ timeoutDurationInHours: 12 },
			"1 validation error detected: Value '12' at 'timeoutDurationInHours' failed to satisfy constraint: Member must have value greater than or equal to 24",
		],
		[
			'a timeout over 168 hours',
			{ timeoutDurationInHours: 200 },
			"1 validation error detected: Value '200' at 'timeoutDurationInHours' failed to satisfy constraint: Member must have value less than or equal to 168",
		],
		[
			'a job name with spaces',
			{ jobName: 'my job' },
			/^1 validation error detected: Value 'my job' at 'jobName' failed to satisfy constraint: Member must satisfy regular expression pattern/,
		],
		[
			'two faults at once',
			{ jobName: 'my job', roleArn: 'role' },
			/^2 validation errors detected: Value 'my job' at 'jobName'.*; Value 'role' at 'roleArn'/,
		],
		[
			'a model without batch inference',
			{ modelId: 'cohere.command-r-v1:0' },
			/^The model cohere\.command-r-v1:0 does not support batch inference\./,
		],
		[
			'an unknown model',
			{ modelId: 'acme.unknown-v1:0' },
			'The provided model identifier is invalid.',
		],
	])('refuses %s with a ValidationException', async (_, overrides, message) => {
		const error = await failure(
			createJob(
				`s3://${DEFAULT_BUCKET}/input.jsonl`,
				overrides as Partial<CreateModelInvocationJobCommandInput>,
			),
		);
		expect([error.name, error.$metadata.httpStatusCode]).toEqual(['ValidationException', 400]);
		if (typeof message === 'string') expect(error.message).toBe(message);
		else expect(error.message).toMatch(message);
	});

	it('refuses what IAM denies: creating jobs, passing the role, getting, stopping and listing them', async () => {
		emulator.configure({ deniedActions: ['bedrock:CreateModelInvocationJob'] });
		const create = await failure(createJob(`s3://${DEFAULT_BUCKET}/input.jsonl`));
		expect([create.name, create.message]).toEqual([
			'AccessDeniedException',
			'User: arn:aws:iam::123456789012:user/emulator is not authorized to perform: bedrock:CreateModelInvocationJob on resource: arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/* because no identity-based policy allows the bedrock:CreateModelInvocationJob action',
		]);
		emulator.configure({ deniedActions: ['iam:PassRole'] });
		const passRole = await failure(createJob(`s3://${DEFAULT_BUCKET}/input.jsonl`));
		expect(passRole.message).toBe(
			`User: arn:aws:iam::123456789012:user/emulator is not authorized to perform: iam:PassRole on resource: ${ROLE_ARN} because no identity-based policy allows the iam:PassRole action`,
		);
		emulator.configure({ deniedActions: [] });
		const jobArn = await createJob(await upload('iam/tickets.jsonl', jsonl(100)));
		emulator.configure({
			deniedActions: [
				'bedrock:GetModelInvocationJob',
				'bedrock:StopModelInvocationJob',
				'bedrock:ListModelInvocationJobs',
			],
		});
		for (const call of [
			bedrock().send(new GetModelInvocationJobCommand({ jobIdentifier: jobArn })),
			bedrock().send(new StopModelInvocationJobCommand({ jobIdentifier: jobArn })),
			bedrock().send(new ListModelInvocationJobsCommand({})),
		]) {
			expect((await failure(call)).name).toBe('AccessDeniedException');
		}
		emulator.configure({ deniedActions: [] });
		await waitFor(jobArn);
	});

	it('refuses more active jobs per model than the quota (ServiceQuotaExceededException)', async () => {
		emulator.configure({
			batchLimits: { ...DEFAULT_BATCH_LIMITS, maxActiveJobsPerModel: 1 },
			batchStateDelayMs: { Submitted: 60_000, Stopping: 0 },
		});
		const inputUri = await upload('quota/tickets.jsonl', jsonl(100));
		const first = await createJob(inputUri, { modelId: 'amazon.nova-micro-v1:0' });
		const error = await failure(createJob(inputUri, { modelId: 'amazon.nova-micro-v1:0' }));
		expect(error.name).toBe('ServiceQuotaExceededException');
		await bedrock().send(new StopModelInvocationJobCommand({ jobIdentifier: first }));
		await waitFor(first);
	});

	it('answers unknown and malformed job identifiers', async () => {
		const unknown = await failure(
			bedrock().send(new GetModelInvocationJobCommand({ jobIdentifier: 'abcdefabcdef' })),
		);
		expect([unknown.name, unknown.$metadata.httpStatusCode]).toEqual([
			'ResourceNotFoundException',
			404,
		]);
		const malformed = await failure(
			bedrock().send(new GetModelInvocationJobCommand({ jobIdentifier: 'not-a-job' })),
		);
		expect(malformed.name).toBe('ValidationException');
	});

	it('lists jobs newest first, filtered by status and name, page by page', async () => {
		const inputUri = await upload('list/tickets.jsonl', jsonl(100));
		const arns: string[] = [];
		for (let index = 0; index < 3; index++) {
			arns.push(await createJob(inputUri, { jobName: `listing-job-${index}` }));
		}
		await Promise.all(arns.map((arn) => waitFor(arn)));
		const client = bedrock();
		const byName = await client.send(
			new ListModelInvocationJobsCommand({ nameContains: 'listing-job-' }),
		);
		expect(byName.invocationJobSummaries?.map((summary) => summary.jobArn)).toEqual(
			[...arns].reverse(),
		);
		expect(byName.invocationJobSummaries?.[0]).toMatchObject({
			status: 'Completed',
			totalRecordCount: 100,
			modelId: MODEL_ID,
		});
		const ascending = await client.send(
			new ListModelInvocationJobsCommand({ nameContains: 'listing-job-', sortOrder: 'Ascending' }),
		);
		expect(ascending.invocationJobSummaries?.map((summary) => summary.jobArn)).toEqual(arns);
		const firstPage = await client.send(
			new ListModelInvocationJobsCommand({ nameContains: 'listing-job-', maxResults: 2 }),
		);
		expect(firstPage.invocationJobSummaries).toHaveLength(2);
		const secondPage = await client.send(
			new ListModelInvocationJobsCommand({
				nameContains: 'listing-job-',
				maxResults: 2,
				nextToken: firstPage.nextToken,
			}),
		);
		expect(secondPage.invocationJobSummaries?.map((summary) => summary.jobArn)).toEqual([arns[0]]);
		expect(secondPage.nextToken).toBeUndefined();
		const failed = await client.send(
			new ListModelInvocationJobsCommand({ statusEquals: 'Failed' }),
		);
		expect(failed.invocationJobSummaries?.every((summary) => summary.status === 'Failed')).toBe(
			true,
		);
		const later = await client.send(
			new ListModelInvocationJobsCommand({ submitTimeAfter: new Date(Date.now() + 60_000) }),
		);
		expect(later.invocationJobSummaries).toEqual([]);
	});
});

describe('batch job options from the environment', () => {
	const saved = { ...process.env };
	afterEach(() => {
		process.env = { ...saved };
	});

	it('reads the state delays, the hour and the failure marker', () => {
		process.env.EMULATOR_BATCH_STATE_DELAY_MS = '{"InProgress":2000}';
		process.env.EMULATOR_BATCH_HOUR_MS = '10';
		process.env.EMULATOR_BATCH_FAIL_MARKER = 'FAIL_ME';
		expect(defaultOptions()).toMatchObject({
			batchStateDelayMs: { InProgress: 2000 },
			batchHourMs: 10,
			batchFailMarker: 'FAIL_ME',
		});
		process.env.EMULATOR_BATCH_STATE_DELAY_MS = '40';
		expect(defaultOptions().batchStateDelayMs).toBe(40);
		process.env.EMULATOR_BATCH_STATE_DELAY_MS = 'slow';
		expect(() => defaultOptions()).toThrow(
			'EMULATOR_BATCH_STATE_DELAY_MS must be a number of milliseconds or a JSON object such as {"InProgress":2000}, not slow',
		);
	});
});
