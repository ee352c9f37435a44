import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationContext } from '../types';
import { batchErrorContext, getJob, readJobArn } from './fields';
import { MANIFEST_NAME, readManifest, totalsOf } from './totals';
import { detectFamily } from '../../families/registry';
import type { ModelFamily } from '../../families/types';
import type { OutputRecord, RecordIndex } from '../../mapping/batchJob';
import {
	isRecordIndex,
	jobOutputFolder,
	parseOutputLine,
	RECORD_INDEX_NAME,
	recordErrorInfo,
	recordIndexOf,
	STATUSES_WITH_RESULTS,
	recordIdOf,
} from '../../mapping/batchJob';
import { costOfUsage } from '../../mapping/cost';
import type { S3Location } from '../../mapping/fields';
import { parseS3Uri } from '../../mapping/fields';
import { normalisedOutput } from '../../mapping/output';
import { toNodeApiError } from '../../transport/errors';
import { getJsonObject, listKeys, readObjectLines } from '../../transport/s3Files';
import type { ModelReply, Usage } from '../../types';
import { emptyUsage } from '../../types';

export const description: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: ['getResults'] } },
		options: [
			{
				displayName: 'Include Cost',
				name: 'includeCost',
				type: 'boolean',
				default: false,
				description:
					'Whether to add each record’s estimated cost at the batch inference price (half the on-demand one for most models) as cost',
			},
			{
				displayName: 'Include Raw Response',
				name: 'includeRaw',
				type: 'boolean',
				default: false,
				description: 'Whether to add the model’s native output of each record as raw',
			},
		],
	},
];

/** The input folder's record index: the Input S3 URI is the folder (or a file in it). */
function recordIndexLocation(inputUri: string): S3Location {
	const input = parseS3Uri(inputUri, 'the job’s input S3 URI');
	const folder =
		input.key.endsWith('/') || input.key === '' ? input.key : input.key.replace(/[^/]*$/, '');
	return { bucket: input.bucket, key: `${folder}${RECORD_INDEX_NAME}` };
}

/** A failure of the job as a whole, as the NodeApiError every operation reports. */
function jobError(
	context: OperationContext,
	itemIndex: number,
	code: string,
	message: string,
	remedy: string,
) {
	const error = Object.assign(new Error(message), { name: code });
	return toNodeApiError(context.fn.getNode(), error, itemIndex, {
		...batchErrorContext(context),
		remedies: { [code]: remedy },
	});
}

function addUsage(total: Usage, usage: Usage): void {
	total.inputTokens += usage.inputTokens;
	total.outputTokens += usage.outputTokens;
	total.totalTokens += usage.totalTokens;
	total.cacheReadInputTokens += usage.cacheReadInputTokens;
	total.cacheWriteInputTokens += usage.cacheWriteInputTokens;
}

/** A reply for a record of a model whose family is unknown: its native output comes as raw. */
function unknownFamilyReply(): ModelReply {
	return { text: '', stopReason: 'end_turn', usage: emptyUsage() };
}

/**
 * Reads the job's `.jsonl.out` files line by line and returns one item per record, in the order the
 * records were submitted (record IDs of ours are the input positions), each shaped as Invoke
 * Model's output for the model's family plus `recordId`. Failed records are error items with
 * Continue On Fail; without it the first one stops the node, naming the record.
 */
export async function execute(
	context: OperationContext,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const jobArn = await readJobArn(context, itemIndex);
	const options = context.fn.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const includeCost = options.includeCost === true;
	const includeRaw = options.includeRaw === true;
	const continueOnFail = context.fn.continueOnFail();
	const job = await getJob(context, itemIndex, jobArn);
	const status = job.status ?? 'Unknown';
	if (status === 'Failed') {
		throw jobError(
			context,
			itemIndex,
			'BatchJobFailed',
			`The batch job failed: ${job.message ?? 'Bedrock gave no reason'}`,
			'Fix what the message names (often the service role’s S3 permissions or a record Bedrock could not read), then create the job again. No results were written.',
		);
	}
	if (!STATUSES_WITH_RESULTS.has(status)) {
		throw jobError(
			context,
			itemIndex,
			'BatchJobNotEnded',
			`The batch job is ${status}: its results are written when it ends`,
			'Wait until Get says done is true (loop a Wait node and Get, or use Get’s Wait for Completion option), then run Get Results.',
		);
	}

	const modelId = job.modelId ?? '';
	const region = context.credentials.region;
	let family: ModelFamily | undefined;
	try {
		family = detectFamily(modelId);
	} catch {
		family = undefined;
	}
	const s3 = await context.clients.s3();
	const call = { signal: context.signal };
	const node = context.fn.getNode();
	const errorContext = batchErrorContext(context, modelId);
	const outputUri = job.outputDataConfig?.s3OutputDataConfig?.s3Uri ?? '';
	const outputFolder = jobOutputFolder(
		parseS3Uri(outputUri, 'the job’s output S3 URI', true),
		job.jobArn ?? jobArn,
	);

	let index: RecordIndex | undefined;
	const inputUri = job.inputDataConfig?.s3InputDataConfig?.s3Uri;
	if (inputUri) {
		const location = recordIndexLocation(inputUri);
		try {
			const found = await getJsonObject(s3, location.bucket, location.key, call);
			if (isRecordIndex(found)) index = found;
		} catch {
			// Without the index, records come in the order Bedrock wrote them.
			index = undefined;
		}
	}

	const keys = await listKeys(s3, outputFolder.bucket, outputFolder.key, call).catch((error) => {
		throw toNodeApiError(node, error, itemIndex, errorContext);
	});
	const outputKeys = keys.filter((key) => key.endsWith('.jsonl.out')).sort();

	const placed: INodeExecutionData[] = [];
	const unplaced: INodeExecutionData[] = [];
	const total = emptyUsage();
	let succeeded = 0;
	let failed = 0;

	const itemOf = (record: OutputRecord): INodeExecutionData => {
		if ('error' in record) {
			failed++;
			const info = recordErrorInfo(record.recordId, record.error);
			if (!continueOnFail) {
				const error = Object.assign(new Error(String(info.message)), {
					name: String(info.code),
					$metadata: { httpStatusCode: info.httpStatus ?? undefined },
				});
				throw toNodeApiError(node, error, itemIndex, {
					...errorContext,
					remedies: { [String(info.code)]: String(info.remedy) },
				});
			}
			return { json: { error: info, recordId: record.recordId } };
		}
		succeeded++;
		const reply = family ? family.parseResponse(record.modelOutput) : unknownFamilyReply();
		const output: IDataObject = normalisedOutput(reply, {
			modelId,
			latencyMs: 0,
			raw: includeRaw || !family ? record.modelOutput : undefined,
		});
		// A batch record has no latency of its own.
		delete output.latencyMs;
		addUsage(total, reply.usage);
		const json: IDataObject = { ...output, recordId: record.recordId };
		if (includeCost) json.cost = costOfUsage(reply.usage, modelId, region, undefined, 'batch');
		return { json };
	};

	for (const key of outputKeys) {
		try {
			for await (const line of readObjectLines(s3, outputFolder.bucket, key, call)) {
				const record = parseOutputLine(line);
				if (!record) continue;
				const item = itemOf(record);
				const position = recordIndexOf(record.recordId);
				if (position !== undefined && (!index || position < index.recordCount)) {
					placed[position] = item;
				} else {
					unplaced.push(item);
				}
			}
		} catch (error) {
			throw toNodeApiError(node, error, itemIndex, errorContext);
		}
	}

	// Records the job never reached (stopped, expired, or dropped) are failures too.
	if (index) {
		for (let position = 0; position < index.recordCount; position++) {
			if (placed[position]) continue;
			failed++;
			const recordId = recordIdOf(position);
			const message = `Record ${recordId} (input item ${position}) has no result: the job ended as ${status} before processing it`;
			const remedy =
				'Submit the records without results again in a new job (or with Text > Invoke Model).';
			if (!continueOnFail)
				throw jobError(context, itemIndex, 'RecordNotProcessed', message, remedy);
			placed[position] = {
				json: {
					error: {
						message,
						code: 'RecordNotProcessed',
						httpStatus: null,
						retryable: true,
						requestId: null,
						remedy,
					},
					recordId,
				},
			};
		}
	}

	const manifest = await readManifest(context, job).catch(() => undefined);
	const totals = manifest ? totalsOf(manifest, modelId, region) : undefined;
	context.fn.logger.info(
		`Amazon Bedrock batch job ${job.jobName ?? jobArn} (${status}): ${succeeded} records succeeded, ${failed} failed; ${total.inputTokens} input and ${total.outputTokens} output tokens`,
		{
			jobArn,
			manifest: manifest ? `${MANIFEST_NAME}: ${JSON.stringify(manifest)}` : 'none',
			cost: JSON.stringify(totals?.cost ?? costOfUsage(total, modelId, region, undefined, 'batch')),
		},
	);

	const items: INodeExecutionData[] = [];
	for (const item of placed) if (item) items.push(item);
	for (const item of unplaced) items.push(item);
	return items;
}
