import type { GetModelInvocationJobResponse } from '@aws-sdk/client-bedrock';
import type { IDataObject } from 'n8n-workflow';

import type { OperationContext } from '../types';
import type { JobManifest } from '../../mapping/batchJob';
import { jobOutputFolder } from '../../mapping/batchJob';
import { costOfUsage } from '../../mapping/cost';
import { parseS3Uri } from '../../mapping/fields';
import { toUsage } from '../../types';
import { describeError } from '../../transport/errors';
import { getJsonObject } from '../../transport/s3Files';

/** Bedrock's summary file in a job's output folder. */
export const MANIFEST_NAME = 'manifest.json.out';

/** The manifest of an ended job; undefined when Bedrock wrote none. */
export async function readManifest(
	context: OperationContext,
	job: GetModelInvocationJobResponse,
): Promise<JobManifest | undefined> {
	const outputUri = job.outputDataConfig?.s3OutputDataConfig?.s3Uri;
	if (!outputUri || !job.jobArn) return undefined;
	const folder = jobOutputFolder(parseS3Uri(outputUri, 'Output S3 URI', true), job.jobArn);
	const client = await context.clients.s3();
	const manifest = await getJsonObject(client, folder.bucket, `${folder.key}${MANIFEST_NAME}`, {
		signal: context.signal,
	});
	return typeof manifest === 'object' && manifest !== null ? (manifest as JobManifest) : undefined;
}

/** A job's tokens and cost at the batch price, from its manifest's totals. */
export function totalsOf(manifest: JobManifest, modelId: string, region: string): IDataObject {
	const usage = toUsage({
		inputTokens: manifest.inputTokenCount ?? 0,
		outputTokens: manifest.outputTokenCount ?? 0,
	});
	return {
		records: {
			total: manifest.totalRecordCount ?? null,
			processed: manifest.processedRecordCount ?? null,
			succeeded: manifest.successRecordCount ?? null,
			failed: manifest.errorRecordCount ?? null,
		},
		usage: { ...usage },
		cost: costOfUsage(usage, modelId, region, undefined, 'batch'),
	};
}

/** The Get output's `totals`: from the manifest, or why there are none. */
export async function jobTotals(
	context: OperationContext,
	_itemIndex: number,
	job: GetModelInvocationJobResponse,
): Promise<IDataObject | null> {
	try {
		const manifest = await readManifest(context, job);
		if (!manifest) return null;
		return totalsOf(manifest, job.modelId ?? '', context.credentials.region);
	} catch (error) {
		// Totals are extra: a missing S3 permission must not hide the job's status.
		const info = describeError(error, { secrets: context.secrets });
		return { unavailable: `${info.code}: ${info.message}` };
	}
}
