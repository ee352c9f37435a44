import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	DEFAULT_CONCURRENCY,
	DEFAULT_MAX_ATTEMPTS,
	DEFAULT_MAX_RETRY_TIME_MS,
	MAX_CONCURRENCY,
} from '../transport/limits';
import type { ClientOptions } from '../transport/clients';
import type { RetryMode } from '../transport/retry';

/** How the whole batch runs, from the first item's Options (they are the same for every item). */
export interface BatchSettings {
	concurrency: number;
	retryMode: RetryMode;
	maxAttempts: number;
	maxRetryTimeMs: number;
	/** Stop starting items once the batch has used this many tokens; 0 for no cap. */
	maxBatchTokens: number;
	clientOptions: ClientOptions;
}

function wholeNumber(value: unknown, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) {
	const parsed = Math.floor(Number(value ?? fallback));
	if (!Number.isFinite(parsed)) return fallback;
	return Math.min(Math.max(parsed, min), max);
}

export function readBatchSettings(fn: IExecuteFunctions): BatchSettings {
	const options = fn.getNodeParameter('options', 0, {}) as IDataObject;
	const concurrency = wholeNumber(options.concurrency, DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY);
	const retryMode: RetryMode =
		options.retryMode === 'standard' || options.retryMode === 'adaptive'
			? options.retryMode
			: 'aimd';
	const maxAttempts = wholeNumber(options.maxAttempts, DEFAULT_MAX_ATTEMPTS, 1, 20);
	return {
		concurrency,
		retryMode,
		maxAttempts,
		maxRetryTimeMs: wholeNumber(options.maxRetryTimeMs, DEFAULT_MAX_RETRY_TIME_MS, 0),
		maxBatchTokens: wholeNumber(options.maxBatchTokens, 0, 0),
		clientOptions: {
			// With AIMD the router retries (it must see throttling to lower concurrency); otherwise the SDK does.
			maxAttempts: retryMode === 'aimd' ? 1 : maxAttempts,
			retryMode: retryMode === 'adaptive' ? 'adaptive' : 'standard',
			requestTimeoutMs: wholeNumber(options.requestTimeoutMs, 0, 0),
			httpVersion: options.httpVersion === 'http1' ? 'http1' : 'http2',
			maxConcurrency: concurrency,
		},
	};
}
