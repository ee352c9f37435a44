/**
 * Batch inference jobs (model invocation jobs) and their state machine, as Bedrock runs them
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/batch-inference-monitor.html):
 * Submitted → Validating (the input files are found and their records checked against the quotas)
 * → Scheduled → InProgress (each record run through the model) → Completed, PartiallyCompleted (some
 * records failed) or Failed (nothing to run, or every record failed); StopModelInvocationJob turns a
 * running job Stopping → Stopped, and one still running at `jobExpirationTime` becomes Expired.
 * Outputs (`<output>/<job id>/<input file>.out` and `manifest.json.out`) are written when a job
 * ends after it ran records. Each state lasts `batchStateDelayMs`; an hour of the timeout lasts
 * `batchHourMs`. Held by EmulatorState.
 */
import { randomBytes } from 'node:crypto';

import type { CatalogueModel } from '../catalogue';
import { EMULATOR_ACCOUNT_ID, EMULATOR_REGION } from '../catalogue';
import type { BatchJobStatus, EmulatorOptions } from '../options';
import { DEFAULT_BATCH_STATE_DELAY_MS } from '../options';
import type { ObjectStore, StoredObject } from '../s3/store';
import { jsonlLines, parseRecordLine, runRecord } from './records';
import type { CreateJobRequest } from './validation';

export const TERMINAL_STATUSES: ReadonlySet<BatchJobStatus> = new Set([
	'Completed',
	'PartiallyCompleted',
	'Failed',
	'Stopped',
	'Expired',
]);

/** Records run between two yields to the event loop, so requests are answered while a job runs. */
const RECORDS_PER_SLICE = 500;
const LINES_PER_VALIDATION_SLICE = 5000;

export interface RecordCounts {
	total: number;
	processed: number;
	success: number;
	error: number;
	inputTokens: number;
	outputTokens: number;
}

export interface BatchJob {
	jobId: string;
	jobArn: string;
	request: CreateJobRequest;
	model: CatalogueModel;
	status: BatchJobStatus;
	message?: string;
	submitTime: Date;
	lastModifiedTime: Date;
	endTime?: Date;
	jobExpirationTime: Date;
	counts?: RecordCounts;
}

/** One input file of a job: its key and the name of its output (the key relative to the input prefix). */
interface InputFile {
	object: StoredObject;
	outputName: string;
}

const DEFAULT_TIMEOUT_HOURS = 24;

function newJobId(): string {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
	return [...randomBytes(12)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

export function jobArnOf(jobId: string): string {
	return `arn:aws:bedrock:${EMULATOR_REGION}:${EMULATOR_ACCOUNT_ID}:model-invocation-job/${jobId}`;
}

/** One job's run: its waits end early when it is stopped or expires. */
class JobRun {
	interruption?: 'stop' | 'expire';
	private wake?: () => void;
	private expiryTimer?: NodeJS.Timeout;

	constructor(readonly job: BatchJob) {}

	sleep(ms: number): Promise<void> {
		if (this.interruption || ms <= 0) return Promise.resolve();
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.wake = undefined;
				resolve();
			}, ms);
			this.wake = () => {
				clearTimeout(timer);
				this.wake = undefined;
				resolve();
			};
		});
	}

	interrupt(kind: 'stop' | 'expire'): void {
		this.interruption ??= kind;
		this.wake?.();
	}

	expireAt(time: Date): void {
		const timer = setTimeout(
			() => this.interrupt('expire'),
			Math.max(0, time.getTime() - Date.now()),
		);
		timer.unref();
		this.expiryTimer = timer;
	}

	end(): void {
		if (this.expiryTimer) clearTimeout(this.expiryTimer);
		this.wake?.();
	}
}

export class BatchJobs {
	private readonly jobs = new Map<string, BatchJob>();
	private readonly runs = new Map<string, JobRun>();
	private readonly byToken = new Map<string, string>();
	private closed = false;

	constructor(
		private readonly options: () => EmulatorOptions,
		private readonly objects: ObjectStore,
	) {}

	get(jobId: string): BatchJob | undefined {
		return this.jobs.get(jobId);
	}

	/** Every job, newest first. */
	all(): BatchJob[] {
		return [...this.jobs.values()].reverse();
	}

	/** The job an earlier request with this idempotency token created. */
	byClientRequestToken(token: string | undefined): BatchJob | undefined {
		const jobId = token === undefined ? undefined : this.byToken.get(token);
		return jobId === undefined ? undefined : this.jobs.get(jobId);
	}

	/** Jobs of the model still submitted or running (the quota on active jobs). */
	activeJobsOf(modelId: string): number {
		let count = 0;
		for (const job of this.jobs.values()) {
			if (job.model.modelId === modelId && !TERMINAL_STATUSES.has(job.status)) count++;
		}
		return count;
	}

	create(request: CreateJobRequest, model: CatalogueModel): BatchJob {
		const jobId = newJobId();
		const now = new Date();
		const hours = request.timeoutDurationInHours ?? DEFAULT_TIMEOUT_HOURS;
		const job: BatchJob = {
			jobId,
			jobArn: jobArnOf(jobId),
			request: { ...request, timeoutDurationInHours: hours },
			model,
			status: 'Submitted',
			submitTime: now,
			lastModifiedTime: now,
			jobExpirationTime: new Date(now.getTime() + hours * this.options().batchHourMs),
		};
		this.jobs.set(jobId, job);
		if (request.clientRequestToken !== undefined)
			this.byToken.set(request.clientRequestToken, jobId);
		const run = new JobRun(job);
		this.runs.set(jobId, run);
		run.expireAt(job.jobExpirationTime);
		void this.run(run).finally(() => {
			run.end();
			this.runs.delete(jobId);
		});
		return job;
	}

	/** StopModelInvocationJob: a running job turns Stopping; false when it has already ended. */
	stop(job: BatchJob): boolean {
		const run = this.runs.get(job.jobId);
		if (!run || TERMINAL_STATUSES.has(job.status)) return false;
		if (job.status !== 'Stopping') this.setStatus(job, 'Stopping');
		run.interrupt('stop');
		return true;
	}

	/** Ends every run at once (the emulator is closing). */
	shutdown(): void {
		this.closed = true;
		for (const run of this.runs.values()) run.interrupt('stop');
	}

	private delayOf(status: BatchJobStatus): number {
		const setting = this.options().batchStateDelayMs;
		if (typeof setting === 'number') return setting;
		return setting[status] ?? DEFAULT_BATCH_STATE_DELAY_MS;
	}

	private setStatus(job: BatchJob, status: BatchJobStatus, message?: string): void {
		job.status = status;
		job.lastModifiedTime = new Date();
		if (message !== undefined) job.message = message;
		if (TERMINAL_STATUSES.has(status)) job.endTime = job.lastModifiedTime;
	}

	private async run(run: JobRun): Promise<void> {
		const { job } = run;
		await run.sleep(this.delayOf('Submitted'));
		if (run.interruption) return this.interrupted(run, false);
		this.setStatus(job, 'Validating');
		const files = await this.validate(job);
		await run.sleep(this.delayOf('Validating'));
		if (run.interruption) return this.interrupted(run, false);
		if (typeof files === 'string') return this.setStatus(job, 'Failed', files);
		this.setStatus(job, 'Scheduled');
		await run.sleep(this.delayOf('Scheduled'));
		if (run.interruption) return this.interrupted(run, false);
		this.setStatus(job, 'InProgress');
		const inProgressUntil = Date.now() + this.delayOf('InProgress');
		const outputs = await this.process(run, files);
		await run.sleep(inProgressUntil - Date.now());
		this.writeOutputs(job, outputs);
		if (run.interruption) return this.interrupted(run, true);
		const counts = job.counts as RecordCounts;
		if (counts.error === 0) this.setStatus(job, 'Completed');
		else if (counts.success > 0) {
			this.setStatus(
				job,
				'PartiallyCompleted',
				`${counts.error} of ${counts.total} records failed. See the error of each in the output files.`,
			);
		} else {
			this.setStatus(
				job,
				'Failed',
				`All ${counts.total} records failed. See the error of each in the output files.`,
			);
		}
	}

	private async interrupted(run: JobRun, ran: boolean): Promise<void> {
		const { job } = run;
		if (run.interruption === 'expire') {
			return this.setStatus(
				job,
				'Expired',
				`The job did not finish within its timeout of ${job.request.timeoutDurationInHours} hours.${ran ? ' The records processed so far are in the output files.' : ''}`,
			);
		}
		// Stopping lasts its own delay, uninterrupted (unless the emulator is closing).
		if (!this.closed) await new Promise((resolve) => setTimeout(resolve, this.delayOf('Stopping')));
		this.setStatus(job, 'Stopped', 'The job was stopped by StopModelInvocationJob.');
	}

	/** The job's input files, each within the quotas, or why the job fails. */
	private async validate(job: BatchJob): Promise<InputFile[] | string> {
		const { input, output, inputS3Uri, outputS3Uri } = job.request;
		const limits = this.options().batchLimits;
		for (const location of [
			{ bucket: input.bucket, uri: inputS3Uri },
			{ bucket: output.bucket, uri: outputS3Uri },
		]) {
			if (!this.objects.hasBucket(location.bucket)) {
				return `Unable to access the S3 location ${location.uri}: the bucket ${location.bucket} does not exist or the service role has no access to it.`;
			}
			const region = this.options().s3BucketRegions[location.bucket];
			if (region !== undefined && region !== EMULATOR_REGION) {
				return `The S3 bucket ${location.bucket} is in ${region}; the job runs in ${EMULATOR_REGION}. Use a bucket in the job's region.`;
			}
		}
		const exact =
			input.key && !input.key.endsWith('/')
				? this.objects.findObject(input.bucket, input.key)
				: undefined;
		const files: InputFile[] = exact
			? [{ object: exact, outputName: `${exact.key.slice(exact.key.lastIndexOf('/') + 1)}.out` }]
			: this.objects
					.objectsUnder(
						input.bucket,
						input.key && !input.key.endsWith('/') ? `${input.key}/` : input.key,
					)
					.filter((object) => object.key.endsWith('.jsonl'))
					.map((object) => ({
						object,
						outputName: `${object.key.slice(input.key.length).replace(/^\//, '')}.out`,
					}));
		if (exact && !exact.key.endsWith('.jsonl')) {
			return `The input file ${inputS3Uri} must have the extension .jsonl.`;
		}
		if (files.length === 0) {
			return `No input files were found at ${inputS3Uri}: give the URI of a .jsonl file, or of a folder that holds .jsonl files.`;
		}
		let total = 0;
		let jobBytes = 0;
		for (const { object } of files) {
			jobBytes += object.size;
			if (object.size > limits.maxInputFileBytes) {
				return `The input file s3://${input.bucket}/${object.key} is ${object.size} bytes, more than the maximum of ${limits.maxInputFileBytes} bytes per file.`;
			}
			let fileRecords = 0;
			for (const line of jsonlLines(object.chunks)) {
				const where = `Line ${line.lineNumber} of s3://${input.bucket}/${object.key}`;
				if (line.bytes > limits.maxRecordBytes) {
					return `${where} is ${line.bytes} bytes, more than the maximum of ${limits.maxRecordBytes} bytes per record.`;
				}
				const parsed = parseRecordLine(line, total);
				if (typeof parsed === 'string') {
					return `${where} ${parsed}. Each line must be a JSON object { "recordId": "...", "modelInput": { ... } }.`;
				}
				fileRecords++;
				total++;
				if (total % LINES_PER_VALIDATION_SLICE === 0) {
					await new Promise((resolve) => setImmediate(resolve));
				}
			}
			if (fileRecords > limits.maxRecordsPerFile) {
				return `The input file s3://${input.bucket}/${object.key} contains ${fileRecords} records, more than the maximum of ${limits.maxRecordsPerFile} records per file.`;
			}
		}
		if (jobBytes > limits.maxJobBytes) {
			return `The job's input files hold ${jobBytes} bytes, more than the maximum of ${limits.maxJobBytes} bytes per job.`;
		}
		if (total < limits.minRecordsPerJob) {
			return `Batch job ${job.jobArn} contains less records (${total}) than the required minimum of: ${limits.minRecordsPerJob}`;
		}
		if (total > limits.maxRecordsPerJob) {
			return `Batch job ${job.jobArn} contains more records (${total}) than the allowed maximum of: ${limits.maxRecordsPerJob}`;
		}
		job.counts = { total, processed: 0, success: 0, error: 0, inputTokens: 0, outputTokens: 0 };
		return files;
	}

	/** Runs the records, file by file, in slices; stops early when the job is interrupted. */
	private async process(
		run: JobRun,
		files: InputFile[],
	): Promise<Array<{ name: string; chunks: Buffer[] }>> {
		const { job } = run;
		const counts = job.counts as RecordCounts;
		const failMarker = this.options().batchFailMarker;
		const modelId = job.request.modelId;
		const outputs: Array<{ name: string; chunks: Buffer[] }> = [];
		let index = 0;
		for (const file of files) {
			const output = { name: file.outputName, chunks: [] as Buffer[] };
			outputs.push(output);
			let slice: string[] = [];
			const flush = () => {
				if (slice.length > 0) output.chunks.push(Buffer.from(slice.join('')));
				slice = [];
			};
			for (const line of jsonlLines(file.object.chunks)) {
				if (run.interruption) break;
				const parsed = parseRecordLine(line, index++);
				if (typeof parsed === 'string') continue; // refused by validate()
				const result = runRecord(
					job.model,
					modelId,
					parsed,
					line.text,
					failMarker,
					job.request.modelInvocationType === 'Converse' ? 'Converse' : 'InvokeModel',
				);
				slice.push(`${result.line}\n`);
				counts.processed++;
				if (result.succeeded) counts.success++;
				else counts.error++;
				counts.inputTokens += result.inputTokens;
				counts.outputTokens += result.outputTokens;
				if (slice.length >= RECORDS_PER_SLICE) {
					flush();
					await new Promise((resolve) => setImmediate(resolve));
				}
			}
			flush();
			if (run.interruption) break;
		}
		return outputs;
	}

	private writeOutputs(job: BatchJob, outputs: Array<{ name: string; chunks: Buffer[] }>): void {
		const counts = job.counts;
		if (!counts || counts.processed === 0) return;
		const { output } = job.request;
		const prefix = `${output.key}${output.key && !output.key.endsWith('/') ? '/' : ''}${job.jobId}/`;
		if (!this.objects.hasBucket(output.bucket)) return;
		for (const file of outputs) {
			this.objects.putObject(output.bucket, `${prefix}${file.name}`, {
				chunks: file.chunks,
				contentType: 'application/octet-stream',
			});
		}
		const manifest = {
			totalRecordCount: counts.total,
			processedRecordCount: counts.processed,
			successRecordCount: counts.success,
			errorRecordCount: counts.error,
			inputTokenCount: counts.inputTokens,
			outputTokenCount: counts.outputTokens,
		};
		this.objects.putObject(output.bucket, `${prefix}manifest.json.out`, {
			chunks: [Buffer.from(JSON.stringify(manifest))],
			contentType: 'application/octet-stream',
		});
	}
}
