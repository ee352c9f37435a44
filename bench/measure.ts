import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export function median(values: number[]): number {
	return percentile(values, 50);
}

/** The nearest-rank percentile of `values` (0..100). */
export function percentile(values: number[], rank: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const index = Math.min(
		sorted.length - 1,
		Math.max(0, Math.ceil((rank / 100) * sorted.length) - 1),
	);
	return sorted[index];
}

export async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
	const started = performance.now();
	const result = await run();
	return { ms: performance.now() - started, result };
}

/** Milliseconds since the epoch with sub-millisecond resolution, comparable across processes. */
export const wallClock = () => performance.timeOrigin + performance.now();

let collectGarbage: (() => void) | undefined;

/** Full garbage collections, so that a memory baseline holds only live objects. */
export function settleHeap(): void {
	if (!collectGarbage) {
		setFlagsFromString('--expose-gc');
		collectGarbage = runInNewContext('gc') as () => void;
	}
	collectGarbage();
	collectGarbage();
}

export interface MemoryPeak {
	rssBytes: number;
	heapUsedBytes: number;
	samples: number;
}

/** Samples rss and heapUsed every few milliseconds (and at start and stop) and keeps the peaks. */
export class MemorySampler {
	private readonly peak: MemoryPeak = { rssBytes: 0, heapUsedBytes: 0, samples: 0 };

	private timer?: NodeJS.Timeout;

	start(intervalMs = 5): void {
		this.sample();
		this.timer = setInterval(() => this.sample(), intervalMs);
	}

	stop(): MemoryPeak {
		clearInterval(this.timer);
		this.sample();
		return { ...this.peak };
	}

	private sample(): void {
		const usage = process.memoryUsage();
		this.peak.rssBytes = Math.max(this.peak.rssBytes, usage.rss);
		this.peak.heapUsedBytes = Math.max(this.peak.heapUsedBytes, usage.heapUsed);
		this.peak.samples++;
	}
}

export const MB = 1024 * 1024;
