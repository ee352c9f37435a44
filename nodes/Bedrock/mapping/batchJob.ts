/**
 * Batch inference jobs as plain values: record IDs, how records are split into input files, the
 * record index stored beside them, the output lines Bedrock writes, and the job description.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/batch-inference-data.html
 */
import type { IDataObject } from 'n8n-workflow';

import { FieldError } from './fields';
import type { S3Location } from './fields';

/**
 * Bedrock's default batch inference quotas (Service Quotas, Amazon Bedrock: "Minimum number of
 * records per batch inference job", "Records per batch inference job", "Records per input file per
 * batch inference job", "Batch inference input file size (in GB)", "Batch inference job size (in
 * GB)"). They are set per model and some are adjustable: the node's options take an account's own.
 */
export const BATCH_QUOTA_DEFAULTS = {
	minRecordsPerJob: 100,
	maxRecordsPerJob: 50_000,
	maxRecordsPerFile: 50_000,
	maxFileBytes: 1024 ** 3,
	maxJobBytes: 5 * 1024 ** 3,
} as const;

export type BatchQuotas = { -readonly [Name in keyof typeof BATCH_QUOTA_DEFAULTS]: number };

/** Bedrock's statuses of a model invocation job. */
export const JOB_STATUSES = [
	'Submitted',
	'Validating',
	'Scheduled',
	'InProgress',
	'Completed',
	'PartiallyCompleted',
	'Failed',
	'Stopping',
	'Stopped',
	'Expired',
] as const;

export type JobStatus = (typeof JOB_STATUSES)[number];

/** The statuses a job does not leave. */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set([
	'Completed',
	'PartiallyCompleted',
	'Failed',
	'Stopped',
	'Expired',
]);

/** The statuses whose output files hold results (a stopped job keeps what it finished). */
export const STATUSES_WITH_RESULTS: ReadonlySet<string> = new Set([
	'Completed',
	'PartiallyCompleted',
	'Stopped',
	'Expired',
]);

/**
 * Record IDs are the item's position, zero-padded to 11 digits: Bedrock's documented record ID is
 * an 11-character alphanumeric string, and sorted IDs are the input order.
 */
export const RECORD_ID_DIGITS = 11;

export function recordIdOf(itemIndex: number): string {
	return String(itemIndex).padStart(RECORD_ID_DIGITS, '0');
}

/** The item position a record ID of ours stands for; undefined for IDs made elsewhere. */
export function recordIndexOf(recordId: unknown): number | undefined {
	if (typeof recordId !== 'string' || !/^\d{11}$/.test(recordId)) return undefined;
	return Number(recordId);
}

/** One line of an input file. */
export function recordLine(itemIndex: number, modelInput: IDataObject): string {
	return `${JSON.stringify({ recordId: recordIdOf(itemIndex), modelInput })}\n`;
}

// CreateModelInvocationJob's jobName: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_CreateModelInvocationJob.html
const JOB_NAME = /^[a-zA-Z0-9]{1,63}(-*[a-zA-Z0-9+\-.]){0,63}$/;

/** Refuses a job name Bedrock would refuse. */
export function checkJobName(name: string): string {
	const trimmed = name.trim();
	if (trimmed === '' || trimmed.length > 63 || !JOB_NAME.test(trimmed)) {
		throw new FieldError(
			`Job Name '${trimmed}' is not a valid batch job name: use 1 to 63 letters, digits, hyphens, plus signs and dots, starting with a letter or digit, e.g. tickets-2026-12-02 or {{ 'summaries-' + $now.toFormat('yyyyMMdd-HHmm') }}.`,
		);
	}
	return trimmed;
}

/** Where the job's input files go: a folder named after the job under the Input S3 URI. */
export function jobInputFolder(input: S3Location, jobName: string): S3Location {
	return { bucket: input.bucket, key: `${input.key}${jobName}/` };
}

/** The key of the n-th input file (0-based) of a job's input folder. */
export function inputFileKey(folder: S3Location, fileIndex: number): string {
	return `${folder.key}records-${String(fileIndex + 1).padStart(5, '0')}.jsonl`;
}

/** The name of the record index stored in the job's input folder (not `.jsonl`: Bedrock skips it). */
export const RECORD_INDEX_NAME = 'record-index.json';

export const RECORD_INDEX_FORMAT = 'n8n-nodes-bedrock/batch-record-index@1';

/** One input file in the record index. */
export interface IndexedInputFile {
	key: string;
	/** The item position of its first record. */
	firstRecord: number;
	recordCount: number;
	bytes: number;
}

/**
 * What the node stores beside the input files: which records each file holds, so that results can
 * be joined back to the input order (record `recordIdOf(n)` is input item n).
 */
export interface RecordIndex {
	format: typeof RECORD_INDEX_FORMAT;
	jobName: string;
	modelId: string;
	recordCount: number;
	createdAt: string;
	files: IndexedInputFile[];
}

export function isRecordIndex(value: unknown): value is RecordIndex {
	return (
		typeof value === 'object' &&
		value !== null &&
		(value as RecordIndex).format === RECORD_INDEX_FORMAT &&
		Array.isArray((value as RecordIndex).files)
	);
}

/**
 * Splits records, in order, into input files within the per-file limits: a new file starts when the
 * next record would pass the record count or the byte size of one file.
 */
export class InputFilePlanner {
	readonly files: Array<{ firstRecord: number; recordCount: number; bytes: number }> = [];

	private totalBytes = 0;

	constructor(private readonly quotas: BatchQuotas) {}

	/** Places the next record; returns the index of its file. */
	add(recordIndex: number, bytes: number): number {
		const current = this.files[this.files.length - 1];
		if (
			!current ||
			current.recordCount >= this.quotas.maxRecordsPerFile ||
			current.bytes + bytes > this.quotas.maxFileBytes
		) {
			this.files.push({ firstRecord: recordIndex, recordCount: 1, bytes });
		} else {
			current.recordCount++;
			current.bytes += bytes;
		}
		this.totalBytes += bytes;
		return this.files.length - 1;
	}

	get bytes(): number {
		return this.totalBytes;
	}
}

function mib(bytes: number): string {
	return `${(bytes / 1024 ** 2).toFixed(bytes < 1024 ** 2 ? 3 : 1)} MiB`;
}

/** A record too large for one input file, refused before anything is uploaded. */
export function checkRecordSize(bytes: number, quotas: BatchQuotas): void {
	if (bytes > quotas.maxFileBytes) {
		throw new FieldError(
			`The record is ${mib(bytes)}, more than an input file may hold (${mib(quotas.maxFileBytes)}, Bedrock's "Batch inference input file size" quota): shorten the prompt or the body of this item.`,
		);
	}
}

/** The job's totals against the per-job quotas, before anything is uploaded. */
export function checkJobSize(recordCount: number, bytes: number, quotas: BatchQuotas): void {
	if (recordCount < quotas.minRecordsPerJob) {
		throw new FieldError(
			`A batch job needs at least ${quotas.minRecordsPerJob} records (Bedrock's "Minimum number of records per batch inference job" quota) but the input has ${recordCount} items: send more items, or use Text > Invoke Model for small runs.`,
		);
	}
	if (recordCount > quotas.maxRecordsPerJob) {
		throw new FieldError(
			`A batch job holds at most ${quotas.maxRecordsPerJob} records (Bedrock's "Records per batch inference job" quota) but the input has ${recordCount} items: split the items into several jobs (e.g. with a Loop Over Items node of batch size ${quotas.maxRecordsPerJob}), or set Job Options > Max Records Per Job to the account's raised quota.`,
		);
	}
	if (bytes > quotas.maxJobBytes) {
		throw new FieldError(
			`The job's records are ${mib(bytes)}, more than one job may hold (${mib(quotas.maxJobBytes)}, Bedrock's "Batch inference job size" quota): split the items into several jobs.`,
		);
	}
}

/** The job ID: the last part of the job ARN. */
export function jobIdOf(jobArn: string): string {
	return jobArn.slice(jobArn.lastIndexOf('/') + 1);
}

/** A job identifier as given: an ARN, or a job ID (Bedrock accepts both). */
export function checkJobIdentifier(value: unknown): string {
	const text = String(value ?? '').trim();
	if (
		!/^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:\d{12}:model-invocation-job\/[a-z0-9]{12}$/.test(text) &&
		!/^[a-z0-9]{12}$/.test(text)
	) {
		throw new FieldError(
			`Job ARN must be the jobArn a Create operation returned, e.g. arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/abcd1234efgh, or its 12-character job ID (got '${text}'). Use an expression such as {{ $json.jobArn }}.`,
		);
	}
	return text;
}

/** Where Bedrock writes a job's output: a folder named after the job ID under the output URI. */
export function jobOutputFolder(output: S3Location, jobArn: string): S3Location {
	const prefix = output.key === '' || output.key.endsWith('/') ? output.key : `${output.key}/`;
	return { bucket: output.bucket, key: `${prefix}${jobIdOf(jobArn)}/` };
}

/** Bedrock's error object on a failed record. */
export interface RecordError {
	errorCode?: number | string;
	errorMessage?: string;
	errorType?: string;
}

/** One line of a `.jsonl.out` file. */
export type OutputRecord =
	| { recordId: string; modelOutput: IDataObject }
	| { recordId: string; error: RecordError };

/** Parses a `.jsonl.out` line; blank lines are undefined. */
export function parseOutputLine(line: string): OutputRecord | undefined {
	const text = line.trim();
	if (text === '') return undefined;
	const parsed = JSON.parse(text) as IDataObject;
	const recordId = String(parsed.recordId ?? '');
	if (typeof parsed.modelOutput === 'object' && parsed.modelOutput !== null) {
		return { recordId, modelOutput: parsed.modelOutput as IDataObject };
	}
	const error = (parsed.error ?? {}) as RecordError;
	return { recordId, error: typeof error === 'object' ? error : { errorMessage: String(error) } };
}

/** The contract's error fields of a failed record, from Bedrock's error object. */
export function recordErrorInfo(recordId: string, error: RecordError): IDataObject {
	const httpStatus = Number(error.errorCode);
	const status = Number.isFinite(httpStatus) ? httpStatus : null;
	const code =
		error.errorType ??
		(typeof error.errorCode === 'string' && !Number.isFinite(httpStatus)
			? error.errorCode
			: status !== null && status >= 500
				? 'ModelError'
				: 'ValidationException');
	return {
		message: `Record ${recordId}: ${error.errorMessage ?? 'the model returned no output'}`,
		code,
		httpStatus: status,
		retryable: status !== null && (status === 429 || status >= 500),
		requestId: null,
		remedy:
			status !== null && status < 500 && status !== 429
				? 'Bedrock refused this record’s body: fix the field named in the message for this item, then submit it again (e.g. with Text > Invoke Model).'
				: 'The model failed on this record: submit it again (in a new job, or with Text > Invoke Model).',
	};
}

/** Bedrock's `manifest.json.out`. */
export interface JobManifest {
	totalRecordCount?: number;
	processedRecordCount?: number;
	successRecordCount?: number;
	errorRecordCount?: number;
	inputTokenCount?: number;
	outputTokenCount?: number;
}

/** What GetModelInvocationJob and StopModelInvocationJob say, as plain values. */
export interface JobDescription {
	jobArn?: string;
	jobName?: string;
	modelId?: string;
	status?: string;
	message?: string;
	roleArn?: string;
	submitTime?: Date;
	lastModifiedTime?: Date;
	endTime?: Date;
	jobExpirationTime?: Date;
	timeoutDurationInHours?: number;
	inputDataConfig?: { s3InputDataConfig?: { s3Uri?: string } };
	outputDataConfig?: { s3OutputDataConfig?: { s3Uri?: string } };
	totalRecordCount?: number;
	processedRecordCount?: number;
	successRecordCount?: number;
	errorRecordCount?: number;
}

const STATUS_MEANING: Record<string, string> = {
	Submitted: 'queued for validation',
	Validating: 'Bedrock is checking the input files',
	Scheduled: 'validated and waiting for capacity',
	InProgress: 'records are being processed',
	Completed: 'every record was processed: read them with Get Results',
	PartiallyCompleted:
		'some records failed: Get Results returns them as error items beside the others',
	Failed: 'the job failed: see message',
	Stopping: 'the job is being stopped',
	Stopped: 'the job was stopped: Get Results returns the records it finished',
	Expired: 'the job ran past its timeout: Get Results returns the records it finished',
};

function iso(date: Date | undefined): string | null {
	return date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

/** The Get and Stop output item. */
export function jobSummary(job: JobDescription): IDataObject {
	const status = job.status ?? 'Unknown';
	return {
		jobArn: job.jobArn ?? null,
		jobName: job.jobName ?? null,
		modelId: job.modelId ?? null,
		status,
		done: TERMINAL_STATUSES.has(status),
		statusMeaning: STATUS_MEANING[status] ?? '',
		message: job.message ?? null,
		submitTime: iso(job.submitTime),
		lastModifiedTime: iso(job.lastModifiedTime),
		endTime: iso(job.endTime),
		jobExpirationTime: iso(job.jobExpirationTime),
		timeoutDurationInHours: job.timeoutDurationInHours ?? null,
		inputS3Uri: job.inputDataConfig?.s3InputDataConfig?.s3Uri ?? null,
		outputS3Uri: job.outputDataConfig?.s3OutputDataConfig?.s3Uri ?? null,
		recordCounts: {
			total: job.totalRecordCount ?? null,
			processed: job.processedRecordCount ?? null,
			succeeded: job.successRecordCount ?? null,
			failed: job.errorRecordCount ?? null,
		},
	};
}

/** A tag list for CreateModelInvocationJob from `key=value` pairs. */
export function parseTags(value: unknown): Array<{ key: string; value: string }> {
	const text = String(value ?? '').trim();
	if (text === '') return [];
	return text.split(',').map((pair) => {
		const at = pair.indexOf('=');
		const key = (at === -1 ? pair : pair.slice(0, at)).trim();
		const tagValue = at === -1 ? '' : pair.slice(at + 1).trim();
		if (key === '' || key.length > 128 || tagValue.length > 256) {
			throw new FieldError(
				`Tags must be comma-separated key=value pairs with keys of 1 to 128 characters, e.g. team=support, run=nightly (got '${pair.trim()}').`,
			);
		}
		return { key, value: tagValue };
	});
}
