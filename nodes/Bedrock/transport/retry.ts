import type { ChunkSink } from './streaming';
import { errorInfoOf } from './errors';

/** Who retries a failed request: the node (AIMD concurrency) or the AWS SDK's own strategies. */
export type RetryMode = 'aimd' | 'standard' | 'adaptive';

/** Failures the AWS SDK's own retry strategies give up on at once: dropped streams, failed event streams. */
const NOT_RETRIED_BY_SDK = /^(ERR_HTTP2_|ECONNRESET|EPIPE|ModelStreamErrorException)/;

/** Codes that mean the account is over its quota: AIMD lowers concurrency on these. */
const THROTTLE_CODES = new Set(['ThrottlingException', 'ModelNotReadyException']);

export interface RetryClassifier {
	/** Whether an item's failure may be retried by the node. */
	isRetryable(error: unknown, itemIndex: number): boolean;
	/** Whether a failure means the account is being throttled. */
	isThrottle(error: unknown): boolean;
}

/**
 * Which failures the node retries. Nothing is retried once a delta of the item reached the client
 * (the user would see the text twice). In the SDK's retry modes the SDK retries the rest, so the
 * node only retries what the SDK does not.
 */
export function retryClassifier(
	mode: RetryMode,
	secrets: string[],
	chunks: ChunkSink,
): RetryClassifier {
	return {
		isRetryable(error, itemIndex) {
			if (chunks.sent(itemIndex)) return false;
			const info = errorInfoOf(error, secrets);
			return mode === 'aimd'
				? info.retryable
				: info.retryable && NOT_RETRIED_BY_SDK.test(info.code);
		},
		isThrottle(error) {
			return mode === 'aimd' && THROTTLE_CODES.has(errorInfoOf(error, secrets).code);
		},
	};
}
