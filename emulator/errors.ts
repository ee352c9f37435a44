/**
 * Bedrock's error responses: status codes as modelled in the SDK (`@aws-sdk/client-bedrock-runtime`
 * dist-cjs/index.js, the `[_hE]` trait of each exception schema) and
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/CommonErrors.html for the authentication
 * errors that the service front end raises before any operation runs.
 */

export const ERROR_STATUS = {
	ValidationException: 400,
	ServiceQuotaExceededException: 400,
	ConflictException: 400,
	AccessDeniedException: 403,
	UnrecognizedClientException: 403,
	InvalidSignatureException: 403,
	ExpiredTokenException: 403,
	MissingAuthenticationTokenException: 403,
	IncompleteSignatureException: 400,
	ResourceNotFoundException: 404,
	ModelTimeoutException: 408,
	ModelErrorException: 424,
	ModelStreamErrorException: 424,
	DependencyFailedException: 424,
	ThrottlingException: 429,
	ModelNotReadyException: 429,
	InternalServerException: 500,
	BadGatewayException: 502,
	ServiceUnavailableException: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Errors raised by the service front end (authentication) use the Coral service namespace. */
const FRONT_END_CODES = new Set<ErrorCode>([
	'UnrecognizedClientException',
	'InvalidSignatureException',
	'ExpiredTokenException',
	'MissingAuthenticationTokenException',
	'IncompleteSignatureException',
]);

export class BedrockError extends Error {
	readonly status: number;

	constructor(
		readonly code: ErrorCode,
		message: string,
		/** Only where another API answers the same kind of error with its own status (S3). */
		status: number = ERROR_STATUS[code],
	) {
		super(message);
		this.status = status;
	}

	/** The `x-amzn-ErrorType` header value, e.g. `ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/`. */
	get errorType(): string {
		const namespace = FRONT_END_CODES.has(this.code)
			? 'http://internal.amazon.com/coral/com.amazon.coral.service/'
			: 'http://internal.amazon.com/coral/com.amazon.bedrock/';
		return `${this.code}:${namespace}`;
	}
}

export const MESSAGES = {
	invalidModel: 'The provided model identifier is invalid.',
	accessDenied: "You don't have access to the model with the specified model ID.",
	onDemandUnsupported: (modelId: string) =>
		`Invocation of model ID ${modelId} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
	profileNotFound: 'The provided model identifier is invalid.',
	countTokensUnsupported: "The provided model doesn't support counting tokens.",
	throttled: 'Too many requests, please wait before trying again.',
	internalServer: 'The server encountered an internal error while processing the request.',
	serviceUnavailable: 'Bedrock is unable to process your request.',
	modelTimeout: 'Model has timed out in processing the request. Try your request again.',
	modelNotReady: 'Model is not ready to serve inference requests. Try your request again.',
	modelError: 'The model returned an error. Try your request again.',
	modelStreamError: 'The model stream encountered an error. Try your request again.',
	invalidToken: 'The security token included in the request is invalid.',
	invalidSignature:
		'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
	expiredToken: 'The security token included in the request is expired',
	missingAuthentication: 'Missing Authentication Token',
	invalidApiKeyFormat: 'Invalid API Key format: Must start with pre-defined prefix',
	invalidApiKey: 'Authentication failed: Please make sure your API Key is valid.',
	unknownOperation: 'Unknown operation',
} as const;
