import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { invokeKnobOptions } from '../descriptions';
import { buildForItem, readModelId } from '../parameters';
import { buildInvokeRequest } from '../text/invokeInput';
import type { OperationContext } from '../types';
import { BATCH_REMEDIES, batchErrorContext } from './fields';
import { batchSupportOf } from '../../families/registry';
import type { BatchQuotas, IndexedInputFile, RecordIndex } from '../../mapping/batchJob';
import {
	BATCH_QUOTA_DEFAULTS,
	checkJobName,
	checkJobSize,
	checkRecordSize,
	InputFilePlanner,
	inputFileKey,
	jobInputFolder,
	parseTags,
	RECORD_INDEX_FORMAT,
	RECORD_INDEX_NAME,
	recordLine,
} from '../../mapping/batchJob';
import type { S3Location } from '../../mapping/fields';
import { numberField, parseIamRoleArn, parseS3Uri, s3UriOf } from '../../mapping/fields';
import { callBedrock } from '../../transport/request';
import { bucketRegion, putJsonObject, S3ObjectWriter } from '../../transport/s3Files';
import { loadControlPlaneSdk } from '../../transport/sdk';

const MIB = 1024 ** 2;

export const description: INodeProperties[] = [
	{
		displayName: 'Role ARN',
		name: 'roleArn',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. arn:aws:iam::123456789012:role/BedrockBatchInference',
		description:
			'The service role Bedrock assumes to read the input files and write the results (trusted by bedrock.amazonaws.com; see the README’s IAM section)',
		displayOptions: { show: { operation: ['create'] } },
	},
	{
		displayName: 'Input S3 URI',
		name: 'inputS3Uri',
		type: 'string',
		default: '',
		required: true,
		placeholder: 's3://my-bucket/batch/input/',
		description:
			'Folder the records are written to: each job gets its own folder named after the job, holding the JSONL files and a record index',
		displayOptions: { show: { operation: ['create'] } },
	},
	{
		displayName: 'Output S3 URI',
		name: 'outputS3Uri',
		type: 'string',
		default: '',
		required: true,
		placeholder: 's3://my-bucket/batch/output/',
		description:
			'Folder Bedrock writes the results to (in a folder named after the job ID), in the same region as the job',
		displayOptions: { show: { operation: ['create'] } },
	},
	{
		displayName: 'Job Name',
		name: 'jobName',
		type: 'string',
		default: "={{ 'n8n-' + $now.toFormat('yyyyMMdd-HHmmss') }}",
		required: true,
		description:
			'Unique name of the job in the account and region: letters, digits, hyphens, plus signs and dots',
		displayOptions: { show: { operation: ['create'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'The model settings of every record, as in Invoke Model',
		displayOptions: { show: { operation: ['create'] } },
		options: invokeKnobOptions,
	},
	{
		displayName: 'Job Options',
		name: 'jobOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: ['create'] } },
		options: [
			{
				displayName: 'Check Bucket Regions',
				name: 'checkBucketRegion',
				type: 'boolean',
				default: true,
				description:
					'Whether to ask S3 which region each bucket is in (HeadBucket) and refuse buckets outside the credential’s region, which Bedrock cannot use for the job',
			},
			{
				displayName: 'Max Input File Size (MB)',
				name: 'maxFileSizeMb',
				type: 'number',
				typeOptions: { minValue: 0.001 },
				default: 1024,
				description:
					'Bedrock’s "Batch inference input file size" quota: records are split into several files within it',
			},
			{
				displayName: 'Max Job Size (MB)',
				name: 'maxJobSizeMb',
				type: 'number',
				typeOptions: { minValue: 0.001 },
				default: 5120,
				description: 'Bedrock’s "Batch inference job size" quota for the model',
			},
			{
				displayName: 'Max Records Per File',
				name: 'maxRecordsPerFile',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 50000,
				description:
					'Bedrock’s "Records per input file per batch inference job" quota: records are split into several files within it',
			},
			{
				displayName: 'Max Records Per Job',
				name: 'maxRecordsPerJob',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 50000,
				description: 'Bedrock’s "Records per batch inference job" quota for the model',
			},
			{
				displayName: 'Min Records Per Job',
				name: 'minRecordsPerJob',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 100,
				description:
					'Bedrock’s "Minimum number of records per batch inference job" quota for the model',
			},
			{
				displayName: 'Skip Model Check',
				name: 'skipModelCheck',
				type: 'boolean',
				default: false,
				description:
					'Whether to submit models the node does not know to support batch inference (for models AWS added since this version)',
			},
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'string',
				default: '',
				placeholder: 'e.g. team=support, run=nightly',
				description: 'Comma-separated key=value tags of the job',
			},
			{
				displayName: 'Timeout (Hours)',
				name: 'timeoutDurationInHours',
				type: 'number',
				typeOptions: { minValue: 24, maxValue: 168 },
				default: 24,
				description:
					'How long the job may run before it expires (Bedrock: 24 to 168 hours); an expired job keeps the results it finished',
			},
		],
	},
];

/** The job-wide parameters, read from the first item. */
interface JobParameters {
	roleArn: string;
	input: S3Location;
	output: S3Location;
	jobName: string;
	tags: Array<{ key: string; value: string }>;
	timeoutDurationInHours?: number;
	quotas: BatchQuotas;
	skipModelCheck: boolean;
	checkBucketRegion: boolean;
}

function readQuotas(options: IDataObject): BatchQuotas {
	const bytes = (value: unknown, fallback: number) => {
		const mb = numberField(value);
		return mb === undefined ? fallback : Math.floor(mb * MIB);
	};
	return {
		minRecordsPerJob:
			numberField(options.minRecordsPerJob) ?? BATCH_QUOTA_DEFAULTS.minRecordsPerJob,
		maxRecordsPerJob:
			numberField(options.maxRecordsPerJob) ?? BATCH_QUOTA_DEFAULTS.maxRecordsPerJob,
		maxRecordsPerFile:
			numberField(options.maxRecordsPerFile) ?? BATCH_QUOTA_DEFAULTS.maxRecordsPerFile,
		maxFileBytes: bytes(options.maxFileSizeMb, BATCH_QUOTA_DEFAULTS.maxFileBytes),
		maxJobBytes: bytes(options.maxJobSizeMb, BATCH_QUOTA_DEFAULTS.maxJobBytes),
	};
}

async function readJobParameters(context: OperationContext): Promise<JobParameters> {
	const { fn } = context;
	return await buildForItem(context, 0, () => {
		const options = fn.getNodeParameter('jobOptions', 0, {}) as IDataObject;
		const timeout = numberField(options.timeoutDurationInHours);
		if (timeout !== undefined && (timeout < 24 || timeout > 168)) {
			throw new Error(
				`Timeout (Hours) must be between 24 and 168, Bedrock’s range for batch jobs (got ${timeout}).`,
			);
		}
		const roleArn = String(fn.getNodeParameter('roleArn', 0, '')).trim();
		parseIamRoleArn(roleArn, 'Role ARN');
		return {
			roleArn,
			input: parseS3Uri(fn.getNodeParameter('inputS3Uri', 0, ''), 'Input S3 URI', true),
			output: parseS3Uri(fn.getNodeParameter('outputS3Uri', 0, ''), 'Output S3 URI', true),
			jobName: checkJobName(String(fn.getNodeParameter('jobName', 0, ''))),
			tags: parseTags(options.tags),
			timeoutDurationInHours: timeout,
			quotas: readQuotas(options),
			skipModelCheck: options.skipModelCheck === true,
			checkBucketRegion: options.checkBucketRegion !== false,
		};
	});
}

function refuse(context: OperationContext, itemIndex: number, message: string, fix: string) {
	return new NodeOperationError(context.fn.getNode(), message, {
		itemIndex,
		description: `${fix} Nothing was uploaded and no job was created.`,
	});
}

function checkModel(context: OperationContext, modelId: string, skip: boolean): void {
	if (skip) return;
	const support = batchSupportOf(modelId);
	if (support.supported) return;
	const what = support.family
		? `${modelId} (${support.family.displayName}) is not one of the models Bedrock runs batch inference jobs for`
		: `${modelId} is not a model the node knows to support batch inference`;
	throw refuse(
		context,
		0,
		what,
		`Choose a model from AWS’s list of batch inference models (families with batch models: ${support.familiesWithBatch.join(', ')}; see https://docs.aws.amazon.com/bedrock/latest/userguide/batch-inference-supported.html), or turn on Job Options > Skip Model Check if AWS has added it since.`,
	);
}

/** Refuses buckets S3 places outside the credential's region (Bedrock needs them in the job's). */
async function checkBuckets(context: OperationContext, parameters: JobParameters): Promise<void> {
	if (!parameters.checkBucketRegion) return;
	const client = await context.clients.s3();
	const region = context.credentials.region;
	const buckets = new Map([
		[parameters.input.bucket, 'Input S3 URI'],
		[parameters.output.bucket, 'Output S3 URI'],
	]);
	for (const [bucket, field] of buckets) {
		const found = await bucketRegion(client, bucket, { signal: context.signal });
		if (found === null) {
			throw refuse(
				context,
				0,
				`The S3 bucket '${bucket}' of ${field} does not exist`,
				`Create the bucket in ${region}, or fix the bucket name in ${field}.`,
			);
		}
		if (found !== undefined && found !== region) {
			throw refuse(
				context,
				0,
				`The S3 bucket '${bucket}' of ${field} is in ${found}, but the credential’s region is ${region}`,
				`Bedrock reads and writes batch files in the job’s own region: use a bucket in ${region}, or a credential for ${found}.`,
			);
		}
	}
}

/** The remedies of a failed CreateModelInvocationJob, which say where the uploaded records are. */
function createRemedies(inputS3Uri: string): Partial<Record<string, string>> {
	const remedies: Partial<Record<string, string>> = {};
	for (const [code, remedy] of Object.entries(BATCH_REMEDIES)) {
		remedies[code] =
			`${remedy ?? ''} The records were uploaded to ${inputS3Uri} before the job was refused: delete them, or run again with another Job Name.`;
	}
	return remedies;
}

/** Past this much, record lines are built again for the upload instead of kept from the check. */
const KEPT_LINES_LIMIT_BYTES = 64 * MIB;

/**
 * The whole input as one batch inference job: every item's Invoke Model body checked and sized
 * first (nothing is uploaded until all pass), then written as JSONL records across as many files
 * as the per-file quotas need, with a record index beside them, then the job is created.
 */
export async function executeInput(
	context: OperationContext,
	itemCount: number,
): Promise<INodeExecutionData[]> {
	const parameters = await readJobParameters(context);
	const modelId = readModelId(context, 0);
	checkModel(context, modelId, parameters.skipModelCheck);
	const { quotas } = parameters;

	if (itemCount > quotas.maxRecordsPerJob || itemCount < quotas.minRecordsPerJob) {
		await buildForItem(context, 0, () => checkJobSize(itemCount, 0, quotas));
	}

	// Pass 1: every record built exactly as Invoke Model builds its body, checked and sized.
	const planner = new InputFilePlanner(quotas);
	const fileOfRecord = new Uint32Array(itemCount);
	let keptLines: string[] | undefined = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		if (itemIndex % 1000 === 0) context.signal?.throwIfAborted();
		const request = await buildInvokeRequest(context, itemIndex);
		if (request.region && request.region !== context.credentials.region) {
			throw refuse(
				context,
				itemIndex,
				`The model ARN is in ${request.region}, but a batch job runs in the credential’s region (${context.credentials.region})`,
				`Use a model of ${context.credentials.region} (its ID or ARN there), or a credential for ${request.region}.`,
			);
		}
		if (request.modelId !== modelId) {
			throw refuse(
				context,
				itemIndex,
				`Item ${itemIndex} asks for model ${request.modelId}, but a batch job runs one model (${modelId}, from the first item)`,
				'Give every item the same Model, or split the items by model into several jobs.',
			);
		}
		const line = recordLine(itemIndex, request.body);
		const bytes = Buffer.byteLength(line, 'utf8');
		await buildForItem(context, itemIndex, () => checkRecordSize(bytes, quotas));
		fileOfRecord[itemIndex] = planner.add(itemIndex, bytes);
		if (keptLines) {
			keptLines.push(line);
			if (planner.bytes > KEPT_LINES_LIMIT_BYTES) keptLines = undefined;
		}
	}
	await buildForItem(context, 0, () => checkJobSize(itemCount, planner.bytes, quotas));
	await checkBuckets(context, parameters);

	// Pass 2: the files, streamed to S3.
	const folder = jobInputFolder(parameters.input, parameters.jobName);
	const s3 = await context.clients.s3();
	const node = context.fn.getNode();
	const errorContext = batchErrorContext(context, modelId);
	const files: IndexedInputFile[] = [];
	let itemIndex = 0;
	for (let fileIndex = 0; fileIndex < planner.files.length; fileIndex++) {
		const planned = planner.files[fileIndex];
		const key = inputFileKey(folder, fileIndex);
		const writer = new S3ObjectWriter(s3, folder.bucket, key, {
			signal: context.signal,
			contentType: 'application/jsonl',
		});
		await callBedrock(node, itemIndex, errorContext, async () => {
			let closed = false;
			try {
				for (; itemIndex < itemCount && fileOfRecord[itemIndex] === fileIndex; itemIndex++) {
					const line =
						keptLines?.[itemIndex] ??
						recordLine(itemIndex, (await buildInvokeRequest(context, itemIndex)).body);
					await writer.write(line);
				}
				await writer.close();
				closed = true;
			} finally {
				if (!closed) await writer.abort();
			}
		});
		files.push({
			key,
			firstRecord: planned.firstRecord,
			recordCount: planned.recordCount,
			bytes: writer.bytes,
		});
	}
	keptLines = undefined;

	const index: RecordIndex = {
		format: RECORD_INDEX_FORMAT,
		jobName: parameters.jobName,
		modelId,
		recordCount: itemCount,
		createdAt: new Date().toISOString(),
		files,
	};
	const indexKey = `${folder.key}${RECORD_INDEX_NAME}`;
	await callBedrock(node, 0, errorContext, async () =>
		putJsonObject(s3, folder.bucket, indexKey, index, { signal: context.signal }),
	);

	const sdk = await loadControlPlaneSdk();
	const client = await context.clients.controlPlane();
	const inputS3Uri = s3UriOf(folder);
	const outputS3Uri = s3UriOf(parameters.output);
	const created = await callBedrock(
		node,
		0,
		{ ...errorContext, remedies: createRemedies(inputS3Uri) },
		async () =>
			client.send(
				new sdk.CreateModelInvocationJobCommand({
					jobName: parameters.jobName,
					roleArn: parameters.roleArn,
					modelId,
					inputDataConfig: { s3InputDataConfig: { s3Uri: inputS3Uri, s3InputFormat: 'JSONL' } },
					outputDataConfig: { s3OutputDataConfig: { s3Uri: outputS3Uri } },
					...(parameters.timeoutDurationInHours !== undefined
						? { timeoutDurationInHours: parameters.timeoutDurationInHours }
						: {}),
					...(parameters.tags.length > 0 ? { tags: parameters.tags } : {}),
				}),
				{ abortSignal: context.signal },
			),
	);
	context.fn.logger.info(
		`Amazon Bedrock batch job ${parameters.jobName} created: ${itemCount} records in ${files.length} file(s), ${planner.bytes} bytes`,
		{ jobArn: created.jobArn, inputS3Uri },
	);

	return [
		{
			json: {
				jobArn: created.jobArn ?? null,
				jobName: parameters.jobName,
				status: 'Submitted',
				modelId,
				inputS3Uri,
				outputS3Uri,
				recordCount: itemCount,
				inputFiles: files.map((file) => `s3://${folder.bucket}/${file.key}`),
				recordIndexS3Uri: `s3://${folder.bucket}/${indexKey}`,
				bytes: planner.bytes,
			},
		},
	];
}
