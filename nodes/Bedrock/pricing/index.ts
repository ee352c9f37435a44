import { detectFamily, families } from '../families/registry';
import type { FamilyPrices, ModelFamily } from '../families/types';
import { arnRegion, parseModelId } from '../models/modelId';
import type { PriceEntry, TokenPrices } from './priceTable';
import { BATCH_PRICE_RATIO, PRICING_AS_OF, PRICING_PAGE_URL } from './priceTable';

export type { PriceEntry, TokenPrices } from './priceTable';
export { BATCH_PRICE_RATIO, PRICING_AS_OF, PRICING_PAGE_URL } from './priceTable';

/** On-demand calls, or batch inference jobs (half price for the models that have them). */
export type PricingTier = 'onDemand' | 'batch';

/** Every family's prices in one table, keyed by the start of the foundation-model ID. */
export const PRICE_TABLE: FamilyPrices = Object.assign(
	{},
	...(families as readonly ModelFamily[]).map((family) => family.prices ?? {}),
) as FamilyPrices;

export interface ModelPrice extends TokenPrices {
	/** The price-table key that matched, e.g. `anthropic.claude-3-5-haiku`. */
	modelKey: string;
	displayName: string;
	/** Which figures were used: `us`, a region or group key of the table, or `global` (the `global.` profile). */
	pricedAs: string;
	/** True when the table has no figure for the requested region and the US figure stands in for it. */
	regionApproximate: boolean;
	/** Public page the figure comes from. */
	source: string;
	/** Month the figure was taken, `YYYY-MM`. */
	asOf: string;
	note?: string;
}

export interface CostEstimateInput {
	modelId: string;
	region: string;
	inputTokens: number;
	outputTokens: number;
	cacheReadInputTokens?: number;
	cacheWriteInputTokens?: number;
	/** A price the user set; wins over the table. Cache tokens are then billed at `inputPer1k`. */
	override?: { inputPer1k: number; outputPer1k: number };
	/** Default `onDemand`. */
	tier?: PricingTier;
}

export interface CostEstimate {
	/** Input, cache-read and cache-write tokens together. */
	inputUsd: number;
	outputUsd: number;
	totalUsd: number;
	pricingSource: string;
}

const US_STANDARD_REGIONS = new Set(['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2']);
const DEFAULT_REGION = 'us-east-1';

function regionGroupOf(region: string): string {
	if (US_STANDARD_REGIONS.has(region)) return 'us';
	if (region.startsWith('us-gov-')) return 'us-gov';
	const dash = region.indexOf('-');
	return dash === -1 ? region : region.slice(0, dash);
}

/** The family's entry whose key is the longest start of the (lower-case) foundation-model ID. */
function findEntry(prices: FamilyPrices, baseModelId: string): [string, PriceEntry] | undefined {
	let best: [string, PriceEntry] | undefined;
	for (const [key, entry] of Object.entries(prices)) {
		if (baseModelId.startsWith(key) && (!best || key.length > best[0].length)) {
			best = [key, entry];
		}
	}
	return best;
}

function regionalPrices(
	entry: PriceEntry,
	region: string,
): { prices: TokenPrices; pricedAs: string; regionApproximate: boolean } {
	const exact = entry.regions[region];
	if (exact) return { prices: exact, pricedAs: region, regionApproximate: false };
	const group = regionGroupOf(region);
	const grouped = entry.regions[group];
	if (grouped) return { prices: grouped, pricedAs: group, regionApproximate: false };
	return { prices: entry.regions.us, pricedAs: 'us', regionApproximate: true };
}

/**
 * The on-demand price of a model, called from `region`. Accepts foundation-model IDs, cross-region
 * inference profile IDs (`us.`, `eu.`, `apac.`, `global.` ...) and foundation-model or
 * inference-profile ARNs. AWS bills a cross-region profile at the price of the source region (the
 * region the request is sent to); the `global.` profile has its own, lower price for some models.
 * Returns undefined for unknown models and for ARNs that do not name the model (application
 * inference profiles, provisioned and custom models).
 */
export function findPrice(
	modelId: string,
	region: string,
	tier: PricingTier = 'onDemand',
): ModelPrice | undefined {
	const parsed = parseModelId(modelId);
	if (!parsed.baseModelId) return undefined;
	const family = detectFamily(parsed.baseModelId);
	if (tier === 'batch' && !family?.batchInference?.test(parsed.baseModelId.toLowerCase())) {
		return undefined;
	}
	const prices = family?.prices;
	const match = prices && findEntry(prices, parsed.baseModelId.toLowerCase());
	if (!match) return undefined;
	const [modelKey, entry] = match;
	const sourceRegion = (region || arnRegion(parsed) || DEFAULT_REGION).trim().toLowerCase();

	const chosen =
		parsed.profileScope === 'global' && entry.globalProfile
			? { prices: entry.globalProfile, pricedAs: 'global', regionApproximate: false }
			: regionalPrices(entry, sourceRegion);
	if (tier === 'batch') chosen.prices = batchPrices(entry, chosen);

	return {
		...chosen.prices,
		modelKey,
		displayName: entry.displayName,
		pricedAs: chosen.pricedAs,
		regionApproximate: chosen.regionApproximate,
		source: PRICING_PAGE_URL,
		asOf: PRICING_AS_OF,
		...(entry.note ? { note: entry.note } : {}),
	};
}

/** Batch prices: AWS's own figure where the table has one, else the ratio of the on-demand one. */
function batchPrices(
	entry: PriceEntry,
	chosen: { prices: TokenPrices; pricedAs: string },
): TokenPrices {
	if (entry.batch && chosen.pricedAs === 'us') return { ...entry.batch };
	// Batch jobs have no prompt cache: cache reads and writes are not billed separately.
	return {
		inputPer1k: chosen.prices.inputPer1k * BATCH_PRICE_RATIO,
		outputPer1k: chosen.prices.outputPer1k * BATCH_PRICE_RATIO,
	};
}

function roundUsd(value: number): number {
	return Math.round(value * 1e6) / 1e6;
}

function usdFor(tokens: number | undefined, per1k: number): number {
	return ((tokens ?? 0) * per1k) / 1000;
}

/**
 * Estimated USD cost of a call, rounded to 6 decimals. A custom price (`override`) wins over the
 * table. Cache tokens are billed at the model's cache prices; where the table has none, at the
 * input price. Returns undefined when no price is known for the model.
 */
export function estimateCost(input: CostEstimateInput): CostEstimate | undefined {
	let prices: TokenPrices;
	let pricingSource: string;
	if (input.override) {
		prices = input.override;
		pricingSource = 'custom price';
	} else {
		const price = findPrice(input.modelId, input.region, input.tier);
		if (!price) return undefined;
		prices = price;
		pricingSource = `${price.source} (${price.asOf})`;
		if (input.tier === 'batch') pricingSource += ', batch inference price';
		if (price.regionApproximate) {
			pricingSource += `, US price: no figure for ${input.region} in the table`;
		}
	}

	const inputUsd =
		usdFor(input.inputTokens, prices.inputPer1k) +
		usdFor(input.cacheReadInputTokens, prices.cacheReadPer1k ?? prices.inputPer1k) +
		usdFor(input.cacheWriteInputTokens, prices.cacheWritePer1k ?? prices.inputPer1k);
	const outputUsd = usdFor(input.outputTokens, prices.outputPer1k);
	return {
		inputUsd: roundUsd(inputUsd),
		outputUsd: roundUsd(outputUsd),
		totalUsd: roundUsd(inputUsd + outputUsd),
		pricingSource,
	};
}
