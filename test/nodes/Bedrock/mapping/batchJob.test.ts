import {
	BATCH_QUOTA_DEFAULTS,
	checkJobIdentifier,
	checkJobName,
	checkJobSize,
	checkRecordSize,
	InputFilePlanner,
	inputFileKey,
	jobInputFolder,
	jobOutputFolder,
	jobSummary,
	parseOutputLine,
	parseTags,
	recordErrorInfo,
	recordIdOf,
	recordIndexOf,
	recordLine,
} from '../../../../nodes/Bedrock/mapping/batchJob';
import type { BatchQuotas } from '../../../../nodes/Bedrock/mapping/batchJob';
import { parseIamRoleArn, parseS3Uri, s3UriOf } from '../../../../nodes/Bedrock/mapping/fields';

const quotas = (partial: Partial<BatchQuotas> = {}): BatchQuotas => ({
	...BATCH_QUOTA_DEFAULTS,
	...partial,
});

describe('record IDs', () => {
	it('are the item position as 11 digits, the documented record ID length, and sort as the input', () => {
		expect(recordIdOf(0)).toBe('00000000000');
		expect(recordIdOf(99_999)).toBe('00000099999');
		expect(recordIdOf(42)).toHaveLength(11);
		expect(recordIndexOf('00000000042')).toBe(42);
		expect([recordIdOf(10), recordIdOf(9)].sort()).toEqual([recordIdOf(9), recordIdOf(10)]);
	});

	it('are not read from IDs made elsewhere', () => {
		expect(recordIndexOf('3223593EFGH')).toBeUndefined();
		expect(recordIndexOf('42')).toBeUndefined();
		expect(recordIndexOf(undefined)).toBeUndefined();
	});

	it('make one JSONL line of { recordId, modelInput }', () => {
		const line = recordLine(7, { prompt: 'hi', max_gen_len: 5 });
		expect(line.endsWith('\n')).toBe(true);
		expect(JSON.parse(line)).toEqual({
			recordId: '00000000007',
			modelInput: { prompt: 'hi', max_gen_len: 5 },
		});
	});
});

describe('input files', () => {
	it('start a new file at the per-file record count', () => {
		const planner = new InputFilePlanner(quotas({ maxRecordsPerFile: 400 }));
		const files = Array.from({ length: 1000 }, (_, index) => planner.add(index, 100));
		expect(files[399]).toBe(0);
		expect(files[400]).toBe(1);
		expect(planner.files.map((file) => [file.firstRecord, file.recordCount])).toEqual([
			[0, 400],
			[400, 400],
			[800, 200],
		]);
		expect(planner.bytes).toBe(100_000);
	});

	it('start a new file before the per-file byte size is passed', () => {
		const planner = new InputFilePlanner(quotas({ maxFileBytes: 250 }));
		[100, 100, 100, 40, 250].forEach((bytes, index) => planner.add(index, bytes));
		expect(planner.files.map((file) => file.bytes)).toEqual([200, 140, 250]);
	});

	it('are named in a folder of the job', () => {
		const folder = jobInputFolder({ bucket: 'b', key: 'batch/in/' }, 'nightly-1');
		expect(folder).toEqual({ bucket: 'b', key: 'batch/in/nightly-1/' });
		expect(inputFileKey(folder, 0)).toBe('batch/in/nightly-1/records-00001.jsonl');
	});
});

describe('quota checks', () => {
	it('refuse too few and too many records, naming the quota and the fix', () => {
		expect(() => checkJobSize(99, 1, quotas())).toThrow(
			/at least 100 records .*Minimum number of records per batch inference job.* has 99 items/,
		);
		expect(() => checkJobSize(50_001, 1, quotas())).toThrow(
			/at most 50000 records .*split the items into several jobs/,
		);
		expect(() => checkJobSize(100, 1, quotas())).not.toThrow();
	});

	it('refuse a job past its byte size and a record past one file', () => {
		expect(() => checkJobSize(100, 6 * 1024 ** 3, quotas())).toThrow(/Batch inference job size/);
		expect(() => checkRecordSize(2048, quotas({ maxFileBytes: 1024 }))).toThrow(
			/The record is 0\.002 MiB, more than an input file may hold .*shorten the prompt/,
		);
	});
});

describe('fields', () => {
	it('parse S3 folder URIs', () => {
		expect(parseS3Uri('s3://my-bucket/batch/in', 'Input S3 URI', true)).toEqual({
			bucket: 'my-bucket',
			key: 'batch/in/',
		});
		expect(parseS3Uri('s3://my-bucket', 'Input S3 URI', true)).toEqual({
			bucket: 'my-bucket',
			key: '',
		});
		expect(s3UriOf({ bucket: 'b1x', key: 'a/' })).toBe('s3://b1x/a/');
	});

	it.each([
		['https://my-bucket.s3.amazonaws.com/in/', /must be an S3 URI such as s3:\/\/my-bucket/],
		['s3://My_Bucket/in/', /not a valid S3 bucket name/],
		['', /must be an S3 URI/],
	])('refuse %p', (uri, message) => {
		expect(() => parseS3Uri(uri, 'Input S3 URI', true)).toThrow(message);
	});

	it('parse role ARNs and refuse anything else', () => {
		expect(
			parseIamRoleArn('arn:aws:iam::123456789012:role/service-role/Batch', 'Role ARN'),
		).toEqual({ partition: 'aws', account: '123456789012', roleName: 'service-role/Batch' });
		expect(() => parseIamRoleArn('arn:aws:iam::123456789012:user/alice', 'Role ARN')).toThrow(
			/must be the ARN of an IAM role/,
		);
		expect(() => parseIamRoleArn('BedrockBatch', 'Role ARN')).toThrow(/arn:aws:iam::/);
	});

	it('check job names and identifiers as Bedrock does', () => {
		expect(checkJobName(' nightly-2026.12.02 ')).toBe('nightly-2026.12.02');
		expect(() => checkJobName('-bad')).toThrow(/not a valid batch job name/);
		expect(() => checkJobName('a'.repeat(64))).toThrow(/1 to 63/);
		expect(
			checkJobIdentifier(
				'arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/abcd1234efgh',
			),
		).toMatch(/abcd1234efgh$/);
		expect(checkJobIdentifier('abcd1234efgh')).toBe('abcd1234efgh');
		expect(() => checkJobIdentifier('job-1')).toThrow(/Job ARN must be/);
	});

	it('parse tags', () => {
		expect(parseTags('team=support, run = nightly')).toEqual([
			{ key: 'team', value: 'support' },
			{ key: 'run', value: 'nightly' },
		]);
		expect(parseTags('')).toEqual([]);
		expect(() => parseTags('=x')).toThrow(/key=value/);
	});
});

describe('outputs', () => {
	it('find the output folder Bedrock writes under the job ID', () => {
		expect(
			jobOutputFolder(
				{ bucket: 'b', key: 'out/' },
				'arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/abcd1234efgh',
			),
		).toEqual({ bucket: 'b', key: 'out/abcd1234efgh/' });
	});

	it('parse output lines: results and Bedrock’s error objects', () => {
		expect(parseOutputLine('  ')).toBeUndefined();
		expect(
			parseOutputLine(
				'{"recordId":"00000000001","modelInput":{},"modelOutput":{"generation":"x"}}',
			),
		).toEqual({ recordId: '00000000001', modelOutput: { generation: 'x' } });
		const failed = parseOutputLine(
			'{"recordId":"00000000002","modelInput":{},"error":{"errorCode":400,"errorMessage":"bad request"}}',
		);
		expect(failed).toEqual({
			recordId: '00000000002',
			error: { errorCode: 400, errorMessage: 'bad request' },
		});
		expect(
			recordErrorInfo('00000000002', { errorCode: 400, errorMessage: 'bad request' }),
		).toMatchObject({
			message: 'Record 00000000002: bad request',
			code: 'ValidationException',
			httpStatus: 400,
			retryable: false,
		});
		expect(recordErrorInfo('x', { errorCode: 500, errorMessage: 'boom' })).toMatchObject({
			code: 'ModelError',
			retryable: true,
		});
	});

	it('describe a job with ISO times, record counts and whether it is done', () => {
		const summary = jobSummary({
			jobArn: 'arn',
			status: 'PartiallyCompleted',
			submitTime: new Date('2026-12-02T06:00:00Z'),
			endTime: new Date('2026-12-02T07:00:00Z'),
			totalRecordCount: 10,
			errorRecordCount: 2,
		});
		expect(summary).toMatchObject({
			status: 'PartiallyCompleted',
			done: true,
			submitTime: '2026-12-02T06:00:00.000Z',
			endTime: '2026-12-02T07:00:00.000Z',
			lastModifiedTime: null,
			recordCounts: { total: 10, failed: 2, processed: null },
		});
		expect(jobSummary({ status: 'InProgress' }).done).toBe(false);
	});
});
