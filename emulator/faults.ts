import { BedrockError, MESSAGES } from './errors';
import type { FaultName, LatencyOption, QuotaOptions } from './options';

/** mulberry32: a small seeded PRNG, so fault injection and latency ranges replay identically. */
export function createRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let value = state;
		value = Math.imul(value ^ (value >>> 15), value | 1);
		value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
		return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
	};
}

export function pickLatency(option: LatencyOption | undefined, random: () => number): number {
	if (option === undefined) return 0;
	if (typeof option === 'number') return Math.max(0, option);
	return Math.max(0, option.min + random() * (option.max - option.min));
}

/** A delay that does not keep the process alive by itself: the listening server does that. */
export function sleep(ms: number): Promise<void> {
	return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms).unref()) : Promise.resolve();
}

const WINDOW_MS = 60_000;

/** Sliding 60-second windows of request times and token usage, per quota key (model). */
export class QuotaWindows {
	private readonly requests = new Map<string, number[]>();
	private readonly tokens = new Map<string, Array<{ at: number; tokens: number }>>();

	/** Throws ThrottlingException when the key is over its quota; otherwise records the request. */
	admit(key: string, quota: QuotaOptions, now = Date.now()): void {
		const since = now - WINDOW_MS;
		const times = (this.requests.get(key) ?? []).filter((at) => at > since);
		const used = (this.tokens.get(key) ?? []).filter((entry) => entry.at > since);
		this.requests.set(key, times);
		this.tokens.set(key, used);
		if (quota.requestsPerMinute !== undefined && times.length >= quota.requestsPerMinute) {
			throw new BedrockError('ThrottlingException', MESSAGES.throttled);
		}
		if (
			quota.tokensPerMinute !== undefined &&
			used.reduce((sum, entry) => sum + entry.tokens, 0) >= quota.tokensPerMinute
		) {
			throw new BedrockError('ThrottlingException', MESSAGES.throttled);
		}
		times.push(now);
	}

	recordTokens(key: string, tokens: number, now = Date.now()): void {
		const used = this.tokens.get(key) ?? [];
		used.push({ at: now, tokens });
		this.tokens.set(key, used);
	}

	clear(): void {
		this.requests.clear();
		this.tokens.clear();
	}
}

/** The error each fault answers with before any response byte is sent. */
export const FAULT_ERRORS: Partial<Record<FaultName, () => BedrockError>> = {
	throttling: () => new BedrockError('ThrottlingException', MESSAGES.throttled),
	internalServer: () => new BedrockError('InternalServerException', MESSAGES.internalServer),
	serviceUnavailable: () =>
		new BedrockError('ServiceUnavailableException', MESSAGES.serviceUnavailable),
	modelTimeout: () => new BedrockError('ModelTimeoutException', MESSAGES.modelTimeout),
	modelNotReady: () => new BedrockError('ModelNotReadyException', MESSAGES.modelNotReady),
	modelError: () => new BedrockError('ModelErrorException', MESSAGES.modelError),
};

/** Faults rolled on every request, in this order; streamFailure is rolled for streams only. */
export const REQUEST_FAULTS: FaultName[] = [
	'dropConnection',
	'throttling',
	'internalServer',
	'serviceUnavailable',
	'modelTimeout',
	'modelNotReady',
	'modelError',
];
