import type { EmulatorOptions } from '../../emulator';
import { startRemoteEmulator } from '../remoteEmulator';
import type { RemoteEmulatorStats } from '../remoteEmulator';
import type { SectionResult } from '../report';
import { figure, ratio } from '../report';
import type { BatchOutcome } from '../workload';
import { inputItems, runConverseNode } from '../workload';

const REQUESTS_PER_MINUTE = 600;
const CONCURRENCY = 16;
const MAX_ATTEMPTS = 20;
const WINDOW_MS = 60_000;

const scenario: Partial<EmulatorOptions> = {
	latencyMs: 100,
	timeToFirstTokenMs: 50,
	chunkDelayMs: 5,
	quota: { requestsPerMinute: REQUESTS_PER_MINUTE },
	faults: {
		throttling: 0.05,
		internalServer: 0.01,
		serviceUnavailable: 0.01,
		dropConnection: 0.01,
		streamFailure: 0.01,
	},
};

interface QuotaRun {
	retryMode: 'aimd' | 'adaptive';
	items: number;
	wallMs: number;
	outcome: BatchOutcome;
	requests: number;
	/** Attempts beyond each item's first. */
	retried: number;
	quotaThrottled: number;
	injectedFaults: Record<string, number>;
	accepted: number;
	acceptedPerMinute: number;
	/** Accepted requests per minute ÷ the quota. */
	quotaShare: number;
	/** The least time the sliding window allows for this many accepted requests ÷ the wall time. */
	windowBoundMs: number;
}

async function runMode(
	retryMode: 'aimd' | 'adaptive',
	items: number,
	seed: number,
): Promise<QuotaRun> {
	const emulator = await startRemoteEmulator({ ...scenario, seed });
	try {
		const run = await runConverseNode({
			url: emulator.url,
			// Every other item streams, so that streams failing half-way are part of the mix.
			input: inputItems(items, (index) => ({ stream: index % 2 === 0 })),
			nodeOptions: {
				concurrency: CONCURRENCY,
				maxAttempts: MAX_ATTEMPTS,
				retryMode,
				stream: '={{ $json.stream }}',
			},
			continueOnFail: true,
		});
		const stats: RemoteEmulatorStats = await emulator.stats();
		const injectedThrottles = stats.faults.throttling ?? 0;
		const quotaThrottled = stats.throttled - injectedThrottles;
		const accepted = stats.converseRequests - quotaThrottled;
		const acceptedPerMinute = accepted / (run.ms / WINDOW_MS);
		// A sliding window admits a full quota at once, then the next one a window later.
		const windowBoundMs = Math.floor(Math.max(0, accepted - 1) / REQUESTS_PER_MINUTE) * WINDOW_MS;
		return {
			retryMode,
			items,
			wallMs: run.ms,
			outcome: run.outcome,
			requests: stats.converseRequests,
			retried: stats.converseRequests - items,
			quotaThrottled,
			injectedFaults: stats.faults,
			accepted,
			acceptedPerMinute,
			quotaShare: acceptedPerMinute / REQUESTS_PER_MINUTE,
			windowBoundMs,
		};
	} finally {
		await emulator.close();
	}
}

export async function quota(quick: boolean): Promise<SectionResult> {
	const items = quick ? 200 : 1000;
	// Both modes at once, each against its own emulator process with its own quota.
	const [aimd, adaptive] = await Promise.all([
		runMode('aimd', items, 11),
		runMode('adaptive', items, 11),
	]);
	const figures = [aimd, adaptive].flatMap((run) => {
		const label = run.retryMode === 'aimd' ? 'AIMD' : 'SDK adaptive';
		const primary = run.retryMode === 'aimd';
		return [
			figure(
				'quota',
				`${label}: succeeded / ${run.items}`,
				run.outcome.succeeded,
				String(run.outcome.succeeded),
			),
			figure(
				'quota',
				`${label}: lost (error items + missing)`,
				run.outcome.lost,
				String(run.outcome.lost),
				{
					text: primary ? '= 0' : '= 0 (comparison)',
					met: (value) => value === 0,
				},
			),
			figure(
				'quota',
				`${label}: retried attempts`,
				run.retried,
				`${run.retried} (${run.quotaThrottled} quota 429s)`,
			),
			figure('quota', `${label}: wall`, run.wallMs, `${(run.wallMs / 1000).toFixed(1)} s`),
			figure(
				'quota',
				`${label}: accepted/min ÷ ${REQUESTS_PER_MINUTE}`,
				run.quotaShare,
				ratio(run.quotaShare),
			),
		];
	});
	const notes = [
		`quota: ${items} items, concurrency ${CONCURRENCY}, max attempts ${MAX_ATTEMPTS}, Continue On Fail, every other item streamed; emulator ${REQUESTS_PER_MINUTE} requests/min (sliding 60 s window), faults 5 % throttling, 2 % server errors, 1 % dropped connections, 1 % of streams failing half-way.`,
		'quota: "accepted" = requests the quota admitted (faults may still have failed them); a sliding window admits a whole minute’s quota at once, so accepted/min can exceed 1× on runs just over a minute.',
		...[aimd, adaptive].map(
			(run) =>
				`quota: ${run.retryMode}: ${run.accepted} accepted in ${(run.wallMs / 1000).toFixed(1)} s, the window allows them in ≥ ${(run.windowBoundMs / 1000).toFixed(0)} s; errors ${JSON.stringify(run.outcome.errorCodes)}; faults ${JSON.stringify(run.injectedFaults)}.`,
		),
	];
	if (quick)
		notes.unshift(
			`quota: --quick: ${items} items stay under the ${REQUESTS_PER_MINUTE}/min quota; only injected faults throttle.`,
		);
	return {
		figures,
		details: { items, quick, scenario, aimd, adaptive },
		notes,
		lostItems: aimd.outcome.lost,
	};
}
