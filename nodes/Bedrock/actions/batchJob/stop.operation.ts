import type { INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OperationContext } from '../types';
import { batchErrorContext, getJob, readJobArn } from './fields';
import { jobSummary, TERMINAL_STATUSES } from '../../mapping/batchJob';
import { callBedrock } from '../../transport/request';
import { loadControlPlaneSdk } from '../../transport/sdk';

export const description: INodeProperties[] = [];

/** StopModelInvocationJob, then the job as it is now (Stopping, or Stopped). */
export async function execute(
	context: OperationContext,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const jobArn = await readJobArn(context, itemIndex);
	const before = await getJob(context, itemIndex, jobArn);
	if (TERMINAL_STATUSES.has(before.status ?? '')) {
		throw new NodeOperationError(
			context.fn.getNode(),
			`The batch job has already ended (${before.status}): there is nothing to stop`,
			{
				itemIndex,
				description:
					'Use Get to see its status, or Get Results to read the records it finished. Nothing was sent.',
			},
		);
	}
	const sdk = await loadControlPlaneSdk();
	const client = await context.clients.controlPlane();
	await callBedrock(context.fn.getNode(), itemIndex, batchErrorContext(context), async () =>
		client.send(new sdk.StopModelInvocationJobCommand({ jobIdentifier: jobArn }), {
			abortSignal: context.signal,
		}),
	);
	return { json: jobSummary(await getJob(context, itemIndex, jobArn)) };
}
