export type ItemOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface BatchOptions {
	concurrency: number;
	/** With false, the first failure cancels the items still in flight and is thrown. */
	continueOnFail: boolean;
	/** The execution's cancel signal. */
	signal?: AbortSignal;
}

/**
 * Runs `worker` for items 0..count-1, at most `concurrency` at a time, and returns their outcomes in
 * item order. Each worker gets a signal that aborts when the execution is cancelled, or (without
 * Continue On Fail) when another item has failed.
 */
export async function runBatch<T>(
	count: number,
	options: BatchOptions,
	worker: (index: number, signal: AbortSignal) => Promise<T>,
): Promise<Array<ItemOutcome<T>>> {
	const outcomes: Array<ItemOutcome<T>> = new Array<ItemOutcome<T>>(count);
	const batchAbort = new AbortController();
	const onCancel = () => batchAbort.abort(options.signal?.reason);
	if (options.signal?.aborted) onCancel();
	options.signal?.addEventListener('abort', onCancel, { once: true });

	let next = 0;
	let firstFailure: { error: unknown } | undefined;

	const lane = async () => {
		while (next < count && !batchAbort.signal.aborted) {
			const index = next++;
			try {
				outcomes[index] = { ok: true, value: await worker(index, batchAbort.signal) };
			} catch (error) {
				outcomes[index] = { ok: false, error };
				if (!options.continueOnFail && !firstFailure) {
					firstFailure = { error };
					batchAbort.abort(error);
				}
			}
		}
	};

	const lanes = Math.max(1, Math.min(options.concurrency, count));
	try {
		await Promise.all(Array.from({ length: lanes }, lane));
	} finally {
		options.signal?.removeEventListener('abort', onCancel);
	}
	if (firstFailure) throw firstFailure.error;
	if (options.signal?.aborted)
		throw options.signal.reason ?? new Error('The execution was cancelled');
	return outcomes;
}
