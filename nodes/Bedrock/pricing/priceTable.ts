/** USD per 1,000 tokens. */
export interface TokenPrices {
	inputPer1k: number;
	outputPer1k: number;
	/** Prompt-cache hits, where the model has prompt caching. */
	cacheReadPer1k?: number;
	/** Prompt-cache writes (5-minute TTL for Claude), where the model has prompt caching. */
	cacheWritePer1k?: number;
}

export interface PriceEntry {
	displayName: string;
	/**
	 * On-demand prices by region key: `us` (US East N. Virginia, US East Ohio, US West Oregon) is
	 * always present; a specific region (`eu-west-2`) or group (`eu`) is listed only where AWS
	 * publishes a different figure for it.
	 */
	regions: { us: TokenPrices } & Record<string, TokenPrices>;
	/** Prices of the `global.` cross-region inference profile, where they differ from the regional ones. */
	globalProfile?: TokenPrices;
	/**
	 * Batch inference prices in the `us` regions, only where AWS lists a figure other than
	 * `BATCH_PRICE_RATIO` times the on-demand one.
	 */
	batch?: TokenPrices;
	note?: string;
}

/**
 * Batch inference is billed at half the on-demand price for the models that support it, as the
 * pricing page's batch columns show ("50% lower price than on-demand").
 */
export const BATCH_PRICE_RATIO = 0.5;

export const PRICING_PAGE_URL = 'https://aws.amazon.com/bedrock/pricing/';

/**
 * The month the figures were taken. They are the on-demand figures AWS published for these models
 * as of this month, transcribed from the best-known published list: the live page renders its
 * tables in the browser and could not be read when the table was written, so check it before
 * relying on a figure for billing.
 */
export const PRICING_AS_OF = '2025-10';
