// n8n Cloud's import allowlist refuses node:events, but nothing else raises an AbortSignal's
// listener limit (README, Development: lint exceptions).
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports
import { setMaxListeners } from 'node:events';

import { sleep } from 'n8n-workflow';

import { ConcurrencyController } from './concurrency';

export type ItemOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Time, sleeping and randomness, injectable so tests run on a fake clock. */
export interface BatchClock {
	now(): number;
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
	random(): number;
}

export const systemClock: BatchClock = {
	now: () => Date.now(),
	random: () => Math.random(),
	sleep: async (ms, signal) => {
		if (signal?.aborted) throw signal.reason;
		let onAbort = () => {};
		const aborted = new Promise<never>((_resolve, reject) => {
			onAbort = () => reject(signal?.reason);
			signal?.addEventListener('abort', onAbort, { once: true });
		});
		try {
			await Promise.race([sleep(ms), aborted]);
		} finally {
			signal?.removeEventListener('abort', onAbort);
		}
	},
};

export interface RetryPolicy {
	/** Attempts per item, the first included, not counting throttled ones (bounded by time alone). */
	maxAttempts: number;
	/** No retry starts once this much time has passed since the item's first attempt. */
	maxRetryTimeMs: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** Whether an item's failure may be retried (e.g. throttling, server errors, nothing streamed yet). */
	isRetryable(error: unknown, itemIndex: number): boolean;
	/** Whether a failure means the account is being throttled (then concurrency is lowered). */
	isThrottle(error: unknown): boolean;
}

export interface BatchProgress {
	done: number;
	failed: number;
	retries: number;
	total: number;
}

export interface BatchOptions<T> {
	/** The most items in flight at once; with a retry policy, AIMD lowers and raises it under throttling. */
	concurrency: number;
	/** With false, the first failure cancels the items still in flight and is thrown. */
	continueOnFail: boolean;
	/** The execution's cancel signal. */
	signal?: AbortSignal;
	retry?: RetryPolicy;
	clock?: BatchClock;
	/** Called as each item finishes, in completion order. */
	onItemDone?(itemIndex: number, outcome: ItemOutcome<T>, progress: BatchProgress): void;
	/**
	 * Asked before each item starts: an error to fail the item with instead of running it (e.g. a
	 * token cap reached), or undefined to run it.
	 */
	refuseItem?(itemIndex: number): Error | undefined;
}

export interface BatchResult<T> {
	outcomes: Array<ItemOutcome<T>>;
	progress: BatchProgress;
	concurrency: ConcurrencyController['stats'];
}

/** Full-jitter exponential backoff: a random wait up to base × 2^(attempt-1), capped. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(random() * ceiling);
}

/**
 * Runs `worker` for items 0..count-1 and returns their outcomes in item order. At most `concurrency`
 * items are in flight; each worker gets a signal that aborts when the execution is cancelled or
 * (without Continue On Fail) when another item has failed for good.
 */
export async function runBatch<T>(
	count: number,
	options: BatchOptions<T>,
	worker: (index: number, signal: AbortSignal, attempt: number) => Promise<T>,
): Promise<BatchResult<T>> {
	const clock = options.clock ?? systemClock;
	const outcomes: Array<ItemOutcome<T>> = new Array<ItemOutcome<T>>(count);
	const controller = new ConcurrencyController(Math.max(1, options.concurrency));
	const progress: BatchProgress = { done: 0, failed: 0, retries: 0, total: count };
	const batchAbort = new AbortController();
	// Every request in flight and every lane waiting for a slot listens on this signal.
	setMaxListeners(Math.max(options.concurrency * 2 + 10, 20), batchAbort.signal);
	const onCancel = () => batchAbort.abort(options.signal?.reason);
	if (options.signal?.aborted) onCancel();
	options.signal?.addEventListener('abort', onCancel, { once: true });

	let firstFailure: { error: unknown } | undefined;

	const finish = (itemIndex: number, outcome: ItemOutcome<T>) => {
		outcomes[itemIndex] = outcome;
		progress.done++;
		if (!outcome.ok) progress.failed++;
		options.onItemDone?.(itemIndex, outcome, { ...progress });
		if (!outcome.ok && !options.continueOnFail && !firstFailure) {
			firstFailure = { error: outcome.error };
			batchAbort.abort(outcome.error);
		}
	};

	const runItem = async (itemIndex: number) => {
		const refusal = options.refuseItem?.(itemIndex);
		if (refusal) return finish(itemIndex, { ok: false, error: refusal });
		const startedAt = clock.now();
		// Throttling says "not now", not "this item fails": throttled attempts are bounded by the
		// retry time alone; other failures also by the number of attempts.
		let failedAttempts = 0;
		for (let attempt = 1; ; attempt++) {
			const ticket = await controller.acquire(batchAbort.signal);
			if (!ticket) return finish(itemIndex, { ok: false, error: batchAbort.signal.reason });
			try {
				const value = await worker(itemIndex, batchAbort.signal, attempt);
				controller.release(ticket, 'success');
				return finish(itemIndex, { ok: true, value });
			} catch (error) {
				const retry = options.retry;
				const throttled = retry?.isThrottle(error) ?? false;
				controller.release(ticket, throttled ? 'throttled' : 'failed');
				if (!throttled) failedAttempts++;
				const mayRetry =
					retry !== undefined &&
					!batchAbort.signal.aborted &&
					failedAttempts < retry.maxAttempts &&
					retry.isRetryable(error, itemIndex);
				const delay = mayRetry ? backoffDelay(attempt, retry, clock.random) : 0;
				if (!mayRetry || clock.now() + delay - startedAt > retry.maxRetryTimeMs) {
					return finish(itemIndex, { ok: false, error });
				}
				progress.retries++;
				try {
					await clock.sleep(delay, batchAbort.signal);
				} catch {
					return finish(itemIndex, { ok: false, error });
				}
			}
		}
	};

	// Lanes pull items in input order; the controller decides how many of them may send at once.
	let next = 0;
	const lane = async () => {
		while (next < count && !batchAbort.signal.aborted) {
			await runItem(next++);
		}
	};
	const laneCount = Math.max(1, Math.min(options.concurrency, count));
	try {
		await Promise.all(Array.from({ length: laneCount }, lane));
	} finally {
		options.signal?.removeEventListener('abort', onCancel);
	}
	if (firstFailure) throw firstFailure.error;
	if (options.signal?.aborted) {
		throw options.signal.reason ?? new Error('The execution was cancelled');
	}
	return { outcomes, progress, concurrency: controller.stats };
}
