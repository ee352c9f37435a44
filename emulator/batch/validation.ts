/**
 * CreateModelInvocationJob's request checks, in Bedrock's words: the members' constraints as the
 * service model states them (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_CreateModelInvocationJob.html,
 * worded as the AWS front end words constraint violations: "1 validation error detected: Value 'x'
 * at 'roleArn' failed to satisfy constraint: ..."), then the model.
 */
import { BedrockError } from '../errors';
import { isObject } from '../http/json';
import type { JsonObject } from '../http/json';

export interface S3Location {
	bucket: string;
	/** The key or key prefix after the bucket ('' for the whole bucket). */
	key: string;
}

export interface CreateJobRequest {
	jobName: string;
	roleArn: string;
	modelId: string;
	clientRequestToken?: string;
	inputS3Uri: string;
	input: S3Location;
	s3InputFormat?: string;
	inputBucketOwner?: string;
	outputS3Uri: string;
	output: S3Location;
	outputEncryptionKeyId?: string;
	outputBucketOwner?: string;
	timeoutDurationInHours?: number;
	tags: Array<{ key: string; value: string }>;
	vpcConfig?: { subnetIds: string[]; securityGroupIds: string[] };
	modelInvocationType?: string;
}

export const ROLE_ARN_PATTERN = /^arn:aws(-[^:]+)?:iam::([0-9]{12})?:role\/.+$/;
export const JOB_NAME_PATTERN = /^[a-zA-Z0-9]{1,63}(-*[a-zA-Z0-9+\-.]){0,63}$/;
export const S3_URI_PATTERN =
	/^s3:\/\/[a-z0-9][-.a-z0-9]{1,61}(?:\/[-!_*'().a-z0-9A-Z]+(?:\/[-!_*'().a-z0-9A-Z]+)*)?\/?$/;
export const TOKEN_PATTERN = /^[a-zA-Z0-9]{1,256}(-*[a-zA-Z0-9]){0,256}$/;
export const JOB_IDENTIFIER_PATTERN =
	/^((arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:model-invocation-job\/)?[a-z0-9]{12})$/;
export const MIN_TIMEOUT_HOURS = 24;
export const MAX_TIMEOUT_HOURS = 168;
const MAX_TAGS = 200;

/** Collects constraint violations and throws them as one ValidationException, as the front end does. */
class Violations {
	private readonly messages: string[] = [];

	add(message: string): void {
		this.messages.push(message);
	}

	value(value: unknown, member: string, constraint: string): void {
		const shown = typeof value === 'string' ? value : JSON.stringify(value);
		this.add(`Value '${shown}' at '${member}' failed to satisfy constraint: ${constraint}`);
	}

	/** Required, a string, within its length and pattern. */
	string(
		value: unknown,
		member: string,
		rules: { required?: boolean; min?: number; max: number; pattern?: RegExp },
	): value is string {
		if (value === undefined || value === null) {
			if (rules.required) this.value(null, member, 'Member must not be null');
			return false;
		}
		if (typeof value !== 'string') {
			this.value(value, member, 'Member must be a string');
			return false;
		}
		let valid = true;
		if (value.length < (rules.min ?? 1) || value.length > rules.max) {
			this.value(
				value,
				member,
				`Member must have length less than or equal to ${rules.max}, Member must have length greater than or equal to ${rules.min ?? 1}`,
			);
			valid = false;
		}
		if (rules.pattern && !rules.pattern.test(value)) {
			this.value(
				value,
				member,
				`Member must satisfy regular expression pattern: ${rules.pattern.source}`,
			);
			valid = false;
		}
		return valid;
	}

	throwIfAny(): void {
		if (this.messages.length === 0) return;
		const count = this.messages.length;
		throw new BedrockError(
			'ValidationException',
			`${count} validation error${count === 1 ? '' : 's'} detected: ${this.messages.join('; ')}`,
		);
	}
}

/** `s3://bucket/prefix/` → `{ bucket, key: 'prefix/' }`. */
export function parseS3Uri(uri: string): S3Location {
	const rest = uri.slice('s3://'.length);
	const slash = rest.indexOf('/');
	return slash < 0
		? { bucket: rest, key: '' }
		: { bucket: rest.slice(0, slash), key: rest.slice(slash + 1) };
}

function s3ConfigOf(
	violations: Violations,
	body: JsonObject,
	member: 'inputDataConfig' | 'outputDataConfig',
	inner: 's3InputDataConfig' | 's3OutputDataConfig',
): JsonObject | undefined {
	const config = body[member];
	if (config === undefined || config === null) {
		violations.value(null, member, 'Member must not be null');
		return undefined;
	}
	if (!isObject(config) || !isObject(config[inner])) {
		violations.value(config, member, `Member must have exactly one member set: ${inner}`);
		return undefined;
	}
	const s3Config = config[inner] as JsonObject;
	violations.string(s3Config.s3Uri, `${member}.${inner}.s3Uri`, {
		required: true,
		max: 1024,
		pattern: S3_URI_PATTERN,
	});
	return s3Config;
}

export function parseCreateJobRequest(body: unknown): CreateJobRequest {
	if (!isObject(body)) {
		throw new BedrockError(
			'ValidationException',
			'Malformed input request, please reformat your input and try again.',
		);
	}
	const violations = new Violations();
	violations.string(body.jobName, 'jobName', {
		required: true,
		max: 63,
		pattern: JOB_NAME_PATTERN,
	});
	violations.string(body.roleArn, 'roleArn', {
		required: true,
		min: 0,
		max: 2048,
		pattern: ROLE_ARN_PATTERN,
	});
	violations.string(body.modelId, 'modelId', { required: true, max: 2048 });
	violations.string(body.clientRequestToken, 'clientRequestToken', {
		max: 256,
		pattern: TOKEN_PATTERN,
	});
	const input = s3ConfigOf(violations, body, 'inputDataConfig', 's3InputDataConfig');
	const output = s3ConfigOf(violations, body, 'outputDataConfig', 's3OutputDataConfig');
	if (input?.s3InputFormat !== undefined && input.s3InputFormat !== 'JSONL') {
		violations.value(
			input.s3InputFormat,
			'inputDataConfig.s3InputDataConfig.s3InputFormat',
			'Member must satisfy enum value set: [JSONL]',
		);
	}
	const timeout = body.timeoutDurationInHours;
	if (timeout !== undefined) {
		if (typeof timeout !== 'number' || !Number.isInteger(timeout)) {
			violations.value(timeout, 'timeoutDurationInHours', 'Member must be an integer');
		} else if (timeout < MIN_TIMEOUT_HOURS) {
			violations.value(
				timeout,
				'timeoutDurationInHours',
				`Member must have value greater than or equal to ${MIN_TIMEOUT_HOURS}`,
			);
		} else if (timeout > MAX_TIMEOUT_HOURS) {
			violations.value(
				timeout,
				'timeoutDurationInHours',
				`Member must have value less than or equal to ${MAX_TIMEOUT_HOURS}`,
			);
		}
	}
	const tags: Array<{ key: string; value: string }> = [];
	if (body.tags !== undefined) {
		if (!Array.isArray(body.tags)) violations.value(body.tags, 'tags', 'Member must be a list');
		else {
			if (body.tags.length > MAX_TAGS) {
				violations.value(
					body.tags.length,
					'tags',
					`Member must have length less than or equal to ${MAX_TAGS}`,
				);
			}
			body.tags.forEach((tag: unknown, index) => {
				const entry = isObject(tag) ? tag : {};
				const keyValid = violations.string(entry.key, `tags.${index + 1}.member.key`, {
					required: true,
					max: 128,
					pattern: /^[a-zA-Z0-9\s._:/=+@-]*$/,
				});
				const valueValid = violations.string(entry.value, `tags.${index + 1}.member.value`, {
					required: true,
					min: 0,
					max: 256,
					pattern: /^[a-zA-Z0-9\s._:/=+@-]*$/,
				});
				if (keyValid && valueValid)
					tags.push({ key: entry.key as string, value: entry.value as string });
			});
		}
	}
	if (
		body.modelInvocationType !== undefined &&
		body.modelInvocationType !== 'InvokeModel' &&
		body.modelInvocationType !== 'Converse'
	) {
		violations.value(
			body.modelInvocationType,
			'modelInvocationType',
			'Member must satisfy enum value set: [InvokeModel, Converse]',
		);
	}
	violations.throwIfAny();
	const inputUri = (input as JsonObject).s3Uri as string;
	const outputUri = (output as JsonObject).s3Uri as string;
	const request: CreateJobRequest = {
		jobName: body.jobName as string,
		roleArn: body.roleArn as string,
		modelId: body.modelId as string,
		inputS3Uri: inputUri,
		input: parseS3Uri(inputUri),
		outputS3Uri: outputUri,
		output: parseS3Uri(outputUri),
		tags,
	};
	if (typeof body.clientRequestToken === 'string')
		request.clientRequestToken = body.clientRequestToken;
	if (typeof input?.s3InputFormat === 'string') request.s3InputFormat = input.s3InputFormat;
	if (typeof input?.s3BucketOwner === 'string') request.inputBucketOwner = input.s3BucketOwner;
	if (typeof output?.s3EncryptionKeyId === 'string')
		request.outputEncryptionKeyId = output.s3EncryptionKeyId;
	if (typeof output?.s3BucketOwner === 'string') request.outputBucketOwner = output.s3BucketOwner;
	if (typeof timeout === 'number') request.timeoutDurationInHours = timeout;
	if (isObject(body.vpcConfig)) request.vpcConfig = body.vpcConfig as CreateJobRequest['vpcConfig'];
	if (typeof body.modelInvocationType === 'string')
		request.modelInvocationType = body.modelInvocationType;
	return request;
}

/** GetModelInvocationJob and StopModelInvocationJob's `jobIdentifier`: the job's ARN or its ID. */
export function jobIdOf(identifier: string): string {
	if (!JOB_IDENTIFIER_PATTERN.test(identifier)) {
		throw new BedrockError(
			'ValidationException',
			`1 validation error detected: Value '${identifier}' at 'jobIdentifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ${JOB_IDENTIFIER_PATTERN.source}`,
		);
	}
	return identifier.slice(identifier.lastIndexOf('/') + 1);
}
