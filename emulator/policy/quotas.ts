import { BedrockError, MESSAGES } from '../errors';
import type { QuotaOptions } from '../options';

const WINDOW_MS = 60_000;

/** The quota key of the account-wide quota (`options.quota`); per-model quotas use the base model ID. */
export const ACCOUNT_QUOTA = '*';

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
