import type { CacheUsage } from '../converse';

const MAX_ENTRIES = 1000;

/** Prompt-cache prefixes seen (by model + prefix hash), least recently used first. */
export class PromptCache {
	private readonly prefixes = new Map<string, number>();

	/** Records the prefix and says whether it was a cache read or a write. */
	use(prefix: { key: string; tokens: number } | undefined): CacheUsage {
		if (!prefix) return {};
		const { key, tokens } = prefix;
		const seen = this.prefixes.has(key);
		this.prefixes.delete(key);
		this.prefixes.set(key, Date.now());
		if (this.prefixes.size > MAX_ENTRIES)
			this.prefixes.delete(this.prefixes.keys().next().value as string);
		return seen
			? { cacheReadInputTokens: tokens, cacheWriteInputTokens: 0 }
			: { cacheReadInputTokens: 0, cacheWriteInputTokens: tokens };
	}

	clear(): void {
		this.prefixes.clear();
	}
}
