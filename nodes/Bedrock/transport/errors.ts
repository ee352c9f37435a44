import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { redactSecrets } from './credentials';

/** The contract's error item body (`{ error: {...} }` with Continue On Fail). */
export interface BedrockErrorInfo extends IDataObject {
	message: string;
	code: string;
	httpStatus: number | null;
	retryable: boolean;
	requestId: string | null;
	remedy: string;
}

export interface ErrorContext {
	modelId?: string;
	region?: string;
	/** Secrets of the credential, masked wherever they appear. */
	secrets?: string[];
}

interface SdkErrorShape {
	name?: string;
	code?: string;
	message?: string;
	$fault?: 'client' | 'server';
	$retryable?: { throttling?: boolean };
	$metadata?: { httpStatusCode?: number; requestId?: string; extendedRequestId?: string };
	$response?: { statusCode?: number; headers?: Record<string, string> };
	cause?: unknown;
}

const RETRYABLE_CODES = new Set([
	'ThrottlingException',
	'ServiceUnavailableException',
	'InternalServerException',
	'ModelNotReadyException',
	'ModelTimeoutException',
	'ModelStreamErrorException',
	'TimeoutError',
	'RequestTimeout',
	'ECONNRESET',
	'ECONNREFUSED',
	'EPIPE',
	'ETIMEDOUT',
	'ERR_HTTP2_STREAM_ERROR',
	'ERR_HTTP2_SESSION_ERROR',
	'ERR_HTTP2_GOAWAY_SESSION',
	'ERR_HTTP2_INVALID_SESSION',
	'ERR_HTTP2_STREAM_CANCEL',
]);

const NETWORK_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ECONNRESET',
	'ETIMEDOUT',
	'EPIPE',
]);

/**
 * The network failure under an error, if any: the HTTP/2 handler reports a refused connection as
 * ERR_HTTP2_STREAM_CANCEL caused by ECONNREFUSED, so the cause chain is searched.
 */
function networkCodeOf(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
		const code = (current as SdkErrorShape).code;
		if (code && NETWORK_CODES.has(code)) return code;
		current = (current as SdkErrorShape).cause;
	}
	// Errors the SDK could not keep as they were (e.g. from another realm) survive only as text.
	const message =
		typeof error === 'object' && error !== null ? (error as SdkErrorShape).message : undefined;
	const text = message ?? '';
	return (
		/\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EPIPE)\b/.exec(text)?.[1] ??
		/\b(ERR_HTTP2_[A-Z_]+)\b/.exec(text)?.[1]
	);
}

/** The cross-region inference profile prefix for a region (`us`, `eu`, `apac`, `us-gov`). */
export function geographyOfRegion(region: string | undefined): string {
	if (!region) return 'us';
	if (region.startsWith('us-gov-')) return 'us-gov';
	if (region.startsWith('eu-')) return 'eu';
	if (region.startsWith('ap-')) return 'apac';
	return 'us';
}

function inferenceProfileSuggestion(message: string, context: ErrorContext): string {
	const modelId =
		/model ID ([\w.:-]+) with on-demand throughput/i.exec(message)?.[1] ?? context.modelId ?? '';
	const base = modelId.replace(/^arn:.*foundation-model\//, '');
	const geography = geographyOfRegion(context.region);
	return `This model is only served through an inference profile. Set Model to the inference profile ID '${geography}.${base}' (or 'global.${base}' where offered), or pick it from the list, which shows inference profiles.`;
}

function remedyFor(
	code: string,
	message: string,
	httpStatus: number | null,
	context: ErrorContext,
): string {
	switch (code) {
		case 'AccessDeniedException':
			return /don't have access to the model|not authorized to access|model access/i.test(message)
				? 'Enable access to this model in the Amazon Bedrock console (Model access) for this account and region, and make sure the IAM identity may call bedrock:InvokeModel on it.'
				: 'The IAM identity lacks permission: grant bedrock:InvokeModel (and bedrock:InvokeModelWithResponseStream for streaming) on this model or inference profile, and check that model access is enabled in the Bedrock console for this region.';
		case 'ThrottlingException':
			return 'Bedrock is throttling this account: lower the node’s Concurrency, let retries back off, or ask for a higher quota in Service Quotas (Amazon Bedrock, requests or tokens per minute for this model).';
		case 'ServiceQuotaExceededException':
			return 'A Bedrock service quota was exceeded: lower the node’s Concurrency or Max Tokens, or request a quota increase in Service Quotas for Amazon Bedrock.';
		case 'ValidationException':
			if (/on-demand throughput/i.test(message))
				return inferenceProfileSuggestion(message, context);
			if (/model identifier is invalid/i.test(message)) {
				return 'Check the Model: use a model ID, an inference profile ID or an ARN that exists in this region (pick it from the list to be sure).';
			}
			if (/doesn't support counting tokens|count.?tokens/i.test(message)) {
				return 'This model does not support CountTokens: the Count Tokens operation falls back to an estimate.';
			}
			return 'Bedrock refused the request body: fix the field named in the message (check the model’s parameter names and ranges, or the raw JSON body).';
		case 'ResourceNotFoundException':
			return 'The model, inference profile or guardrail was not found in this region: check its ID and the credential’s region, or pick the model from the list.';
		case 'ModelNotReadyException':
			return 'The model is not ready yet (it may be loading or scaling): retry in a little while; the node retries this automatically.';
		case 'ModelTimeoutException':
			return 'The model took too long to answer: shorten the input or Max Tokens, or use streaming.';
		case 'ModelErrorException':
			return 'The model failed while processing the request: check the input (attachments, prompt format), then retry.';
		case 'ModelStreamErrorException':
			return 'The model’s stream failed part-way: retry the item, or turn streaming off for this node.';
		case 'ServiceUnavailableException':
		case 'InternalServerException':
			return 'Bedrock had a temporary server error: retry later; the node retries these automatically.';
		case 'InvalidSignatureException':
			return 'The Secret Access Key does not match the Access Key ID: re-enter both in the AWS Bedrock credential (and check that the machine’s clock is right).';
		case 'UnrecognizedClientException':
			return 'AWS does not recognise the access key or API key: check the AWS Bedrock credential (a deleted or mistyped key, or a session token missing for ASIA keys).';
		case 'ExpiredTokenException':
			return 'The session token or API key has expired: refresh the temporary credentials (or create a new Bedrock API key) and update the AWS Bedrock credential.';
		case 'MissingAuthenticationTokenException':
			return 'The request carried no credentials: check the AWS Bedrock credential’s Authentication setting.';
		case 'CredentialsProviderError':
			return 'No AWS credentials were found by the default credential chain: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a shared profile, or an instance/task role for the n8n process, or switch the credential to Access Keys.';
		case 'CredentialConfigurationError':
			return 'Complete the AWS Bedrock credential as the message says.';
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return 'The Bedrock endpoint’s host name could not be resolved: check the credential’s Region (is Bedrock offered there?) and any custom endpoint URL.';
		case 'ECONNREFUSED':
			return 'Nothing answered at the Bedrock endpoint: check the credential’s custom endpoint URL, proxies and network access from n8n.';
		case 'TimeoutError':
		case 'RequestTimeout':
		case 'ETIMEDOUT':
			return 'The request timed out: raise the node’s Request Timeout, shorten the input, or use streaming.';
		case 'AbortError':
			return 'The execution was cancelled.';
		default:
			if (httpStatus !== null && httpStatus >= 500) {
				return 'Bedrock had a server error: retry later.';
			}
			return 'Check the node’s settings and the credential, then retry.';
	}
}

/** Turns anything thrown by the SDK (or the network under it) into the contract's error fields. */
export function describeError(error: unknown, context: ErrorContext = {}): BedrockErrorInfo {
	const shape: SdkErrorShape =
		typeof error === 'object' && error !== null ? (error as SdkErrorShape) : {};
	const rawMessage =
		typeof shape.message === 'string' && shape.message !== ''
			? shape.message
			: typeof error === 'string'
				? error
				: 'Unknown error';
	const errorName =
		shape.name && shape.name !== 'Error' && shape.name !== 'ServiceException'
			? shape.name
			: undefined;
	const code =
		networkCodeOf(error) ??
		(shape.$metadata?.httpStatusCode === undefined && shape.code ? shape.code : undefined) ??
		errorName ??
		shape.code ??
		'UnknownError';
	const httpStatus = shape.$metadata?.httpStatusCode ?? shape.$response?.statusCode ?? null;
	const requestId = shape.$metadata?.requestId ?? null;
	const retryable =
		RETRYABLE_CODES.has(code) ||
		shape.$retryable !== undefined ||
		(shape.$fault === 'server' && httpStatus !== 501);
	const secrets = context.secrets ?? [];
	const message = redactSecrets(rawMessage, secrets);
	return {
		message,
		code,
		httpStatus,
		retryable,
		requestId,
		remedy: redactSecrets(remedyFor(code, rawMessage, httpStatus, context), secrets),
	};
}

const errorInfos = new WeakMap<NodeApiError, BedrockErrorInfo>();

/** The contract's error fields of a NodeApiError made by `toNodeApiError`. */
export function bedrockErrorInfoOf(error: NodeApiError): BedrockErrorInfo | undefined {
	return errorInfos.get(error);
}

/**
 * A NodeApiError carrying the HTTP status, the AWS error code, the request ID and the remedy.
 * Errors the node already made (NodeApiError, NodeOperationError) are handed back as they are.
 */
export function toNodeApiError(
	node: INode,
	error: unknown,
	itemIndex: number,
	context: ErrorContext = {},
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const info = describeError(error, context);
	const title = context.modelId
		? `Bedrock ${info.code} (model ${context.modelId}): ${info.message}`
		: `Bedrock ${info.code}: ${info.message}`;
	const details = [info.remedy];
	if (info.requestId) details.push(`Request ID: ${info.requestId}`);
	const nodeError = new NodeApiError(node, info as unknown as JsonObject, {
		message: title,
		description: details.join('\n'),
		httpCode: info.httpStatus === null ? undefined : String(info.httpStatus),
		itemIndex,
	});
	errorInfos.set(nodeError, info);
	return nodeError;
}

/** The contract's error item body for anything an item threw. */
export function errorInfoOf(error: unknown, secrets: string[]): BedrockErrorInfo {
	if (error instanceof NodeApiError) {
		const info = bedrockErrorInfoOf(error);
		if (info) return info;
	}
	if (error instanceof NodeOperationError) {
		return {
			message: error.message,
			code: 'InvalidInput',
			httpStatus: null,
			retryable: false,
			requestId: null,
			remedy: error.description ?? 'Fix the node parameter named in the message.',
		};
	}
	return describeError(error, { secrets });
}
