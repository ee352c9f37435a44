/**
 * A 10,000-record batch job end to end through the built node in n8n's engine against the emulator
 * (its S3 and job APIs, in their own process): records per second for Create (build every record,
 * check it, stream the files to S3, create the job) and for Get Results (stream the outputs back,
 * one item per record), the peak heap growth of each, and what the same 10,000 items cost on
 * demand and as a batch job, from the price table and the usage the job reported.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { estimateCost } from '../../nodes/Bedrock/pricing';
import { bedrockNode, runWorkflow } from '../../scripts/engine';
import { builtBedrockNode } from '../builtNode';
import { MB, MemorySampler, settleHeap } from '../measure';
import { startRemoteEmulator } from '../remoteEmulator';
import type { SectionResult } from '../report';
import { figure } from '../report';
import { emulatorCredentials, inputItems, MODEL_ID } from '../workload';

const RECORDS = 10_000;
const BUCKET = 'emulator-batch';
const REGION = 'us-east-1';

interface Measured {
	ms: number;
	heapGrowthBytes: number;
	items: INodeExecutionData[];
	error?: string;
}

/** Runs once, timing it and sampling the heap; the growth is the peak over a settled baseline. */
async function measured(
	run: () => Promise<{ items: INodeExecutionData[]; error?: string }>,
): Promise<Measured> {
	settleHeap();
	const baseline = process.memoryUsage().heapUsed;
	const sampler = new MemorySampler();
	sampler.start();
	const started = performance.now();
	try {
		const result = await run();
		const ms = performance.now() - started;
		return { ms, heapGrowthBytes: sampler.stop().heapUsedBytes - baseline, ...result };
	} finally {
		sampler.stop();
	}
}

export async function batchJob(): Promise<SectionResult> {
	const emulator = await startRemoteEmulator({ batchStateDelayMs: 20 });
	const credentials = emulatorCredentials(emulator.url);
	const nodeType = builtBedrockNode();
	const run = async (name: string, parameters: IDataObject, input: INodeExecutionData[]) => {
		const result = await runWorkflow({
			nodes: [{ ...bedrockNode(name, parameters), onError: 'continueRegularOutput' }],
			input,
			credentials,
			nodeType,
		});
		return { items: result.output(name), error: result.error?.message };
	};
	const create = (input: INodeExecutionData[], jobName: string) =>
		run(
			'Create',
			{
				resource: 'batchJob',
				operation: 'create',
				model: { __rl: true, mode: 'id', value: MODEL_ID },
				prompt: '={{ $json.text }}',
				options: { maxTokens: 64 },
				roleArn: 'arn:aws:iam::123456789012:role/BedrockBatchInference',
				inputS3Uri: `s3://${BUCKET}/bench/input/`,
				outputS3Uri: `s3://${BUCKET}/bench/output/`,
				jobName,
			},
			input,
		);
	const waitForEnd = async (jobArn: string) => {
		const { items } = await run(
			'Get',
			{
				resource: 'batchJob',
				operation: 'get',
				jobArn,
				options: { waitForCompletion: true, pollIntervalSeconds: 0.2, maxWaitSeconds: 900 },
			},
			[{ json: {} }],
		);
		return items[0].json;
	};
	const results = (jobArn: string) =>
		run('Results', { resource: 'batchJob', operation: 'getResults', jobArn }, [{ json: {} }]);

	try {
		// Warm-up: a small job through every operation.
		const warm = await create(inputItems(100), `bench-warm-${Date.now()}`);
		await waitForEnd(String(warm.items[0].json.jobArn));
		await results(String(warm.items[0].json.jobArn));

		const input = inputItems(RECORDS);
		const created = await measured(() => create(input, `bench-${Date.now()}`));
		const jobArn = String(created.items[0]?.json.jobArn ?? '');
		if (!jobArn)
			throw new Error(`Batch job: Create gave no job: ${JSON.stringify(created.items[0]?.json)}`);
		const job = await waitForEnd(jobArn);
		const read = await measured(() => results(jobArn));

		const succeeded = read.items.filter((item) => !item.json.error);
		const usage = succeeded.reduce(
			(total, item) => {
				const itemUsage = item.json.usage as { inputTokens: number; outputTokens: number };
				total.inputTokens += itemUsage.inputTokens;
				total.outputTokens += itemUsage.outputTokens;
				return total;
			},
			{ inputTokens: 0, outputTokens: 0 },
		);
		const onDemand = estimateCost({ modelId: MODEL_ID, region: REGION, ...usage });
		const batch = estimateCost({ modelId: MODEL_ID, region: REGION, ...usage, tier: 'batch' });
		const createRate = RECORDS / (created.ms / 1000);
		const readRate = read.items.length / (read.ms / 1000);
		const lostItems = RECORDS - succeeded.length;
		const usd = (value: number | undefined) => `$${(value ?? Number.NaN).toFixed(4)}`;
		return {
			figures: [
				figure(
					'batch job',
					`Create: ${RECORDS} records`,
					createRate,
					`${Math.round(createRate)} records/s (${(created.ms / 1000).toFixed(1)} s)`,
				),
				figure(
					'batch job',
					'Create: peak heap growth per 10,000 records',
					created.heapGrowthBytes,
					`${(created.heapGrowthBytes / MB).toFixed(0)} MB`,
				),
				figure(
					'batch job',
					`Get Results: ${read.items.length} items`,
					readRate,
					`${Math.round(readRate)} records/s (${(read.ms / 1000).toFixed(1)} s)`,
				),
				figure(
					'batch job',
					'Get Results: peak heap growth per 10,000 records',
					read.heapGrowthBytes,
					`${(read.heapGrowthBytes / MB).toFixed(0)} MB`,
				),
				figure(
					'batch job',
					`Cost of the ${RECORDS} items on demand`,
					onDemand?.totalUsd ?? Number.NaN,
					usd(onDemand?.totalUsd),
				),
				figure(
					'batch job',
					`Cost of the ${RECORDS} items as a batch job`,
					batch?.totalUsd ?? Number.NaN,
					`${usd(batch?.totalUsd)} (${((batch?.totalUsd ?? 0) / (onDemand?.totalUsd ?? 1)).toFixed(2)}× on demand)`,
				),
			],
			details: {
				records: RECORDS,
				jobStatus: job.status,
				createMs: created.ms,
				resultsMs: read.ms,
				createHeapGrowthBytes: created.heapGrowthBytes,
				resultsHeapGrowthBytes: read.heapGrowthBytes,
				usage,
				onDemand,
				batch,
				createError: created.error,
				resultsError: read.error,
			},
			notes: [
				`batch job: ${MODEL_ID}, ${usage.inputTokens} input and ${usage.outputTokens} output tokens over ${succeeded.length} records; the job ended ${String(job.status)}. Create's figure includes n8n reading every item's parameters, building and checking each record (kept for the upload up to 64 MiB of records, built again past that), the S3 upload and CreateModelInvocationJob; the emulator's own run of the records is not timed.`,
			],
			lostItems,
		};
	} finally {
		await emulator.close();
	}
}
