import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { estimateCost } from '../pricing';
import type { PricingTier } from '../pricing';
import type { Usage } from '../types';

export interface PriceOverride {
	inputPer1k: number;
	outputPer1k: number;
}

const priceOptionFields: INodeProperties[] = [
	{
		displayName: 'Custom Input Price (USD per 1K Tokens)',
		name: 'inputPricePer1k',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 6 },
		default: 0,
		description:
			'Your own price for 1,000 input tokens, used instead of the built-in on-demand price table. Set both prices; 0 uses the table.',
	},
	{
		displayName: 'Custom Output Price (USD per 1K Tokens)',
		name: 'outputPricePer1k',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 6 },
		default: 0,
		description:
			'Your own price for 1,000 output tokens, used instead of the built-in on-demand price table',
	},
];

/** Options that set a custom price (negotiated or private pricing): Count Tokens always offers them. */
export const priceOptions: INodeProperties[] = priceOptionFields;

/** The same, offered by Converse and Invoke Model once Include Cost is on. */
export const priceOptionsWithIncludeCost: INodeProperties[] = priceOptionFields.map((field) => ({
	...field,
	displayOptions: { show: { includeCost: [true] } },
}));

/** Adds `cost` to Converse and Invoke outputs when asked to. */
export const includeCostOption: INodeProperties = {
	displayName: 'Include Cost',
	name: 'includeCost',
	type: 'boolean',
	default: false,
	description:
		'Whether to add the estimated cost of the call (from the reported usage, cache reads and writes included) as cost',
};

export function priceOverrideOf(options: IDataObject): PriceOverride | undefined {
	const inputPer1k = Number(options.inputPricePer1k ?? 0);
	const outputPer1k = Number(options.outputPricePer1k ?? 0);
	if (!(inputPer1k > 0 || outputPer1k > 0)) return undefined;
	return { inputPer1k: Math.max(inputPer1k, 0), outputPer1k: Math.max(outputPer1k, 0) };
}

/** The `cost` field of an output: USD from the reported usage, or why there is none. */
export function costOfUsage(
	usage: Usage,
	modelId: string,
	region: string,
	override?: PriceOverride,
	tier: PricingTier = 'onDemand',
): IDataObject {
	const estimate = estimateCost({
		modelId,
		region,
		tier,
		inputTokens: usage.inputTokens,
		outputTokens: usage.outputTokens,
		cacheReadInputTokens: usage.cacheReadInputTokens,
		cacheWriteInputTokens: usage.cacheWriteInputTokens,
		override,
	});
	if (!estimate) {
		return {
			inputUsd: null,
			outputUsd: null,
			totalUsd: null,
			pricingSource:
				tier === 'batch'
					? `no batch price known for ${modelId}`
					: `no price known for ${modelId}: set Custom Input/Output Price in Options`,
		};
	}
	return { ...estimate };
}
