import type { INodeProperties } from 'n8n-workflow';

import type { GetModelInvocationJobResponse } from '@aws-sdk/client-bedrock';

import { buildForItem } from '../parameters';
import type { OperationContext } from '../types';
import { checkJobIdentifier } from '../../mapping/batchJob';
import type { ErrorContext } from '../../transport/errors';
import { callBedrock } from '../../transport/request';
import { loadControlPlaneSdk } from '../../transport/sdk';

/** The job Get, Stop and Get Results work on. */
export const jobArnField: INodeProperties = {
	displayName: 'Job ARN',
	name: 'jobArn',
	type: 'string',
	default: '={{ $json.jobArn }}',
	required: true,
	placeholder: 'e.g. arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/abcd1234efgh',
	description: 'The jobArn a Create operation returned (or the job’s 12-character ID)',
};

/** Remedies for the S3 and job errors, naming what each operation touched. */
export const BATCH_REMEDIES: Partial<Record<string, string>> = {
	AccessDenied:
		'The IAM identity may not use this S3 bucket: grant s3:PutObject, s3:GetObject and s3:ListBucket on it (see the README’s IAM section), and check the bucket policy.',
	NoSuchBucket:
		'The S3 bucket does not exist: check the bucket name in the S3 URI and the credential’s region.',
	NoSuchKey: 'The S3 object is gone: it may have been deleted or expired by a lifecycle rule.',
	ResourceNotFoundException:
		'No batch job has this ARN in the credential’s region: check the Job ARN (usually {{ $json.jobArn }} from Create) and the region.',
	ServiceQuotaExceededException:
		'The account has as many batch jobs submitted or running as its quota allows ("Sum of in-progress and submitted batch inference jobs"): wait for some to end, or ask for more in Service Quotas.',
	ValidationException:
		'Bedrock refused the job: fix what the message names (the role must be assumable by bedrock.amazonaws.com and may read the input and write the output location; the model must support batch inference in this region).',
};

export function batchErrorContext(context: OperationContext, modelId?: string): ErrorContext {
	return {
		modelId,
		region: context.credentials.region,
		secrets: context.secrets,
		remedies: BATCH_REMEDIES,
	};
}

/** The item's Job ARN, checked before anything is sent. */
export async function readJobArn(context: OperationContext, itemIndex: number): Promise<string> {
	return await buildForItem(context, itemIndex, () =>
		checkJobIdentifier(context.fn.getNodeParameter('jobArn', itemIndex, '')),
	);
}

/** GetModelInvocationJob. */
export async function getJob(
	context: OperationContext,
	itemIndex: number,
	jobIdentifier: string,
): Promise<GetModelInvocationJobResponse> {
	const sdk = await loadControlPlaneSdk();
	const client = await context.clients.controlPlane();
	return await callBedrock(context.fn.getNode(), itemIndex, batchErrorContext(context), async () =>
		client.send(new sdk.GetModelInvocationJobCommand({ jobIdentifier }), {
			abortSignal: context.signal,
		}),
	);
}
