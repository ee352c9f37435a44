/**
 * The figures of a queue-mode run, from what the processes left behind: the executions stored in
 * the shared database, each worker's log (which executions it ran) and the emulator's request log
 * (whose requests it admitted, by the SDK application ID each worker's clients carry).
 */
import type { ClientStats } from '../../bench/emulatorProcess';
import type { StoredExecution } from '../e2e/n8nApp';

const WINDOW_MS = 60_000;

export interface ItemOutcome {
	items: number;
	succeeded: number;
	/** Error items (Continue On Fail) plus items without any output. */
	lost: number;
	errorCodes: Record<string, number>;
}

/** Items of `nodeName` over executions that each received `itemsPerExecution` items. */
export function itemOutcome(
	executions: StoredExecution[],
	nodeName: string,
	itemsPerExecution: number,
): ItemOutcome {
	const errorCodes: Record<string, number> = {};
	let succeeded = 0;
	for (const execution of executions) {
		for (const json of execution.result.items(nodeName)) {
			const error = json.error as { code?: unknown } | undefined;
			if (error) {
				const code = String(error.code ?? 'unknown');
				errorCodes[code] = (errorCodes[code] ?? 0) + 1;
			} else if (typeof json.text === 'string') {
				succeeded++;
			}
		}
	}
	const items = executions.length * itemsPerExecution;
	return { items, succeeded, lost: items - succeeded, errorCodes };
}

export interface WorkerShare {
	name: string;
	executions: number;
	requests: number;
	/** Requests the quota admitted. */
	accepted: number;
	quotaThrottled: number;
}

export interface LoadFigures {
	outcome: ItemOutcome;
	wallMs: number;
	workers: WorkerShare[];
	/** Converse requests from clients that are no worker (the main, or none at all). */
	otherRequests: number;
	accepted: number;
	quotaThrottled: number;
	/** Accepted requests per minute ÷ the quota, over the whole run (as the bench reports it). */
	quotaShare: number;
	/** The least time the sliding window allows for this many accepted requests. */
	windowBoundMs: number;
	/** That least time ÷ the wall time: the share of the quota's capacity used (the bench's measure). */
	capacityShare: number;
	/** The smallest worker's accepted requests ÷ the largest's (1 = an even split). */
	evenness: number;
}

export function loadFigures(options: {
	outcome: ItemOutcome;
	wallMs: number;
	requestsPerMinute: number;
	/** Worker names with the execution IDs each ran and its SDK application ID. */
	workers: Array<{ name: string; appId: string; executions: string[] }>;
	clients: Record<string, ClientStats>;
}): LoadFigures {
	const workerIds = new Set(options.workers.map((worker) => worker.appId));
	const workers = options.workers.map((worker): WorkerShare => {
		const stats = options.clients[worker.appId];
		return {
			name: worker.name,
			executions: worker.executions.length,
			requests: stats?.requests ?? 0,
			accepted: stats?.accepted ?? 0,
			quotaThrottled: stats?.quotaThrottled ?? 0,
		};
	});
	const otherRequests = Object.entries(options.clients)
		.filter(([appId]) => !workerIds.has(appId))
		.reduce((sum, [, stats]) => sum + stats.requests, 0);
	const accepted = workers.reduce((sum, worker) => sum + worker.accepted, 0);
	const quotaThrottled = workers.reduce((sum, worker) => sum + worker.quotaThrottled, 0);
	const acceptedPerMinute = accepted / (options.wallMs / WINDOW_MS);
	const shares = workers.map((worker) => worker.accepted);
	// A sliding window admits a whole quota at once, then the next one a window later.
	const windowBoundMs =
		Math.floor(Math.max(0, accepted - 1) / options.requestsPerMinute) * WINDOW_MS;
	return {
		outcome: options.outcome,
		wallMs: options.wallMs,
		workers,
		otherRequests,
		accepted,
		quotaThrottled,
		quotaShare: acceptedPerMinute / options.requestsPerMinute,
		windowBoundMs,
		capacityShare: windowBoundMs / options.wallMs,
		evenness: Math.max(...shares) > 0 ? Math.min(...shares) / Math.max(...shares) : 0,
	};
}

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

export function formatLoadFigures(
	figures: LoadFigures,
	scenario: { executions: number; itemsPerExecution: number; requestsPerMinute: number },
): string {
	const { outcome } = figures;
	const perWorker = figures.workers
		.map(
			(worker) =>
				`${worker.name}: ${worker.executions} executions, ${worker.accepted} accepted, ${worker.quotaThrottled} quota 429s`,
		)
		.join('; ');
	return [
		`queue mode load: ${scenario.executions} executions × ${scenario.itemsPerExecution} items at once`,
		`  items succeeded: ${outcome.succeeded} / ${outcome.items}`,
		`  items lost (error items + missing): ${outcome.lost} ${JSON.stringify(outcome.errorCodes)}`,
		`  executions per worker: ${figures.workers.map((worker) => `${worker.name} ${worker.executions}`).join(', ')}`,
		`  wall: ${seconds(figures.wallMs)}`,
		`  accepted requests, all workers: ${figures.accepted} (the sliding window allows them in ≥ ${seconds(figures.windowBoundMs)})`,
		`  share of the quota's capacity used, all workers (window-bound time ÷ wall): ${Math.round(figures.capacityShare * 100)} %`,
		`  accepted/min ÷ ${scenario.requestsPerMinute}, all workers: ${figures.quotaShare.toFixed(2)}× (inflated by the sliding window on a run just over a minute)`,
		`  per worker: ${perWorker}`,
		`  evenness (smallest ÷ largest worker's accepted): ${figures.evenness.toFixed(2)}`,
		`  quota 429s per accepted request: ${(figures.quotaThrottled / Math.max(1, figures.accepted)).toFixed(1)}`,
		`  requests from the main: ${figures.otherRequests}`,
	].join('\n');
}
