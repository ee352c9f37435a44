import type { LatencyOption } from '../options';

export function pickLatency(option: LatencyOption | undefined, random: () => number): number {
	if (option === undefined) return 0;
	if (typeof option === 'number') return Math.max(0, option);
	return Math.max(0, option.min + random() * (option.max - option.min));
}

/** A delay that does not keep the process alive by itself: the listening server does that. */
export function sleep(ms: number): Promise<void> {
	return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms).unref()) : Promise.resolve();
}

/** Waits for a configured latency (a fixed delay or a range drawn from `random`). */
export function delay(option: LatencyOption | undefined, random: () => number): Promise<void> {
	return sleep(pickLatency(option, random));
}
