import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { OperationContext } from '../types';
import { getJob, readJobArn } from './fields';
import { jobTotals } from './totals';
import { jobSummary, TERMINAL_STATUSES } from '../../mapping/batchJob';
import { numberField } from '../../mapping/fields';

/** The longest Get may hold a worker while it waits: longer jobs loop through a Wait node. */
export const MAX_WAIT_SECONDS = 900;

export const description: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: ['get'] } },
		options: [
			{
				displayName: 'Include Totals',
				name: 'includeTotals',
				type: 'boolean',
				default: true,
				description:
					'Whether to read the job’s manifest once it has ended and add its token totals and batch cost as totals',
			},
			{
				displayName: 'Poll Interval (Seconds)',
				name: 'pollIntervalSeconds',
				type: 'number',
				typeOptions: { minValue: 0.1 },
				default: 15,
				description: 'How often to ask for the status while waiting',
				displayOptions: { show: { waitForCompletion: [true] } },
			},
			{
				displayName: 'Wait for Completion',
				name: 'waitForCompletion',
				type: 'boolean',
				default: false,
				description:
					'Whether to poll until the job ends, for at most Max Wait. For jobs that take longer, loop a Wait node and this operation until done is true (see the example workflow).',
			},
			{
				displayName: 'Max Wait (Seconds)',
				name: 'maxWaitSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_WAIT_SECONDS },
				default: 120,
				description:
					'How long to poll at most; the job’s status at that moment is returned (done false if it is still running)',
				displayOptions: { show: { waitForCompletion: [true] } },
			},
		],
	},
];

function aborted(signal: AbortSignal | undefined): boolean {
	return signal?.aborted === true;
}

export async function execute(
	context: OperationContext,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const jobArn = await readJobArn(context, itemIndex);
	const options = context.fn.getNodeParameter('options', itemIndex, {}) as IDataObject;
	let job = await getJob(context, itemIndex, jobArn);
	if (options.waitForCompletion === true) {
		const maxWaitMs = Math.min(numberField(options.maxWaitSeconds) ?? 120, MAX_WAIT_SECONDS) * 1000;
		const intervalMs = Math.max(numberField(options.pollIntervalSeconds) ?? 15, 0.1) * 1000;
		const deadline = Date.now() + maxWaitMs;
		while (!TERMINAL_STATUSES.has(job.status ?? '') && !aborted(context.signal)) {
			const remaining = deadline - Date.now();
			if (remaining <= 0) break;
			await sleep(Math.min(intervalMs, remaining));
			job = await getJob(context, itemIndex, jobArn);
		}
	}
	const summary = jobSummary(job);
	if (summary.done === true && options.includeTotals !== false) {
		summary.totals = await jobTotals(context, itemIndex, job);
	}
	return { json: summary };
}
