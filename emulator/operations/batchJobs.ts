/**
 * Bedrock's batch inference API (control plane): CreateModelInvocationJob (POST /model-invocation-job),
 * GetModelInvocationJob (GET /model-invocation-job/{jobIdentifier}), ListModelInvocationJobs
 * (GET /model-invocation-jobs) and StopModelInvocationJob (POST /model-invocation-job/{jobIdentifier}/stop).
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_CreateModelInvocationJob.html
 * The jobs themselves run in batch/jobs.ts.
 */
import type { BatchJob } from '../batch/jobs';
import { jobArnOf } from '../batch/jobs';
import { jobIdOf, parseCreateJobRequest } from '../batch/validation';
import { resolveModel } from '../catalogue';
import type { Operation, RequestContext } from '../context';
import { BedrockError, MESSAGES } from '../errors';
import type { JsonObject } from '../http/json';
import type { BatchJobStatus } from '../options';
import { authorize } from '../policy/permissions';

const MAX_RESULTS = 1000;
const STATUSES: BatchJobStatus[] = [
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
];

/** The job as GetModelInvocationJob and the list's summaries describe it. */
function describe(job: BatchJob): JsonObject {
	const { request } = job;
	const description: JsonObject = {
		jobArn: job.jobArn,
		jobName: request.jobName,
		modelId: request.modelId,
		roleArn: request.roleArn,
		status: job.status,
		submitTime: job.submitTime.toISOString(),
		lastModifiedTime: job.lastModifiedTime.toISOString(),
		inputDataConfig: {
			s3InputDataConfig: {
				s3Uri: request.inputS3Uri,
				...(request.s3InputFormat ? { s3InputFormat: request.s3InputFormat } : {}),
				...(request.inputBucketOwner ? { s3BucketOwner: request.inputBucketOwner } : {}),
			},
		},
		outputDataConfig: {
			s3OutputDataConfig: {
				s3Uri: request.outputS3Uri,
				...(request.outputEncryptionKeyId
					? { s3EncryptionKeyId: request.outputEncryptionKeyId }
					: {}),
				...(request.outputBucketOwner ? { s3BucketOwner: request.outputBucketOwner } : {}),
			},
		},
		timeoutDurationInHours: request.timeoutDurationInHours,
		jobExpirationTime: job.jobExpirationTime.toISOString(),
	};
	if (request.clientRequestToken !== undefined)
		description.clientRequestToken = request.clientRequestToken;
	if (job.message !== undefined) description.message = job.message;
	if (job.endTime) description.endTime = job.endTime.toISOString();
	if (request.vpcConfig) description.vpcConfig = request.vpcConfig;
	if (request.modelInvocationType) description.modelInvocationType = request.modelInvocationType;
	if (job.counts) {
		description.totalRecordCount = job.counts.total;
		description.processedRecordCount = job.counts.processed;
		description.successRecordCount = job.counts.success;
		description.errorRecordCount = job.counts.error;
	}
	return description;
}

function findJob(context: RequestContext): BatchJob {
	const jobId = jobIdOf(context.params.jobIdentifier);
	const job = context.state.batchJobs.get(jobId);
	if (!job) {
		throw new BedrockError(
			'ResourceNotFoundException',
			`The specified job ${jobArnOf(jobId)} was not found.`,
		);
	}
	return job;
}

export const createModelInvocationJobOperation: Operation = {
	name: 'CreateModelInvocationJob',
	handle(context) {
		const { state } = context;
		const request = parseCreateJobRequest(context.json());
		const earlier = state.batchJobs.byClientRequestToken(request.clientRequestToken);
		// The same idempotency token: Bedrock ignores the request and answers as it did the first time.
		if (earlier) return context.sendJson({ jobArn: earlier.jobArn });
		const reference = resolveModel(request.modelId, state.options.applicationInferenceProfiles);
		authorize(state, 'bedrock:CreateModelInvocationJob', jobArnOf('*'));
		authorize(state, 'iam:PassRole', request.roleArn);
		if (reference.kind === 'unknown-model' || reference.kind === 'unknown-profile') {
			throw new BedrockError('ValidationException', MESSAGES.invalidModel);
		}
		const { model } = reference;
		if (state.options.accessDeniedModels.includes(model.modelId)) {
			throw new BedrockError('AccessDeniedException', MESSAGES.accessDenied);
		}
		if (!model.batchInference) {
			throw new BedrockError(
				'ValidationException',
				`The model ${request.modelId} does not support batch inference. Choose a model that supports batch inference: https://docs.aws.amazon.com/bedrock/latest/userguide/batch-inference-supported.html`,
			);
		}
		if (
			request.modelInvocationType === 'Converse' &&
			model.outputModalities.includes('EMBEDDING')
		) {
			throw new BedrockError(
				'ValidationException',
				"This action doesn't support the model that you provided. Try again with a supported text or chat model.",
			);
		}
		const limit = state.options.batchLimits.maxActiveJobsPerModel;
		if (state.batchJobs.activeJobsOf(model.modelId) >= limit) {
			throw new BedrockError(
				'ServiceQuotaExceededException',
				`You have reached the maximum number of ${limit} submitted and in-progress batch inference jobs for ${model.modelId}. Wait for a job to finish, or stop one.`,
			);
		}
		const job = state.batchJobs.create(request, model);
		context.sendJson({ jobArn: job.jobArn });
	},
};

export const getModelInvocationJobOperation: Operation = {
	name: 'GetModelInvocationJob',
	handle(context) {
		const job = findJob(context);
		authorize(context.state, 'bedrock:GetModelInvocationJob', job.jobArn);
		context.sendJson(describe(job));
	},
};

export const stopModelInvocationJobOperation: Operation = {
	name: 'StopModelInvocationJob',
	handle(context) {
		const job = findJob(context);
		authorize(context.state, 'bedrock:StopModelInvocationJob', job.jobArn);
		if (!context.state.batchJobs.stop(job)) {
			throw new BedrockError(
				'ValidationException',
				`The job ${job.jobArn} can't be stopped: it has already ended with status ${job.status}.`,
			);
		}
		context.sendJson({});
	},
};

function timeFilter(context: RequestContext, name: string): Date | undefined {
	const value = context.query.get(name);
	if (value === null) return undefined;
	const time = new Date(value);
	if (Number.isNaN(time.getTime())) {
		throw new BedrockError(
			'ValidationException',
			`1 validation error detected: Value '${value}' at '${name}' failed to satisfy constraint: Member must be a timestamp`,
		);
	}
	return time;
}

export const listModelInvocationJobsOperation: Operation = {
	name: 'ListModelInvocationJobs',
	handle(context) {
		authorize(context.state, 'bedrock:ListModelInvocationJobs', '*');
		const { query } = context;
		const after = timeFilter(context, 'submitTimeAfter');
		const before = timeFilter(context, 'submitTimeBefore');
		const status = query.get('statusEquals');
		if (status !== null && !STATUSES.includes(status as BatchJobStatus)) {
			throw new BedrockError(
				'ValidationException',
				`1 validation error detected: Value '${status}' at 'statusEquals' failed to satisfy constraint: Member must satisfy enum value set: [${STATUSES.join(', ')}]`,
			);
		}
		const nameContains = query.get('nameContains');
		const maxResults = Number(query.get('maxResults') ?? MAX_RESULTS);
		if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_RESULTS) {
			throw new BedrockError(
				'ValidationException',
				`1 validation error detected: Value '${query.get('maxResults')}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and ${MAX_RESULTS}`,
			);
		}
		const sortBy = query.get('sortBy');
		if (sortBy !== null && sortBy !== 'CreationTime') {
			throw new BedrockError(
				'ValidationException',
				`1 validation error detected: Value '${sortBy}' at 'sortBy' failed to satisfy constraint: Member must satisfy enum value set: [CreationTime]`,
			);
		}
		const sortOrder = query.get('sortOrder') ?? 'Descending';
		if (sortOrder !== 'Ascending' && sortOrder !== 'Descending') {
			throw new BedrockError(
				'ValidationException',
				`1 validation error detected: Value '${sortOrder}' at 'sortOrder' failed to satisfy constraint: Member must satisfy enum value set: [Ascending, Descending]`,
			);
		}
		const token = query.get('nextToken');
		const offset = token === null ? 0 : Number(Buffer.from(token, 'base64').toString('utf8'));
		if (!Number.isInteger(offset) || offset < 0) {
			throw new BedrockError('ValidationException', 'The provided nextToken is invalid.');
		}
		let jobs = context.state.batchJobs
			.all()
			.filter(
				(job) =>
					(!after || job.submitTime > after) &&
					(!before || job.submitTime < before) &&
					(status === null || job.status === status) &&
					(nameContains === null || job.request.jobName.includes(nameContains)),
			);
		if (sortOrder === 'Ascending') jobs = jobs.reverse();
		const page = jobs.slice(offset, offset + maxResults);
		const result: JsonObject = { invocationJobSummaries: page.map(describe) };
		if (offset + maxResults < jobs.length) {
			result.nextToken = Buffer.from(String(offset + maxResults)).toString('base64');
		}
		context.sendJson(result);
	},
};
