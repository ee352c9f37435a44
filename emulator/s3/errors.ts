/**
 * S3's errors: its own codes, statuses and wording (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html),
 * answered as XML (`<Error><Code>…</Code><Message>…</Message>…</Error>`; no body for HEAD).
 * An S3Error is a BedrockError so that the pipeline (server.ts) passes it to the S3 operations'
 * `sendError` unchanged; errors the pipeline raises itself (authentication) are translated there.
 */
import type { ErrorCode } from '../errors';
import { BedrockError } from '../errors';

export const S3_ERRORS = {
	AccessDenied: { status: 403, message: 'Access Denied' },
	BadDigest: {
		status: 400,
		message:
			'The Content-MD5 or checksum value that you specified did not match what the server received.',
	},
	BucketAlreadyOwnedByYou: {
		status: 409,
		message: 'Your previous request to create the named bucket succeeded and you already own it.',
	},
	BucketNotEmpty: { status: 409, message: 'The bucket you tried to delete is not empty' },
	EntityTooSmall: {
		status: 400,
		message: 'Your proposed upload is smaller than the minimum allowed object size.',
	},
	IncompleteBody: {
		status: 400,
		message: 'You did not provide the number of bytes specified by the Content-Length HTTP header.',
	},
	InternalError: {
		status: 500,
		message: 'We encountered an internal error. Please try again.',
	},
	InvalidAccessKeyId: {
		status: 403,
		message: 'The AWS Access Key Id you provided does not exist in our records.',
	},
	InvalidArgument: { status: 400, message: 'Invalid Argument' },
	InvalidBucketName: { status: 400, message: 'The specified bucket is not valid.' },
	InvalidPart: {
		status: 400,
		message:
			"One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
	},
	InvalidPartOrder: {
		status: 400,
		message: 'The list of parts was not in ascending order. Parts must be ordered by part number.',
	},
	InvalidRange: { status: 416, message: 'The requested range is not satisfiable' },
	InvalidRequest: { status: 400, message: 'Invalid Request' },
	MalformedXML: {
		status: 400,
		message:
			'The XML you provided was not well-formed or did not validate against our published schema',
	},
	MissingSecurityHeader: {
		status: 400,
		message: 'Your request is missing a required header.',
	},
	NoSuchBucket: { status: 404, message: 'The specified bucket does not exist' },
	NoSuchKey: { status: 404, message: 'The specified key does not exist.' },
	NoSuchUpload: {
		status: 404,
		message:
			'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
	},
	NotImplemented: {
		status: 501,
		message: 'A header you provided implies functionality that is not implemented',
	},
	SignatureDoesNotMatch: {
		status: 403,
		message:
			'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
	},
	ExpiredToken: { status: 400, message: 'The provided token has expired.' },
	AuthorizationHeaderMalformed: { status: 400, message: 'The authorization header is malformed.' },
	PermanentRedirect: {
		status: 301,
		message:
			'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
	},
	InvalidToken: { status: 400, message: 'The provided token is malformed or otherwise invalid.' },
} as const;

export type S3ErrorCode = keyof typeof S3_ERRORS;

/** The Bedrock code an S3 error is counted as (stats, request log); the wire shows the S3 code. */
function bedrockCodeOf(code: S3ErrorCode): ErrorCode {
	if (code === 'AccessDenied' || code === 'InvalidAccessKeyId') return 'AccessDeniedException';
	if (code === 'SignatureDoesNotMatch') return 'InvalidSignatureException';
	if (code.startsWith('NoSuch')) return 'ResourceNotFoundException';
	if (code === 'InternalError') return 'InternalServerException';
	return 'ValidationException';
}

export class S3Error extends BedrockError {
	constructor(
		readonly s3Code: S3ErrorCode,
		message: string = S3_ERRORS[s3Code].message,
		/** Extra elements of the error document: `Key`, `BucketName`, `UploadId`, ... */
		readonly details: Record<string, string> = {},
	) {
		super(bedrockCodeOf(s3Code), message, S3_ERRORS[s3Code].status);
	}
}

/** What S3 answers for an error the pipeline raised in Bedrock's terms (authentication, unknown route). */
export function asS3Error(error: BedrockError): S3Error {
	if (error instanceof S3Error) return error;
	switch (error.code) {
		case 'UnrecognizedClientException':
			return new S3Error('InvalidAccessKeyId');
		case 'InvalidSignatureException':
			return new S3Error('SignatureDoesNotMatch');
		case 'IncompleteSignatureException':
			return new S3Error('AccessDenied', error.message);
		case 'MissingAuthenticationTokenException':
			return new S3Error('AccessDenied');
		case 'ExpiredTokenException':
			return new S3Error('ExpiredToken');
		case 'AccessDeniedException':
			return new S3Error('AccessDenied', error.message);
		case 'ResourceNotFoundException':
			return new S3Error('NotImplemented');
		case 'ValidationException':
			return new S3Error('InvalidRequest', error.message);
		default:
			return new S3Error('InternalError');
	}
}
