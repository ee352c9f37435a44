import type { BatchClock, RetryPolicy } from '../../../../nodes/Bedrock/transport/batch';
import { backoffDelay, runBatch } from '../../../../nodes/Bedrock/transport/batch';
import { ConcurrencyController } from '../../../../nodes/Bedrock/transport/concurrency';

/** Virtual time: sleeping advances the clock at once, so retries cost no wall-clock time. */
function fakeClock(seed = 1): BatchClock & { slept: number[] } {
	let now = 0;
	let state = seed;
	const slept: number[] = [];
	return {
		slept,
		now: () => now,
		random: () => {
			state = (state * 48271) % 2147483647;
			return state / 2147483647;
		},
		sleep: async (ms) => {
			slept.push(ms);
			now += ms;
			await Promise.resolve();
		},
	};
}

/** Resolves after a few event-loop turns, so items finish out of order. */
async function turns(count: number) {
	for (let index = 0; index < count; index++) await new Promise((resolve) => setImmediate(resolve));
}

class FakeAwsError extends Error {
	constructor(
		readonly code: string,
		readonly retryable: boolean,
	) {
		super(code);
	}
}

const policy: RetryPolicy = {
	maxAttempts: 4,
	maxRetryTimeMs: 60_000,
	baseDelayMs: 100,
	maxDelayMs: 2_000,
	isRetryable: (error) => error instanceof FakeAwsError && error.retryable,
	isThrottle: (error) => error instanceof FakeAwsError && error.code === 'ThrottlingException',
};

describe('runBatch', () => {
	it('returns outcomes in input order whatever order items finish in', async () => {
		const finished: number[] = [];
		const { outcomes } = await runBatch(
			40,
			{ concurrency: 8, continueOnFail: false },
			async (index) => {
				await turns((index * 7) % 5);
				finished.push(index);
				return index * 10;
			},
		);
		expect(finished).not.toEqual([...finished].sort((a, b) => a - b));
		expect(outcomes).toEqual(
			Array.from({ length: 40 }, (_, index) => ({ ok: true, value: index * 10 })),
		);
	});

	it('never has more items in flight than the concurrency', async () => {
		let inFlight = 0;
		let peak = 0;
		await runBatch(30, { concurrency: 5, continueOnFail: false }, async () => {
			peak = Math.max(peak, ++inFlight);
			await turns(2);
			inFlight--;
		});
		expect(peak).toBe(5);
	});

	it('retries retryable failures with backoff and counts the retries', async () => {
		const attempts = new Map<number, number>();
		const clock = fakeClock();
		const { outcomes, progress } = await runBatch(
			5,
			{ concurrency: 2, continueOnFail: false, retry: policy, clock },
			async (index) => {
				const attempt = (attempts.get(index) ?? 0) + 1;
				attempts.set(index, attempt);
				if (index === 2 && attempt < 3) throw new FakeAwsError('InternalServerException', true);
				return attempt;
			},
		);
		expect(outcomes[2]).toEqual({ ok: true, value: 3 });
		expect(progress).toMatchObject({ done: 5, failed: 0, retries: 2 });
		expect(clock.slept).toHaveLength(2);
	});

	it('does not retry what cannot be retried', async () => {
		let calls = 0;
		const { outcomes } = await runBatch(
			1,
			{ concurrency: 1, continueOnFail: true, retry: policy, clock: fakeClock() },
			async () => {
				calls++;
				throw new FakeAwsError('ValidationException', false);
			},
		);
		expect(calls).toBe(1);
		expect(outcomes[0]).toMatchObject({ ok: false });
	});

	it('gives up on failures after max attempts, and on throttling after the retry time', async () => {
		let calls = 0;
		await runBatch(
			1,
			{ concurrency: 1, continueOnFail: true, retry: policy, clock: fakeClock() },
			async () => {
				calls++;
				throw new FakeAwsError('InternalServerException', true);
			},
		);
		expect(calls).toBe(4);

		calls = 0;
		const clock = fakeClock();
		await runBatch(
			1,
			{
				concurrency: 1,
				continueOnFail: true,
				retry: { ...policy, maxAttempts: 2, maxRetryTimeMs: 10_000 },
				clock,
			},
			async () => {
				calls++;
				throw new FakeAwsError('ThrottlingException', true);
			},
		);
		// Throttled attempts do not count against max attempts: only the retry time ends them.
		expect(calls).toBeGreaterThan(2);
		expect(clock.now()).toBeLessThanOrEqual(10_000);
	});

	it('with Continue On Fail, gives exactly one outcome per item under a mix of faults', async () => {
		const clock = fakeClock(7);
		const { outcomes, progress } = await runBatch(
			200,
			{ concurrency: 16, continueOnFail: true, retry: policy, clock },
			async (index, _signal, attempt) => {
				await turns(index % 3);
				const roll = clock.random();
				if (index % 50 === 0) throw new FakeAwsError('ValidationException', false);
				if (roll < 0.1 && attempt < 4) throw new FakeAwsError('ThrottlingException', true);
				if (roll < 0.15 && attempt < 4) throw new FakeAwsError('InternalServerException', true);
				return index;
			},
		);
		expect(outcomes).toHaveLength(200);
		expect(outcomes.filter((outcome) => outcome === undefined)).toHaveLength(0);
		expect(outcomes.filter((outcome) => !outcome.ok)).toHaveLength(4);
		expect(progress.done).toBe(200);
		expect(progress.retries).toBeGreaterThan(0);
	});

	it('without Continue On Fail, stops at the first failure and cancels the items in flight', async () => {
		const aborted: number[] = [];
		const started: number[] = [];
		await expect(
			runBatch(50, { concurrency: 4, continueOnFail: false }, async (index, signal) => {
				started.push(index);
				if (index === 1) throw new FakeAwsError('ValidationException', false);
				await new Promise<void>((resolve) => {
					signal.addEventListener('abort', () => {
						aborted.push(index);
						resolve();
					});
				});
			}),
		).rejects.toThrow('ValidationException');
		expect(aborted.sort()).toEqual([0, 2, 3]);
		expect(started).toHaveLength(4);
	});

	it('stops when the execution is cancelled, aborting work in flight', async () => {
		const cancel = new AbortController();
		const aborted: number[] = [];
		const running = runBatch(
			20,
			{ concurrency: 3, continueOnFail: true, signal: cancel.signal },
			async (index, signal) => {
				await new Promise<void>((resolve) =>
					signal.addEventListener('abort', () => {
						aborted.push(index);
						resolve();
					}),
				);
			},
		);
		await turns(2);
		cancel.abort(new Error('cancelled by the user'));
		await expect(running).rejects.toThrow('cancelled by the user');
		expect(aborted.sort()).toEqual([0, 1, 2]);
	});

	it('refuses items when asked to (a batch cap), failing them without running them', async () => {
		let ran = 0;
		const { outcomes } = await runBatch(
			10,
			{
				concurrency: 1,
				continueOnFail: true,
				refuseItem: (index) => (index >= 6 ? new Error('cap reached') : undefined),
			},
			async () => {
				ran++;
			},
		);
		expect(ran).toBe(6);
		expect(outcomes.slice(6).every((outcome) => !outcome.ok)).toBe(true);
	});

	it('lowers concurrency when throttled and recovers as calls succeed', async () => {
		const clock = fakeClock(3);
		let inFlight = 0;
		const peaks: number[] = [];
		let throttleUntil = 40;
		let started = 0;
		const { concurrency } = await runBatch(
			200,
			{ concurrency: 16, continueOnFail: true, retry: { ...policy, maxAttempts: 10 }, clock },
			async () => {
				started++;
				peaks.push(++inFlight);
				await turns(1);
				inFlight--;
				if (started < throttleUntil && inFlight >= 4)
					throw new FakeAwsError('ThrottlingException', true);
				return 'ok';
			},
		);
		throttleUntil = 0;
		expect(concurrency.decreases).toBeGreaterThan(0);
		expect(concurrency.lowestLimit).toBeLessThan(16);
		expect(concurrency.limit).toBeGreaterThan(concurrency.lowestLimit);
		expect(Math.max(...peaks.slice(-20))).toBeGreaterThan(concurrency.lowestLimit);
	});
});

describe('ConcurrencyController', () => {
	it('halves once per cohort of throttled requests, then adds about one per round of successes', async () => {
		const controller = new ConcurrencyController(16);
		const cohort = await Promise.all(Array.from({ length: 16 }, () => controller.acquire()));
		for (const ticket of cohort) controller.release(ticket!, 'throttled');
		expect(controller.stats).toMatchObject({ limit: 8, decreases: 1 });

		for (let round = 0; round < 4; round++) {
			const tickets = await Promise.all(
				Array.from({ length: controller.limit }, () => controller.acquire()),
			);
			for (const ticket of tickets) controller.release(ticket!, 'success');
		}
		expect(controller.limit).toBeGreaterThanOrEqual(11);
		expect(controller.limit).toBeLessThanOrEqual(12);
	});

	it('never goes below the minimum or above the maximum', async () => {
		const controller = new ConcurrencyController(4);
		for (let index = 0; index < 10; index++)
			controller.release((await controller.acquire())!, 'throttled');
		expect(controller.limit).toBe(1);
		for (let index = 0; index < 100; index++)
			controller.release((await controller.acquire())!, 'success');
		expect(controller.limit).toBe(4);
	});
});

describe('backoffDelay', () => {
	it('is full jitter under an exponentially growing, capped ceiling', () => {
		expect(backoffDelay(1, policy, () => 1)).toBe(100);
		expect(backoffDelay(3, policy, () => 1)).toBe(400);
		expect(backoffDelay(10, policy, () => 1)).toBe(2000);
		expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
	});
});
