/**
 * One parser per kind of form field, shared by every operation so the same input means the same
 * thing, and the same mistake is worded the same way, everywhere.
 */
import type { IDataObject } from 'n8n-workflow';

/** A field's value that cannot be used; the operation reports it for the item, nothing is sent. */
export class FieldError extends Error {
	override name = 'FieldError';
}

/** Where JSON.parse stopped: its message gives the position, or else the unexpected character. */
function errorPosition(text: string, message: string): number {
	const stated = /position (\d+)/.exec(message)?.[1];
	if (stated !== undefined) return Number(stated);
	const token = /Unexpected token '?(.)/.exec(message)?.[1];
	if (token === undefined) return Number.NaN;
	let inString = false;
	for (let index = 0; index < text.length; index++) {
		const char = text[index];
		if (inString) {
			if (char === '\\') index++;
			else if (char === '"') inString = false;
		} else if (char === token) return index;
		else if (char === '"') inString = true;
	}
	return Number.NaN;
}

/**
 * A JSON field as n8n hands it over: text to parse, or a value an expression already produced.
 * Empty text is undefined. Bad JSON is refused saying where the text stops being JSON:
 * `<field> is not valid JSON at line L, column C (near "…"): <reason>`.
 */
export function parseJsonField(value: unknown, fieldName: string): unknown {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') return value;
	if (value.trim() === '') return undefined;
	let message: string;
	try {
		return JSON.parse(value) as unknown;
	} catch (error) {
		message = (error as Error).message;
	}
	const position = errorPosition(value, message);
	let where = '';
	if (Number.isFinite(position)) {
		const before = value.slice(0, position);
		const line = before.split('\n').length;
		const column = position - before.lastIndexOf('\n');
		const excerpt = value.slice(Math.max(position - 15, 0), position + 15).replace(/\s+/g, ' ');
		where = ` at line ${line}, column ${column} (near "${excerpt}")`;
	}
	throw new FieldError(`${fieldName} is not valid JSON${where}: ${message}`);
}

/** A JSON field that must hold an object (`{ ... }`); undefined when empty. */
export function parseJsonObjectField(value: unknown, fieldName: string): IDataObject | undefined {
	const parsed = parseJsonField(value, fieldName);
	if (parsed === undefined) return undefined;
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new FieldError(`${fieldName} must be a JSON object ({ ... })`);
	}
	return parsed as IDataObject;
}

/**
 * Stop sequences as the user gives them: a list, or one string with the sequences separated by
 * commas. `\n` and `\t` typed as escapes become a newline and a tab (an n8n text field cannot hold
 * a newline at the start of a sequence otherwise), in every operation alike.
 */
export function parseStopSequences(value: unknown): string[] | undefined {
	const list = Array.isArray(value)
		? value.map(String)
		: typeof value === 'string'
			? value.split(',')
			: [];
	const sequences = list
		.map((sequence) =>
			sequence
				.replace(/^ +| +$/g, '')
				.replace(/\\n/g, '\n')
				.replace(/\\t/g, '\t'),
		)
		.filter((sequence) => sequence.trim() !== '');
	return sequences.length > 0 ? sequences : undefined;
}

/** A number option; empty, missing or non-numeric values are undefined. */
export function numberField(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const parsed = Number(value);
	return Number.isFinite(parsed) ? parsed : undefined;
}

/** An S3 location: a bucket and a key or key prefix (no leading slash). */
export interface S3Location {
	bucket: string;
	key: string;
}

// Bucket naming rules: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
const BUCKET_NAME = /^(?!xn--|sthree-|amzn-s3-demo-)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * An `s3://bucket/key` URI. With `folder`, the key is a prefix and gets its trailing slash (Bedrock
 * reads every `.jsonl` object under an input folder and writes under an output folder).
 */
export function parseS3Uri(value: unknown, fieldName: string, folder = false): S3Location {
	const text = String(value ?? '').trim();
	const example = folder ? 's3://my-bucket/batch/input/' : 's3://my-bucket/batch/input.jsonl';
	const match = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(text);
	if (!match) {
		throw new FieldError(
			`${fieldName} must be an S3 URI such as ${example} (got '${text}'); https:// links to the S3 console are not S3 URIs.`,
		);
	}
	const [, bucket, rawKey = ''] = match;
	if (!BUCKET_NAME.test(bucket) || bucket.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(bucket)) {
		throw new FieldError(
			`${fieldName} names the bucket '${bucket}', which is not a valid S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit).`,
		);
	}
	let key = rawKey.replace(/^\/+/, '');
	if (folder && key !== '' && !key.endsWith('/')) key += '/';
	return { bucket, key };
}

/** An `s3://` URI from a location. */
export function s3UriOf(location: S3Location): string {
	return `s3://${location.bucket}/${location.key}`;
}

/** The parts of an IAM role ARN. */
export interface IamRoleArn {
	partition: string;
	account: string;
	/** The role name with its path, e.g. `service-role/BedrockBatch`. */
	roleName: string;
}

/** An IAM role ARN such as `arn:aws:iam::123456789012:role/BedrockBatchInference`. */
export function parseIamRoleArn(value: unknown, fieldName: string): IamRoleArn {
	const text = String(value ?? '').trim();
	const match = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/([\w+=,.@/-]{1,512})$/.exec(text);
	if (!match || match[3].endsWith('/')) {
		throw new FieldError(
			`${fieldName} must be the ARN of an IAM role, e.g. arn:aws:iam::123456789012:role/BedrockBatchInference (got '${text}'): the service role Bedrock assumes to read and write the job's S3 files.`,
		);
	}
	return { partition: match[1], account: match[2], roleName: match[3] };
}
