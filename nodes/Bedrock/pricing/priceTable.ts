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
	note?: string;
}

export const PRICING_PAGE_URL = 'https://aws.amazon.com/bedrock/pricing/';

/**
 * The month the figures were taken. They are the on-demand figures AWS published for these models
 * as of this month, transcribed from the best-known published list: the live page renders its
 * tables in the browser and could not be read when the table was written, so check it before
 * relying on a figure for billing.
 */
export const PRICING_AS_OF = '2025-10';

// Claude 4.5 models are priced about 10% lower through the `global.` profile than through a
// geographic profile or in-region: https://docs.aws.amazon.com/bedrock/latest/userguide/global-cross-region-inference.html
const CLAUDE_45_NOTE =
	'global. profile about 10% cheaper than geographic profiles and in-region calls (AWS global cross-Region inference documentation)';

// Figures from Meta's listing for Asia Pacific (Mumbai), Canada (Central) and Europe (London).
const llama3RegionalPremium = (prices: TokenPrices): Record<string, TokenPrices> => ({
	'ap-south-1': prices,
	'ca-central-1': prices,
	'eu-west-2': prices,
});

/**
 * Keyed by the start of the foundation-model ID (no profile prefix, no version suffix needed);
 * the longest matching key wins, so `anthropic.claude-sonnet-4-5` beats `anthropic.claude-sonnet-4-`.
 */
export const PRICE_TABLE: Record<string, PriceEntry> = {
	// Anthropic
	'anthropic.claude-3-haiku': {
		displayName: 'Claude 3 Haiku',
		regions: { us: { inputPer1k: 0.00025, outputPer1k: 0.00125 } },
	},
	'anthropic.claude-3-sonnet': {
		displayName: 'Claude 3 Sonnet',
		regions: { us: { inputPer1k: 0.003, outputPer1k: 0.015 } },
	},
	'anthropic.claude-3-opus': {
		displayName: 'Claude 3 Opus',
		regions: { us: { inputPer1k: 0.015, outputPer1k: 0.075 } },
	},
	'anthropic.claude-3-5-haiku': {
		displayName: 'Claude 3.5 Haiku',
		regions: {
			us: {
				inputPer1k: 0.0008,
				outputPer1k: 0.004,
				cacheWritePer1k: 0.001,
				cacheReadPer1k: 0.00008,
			},
		},
	},
	'anthropic.claude-3-5-sonnet': {
		displayName: 'Claude 3.5 Sonnet (v1 and v2)',
		regions: { us: { inputPer1k: 0.003, outputPer1k: 0.015 } },
		note: 'AWS lists higher "extended access" prices for Claude 3.5 Sonnet once it passes its end-of-life date',
	},
	'anthropic.claude-3-7-sonnet': {
		displayName: 'Claude 3.7 Sonnet',
		regions: {
			us: {
				inputPer1k: 0.003,
				outputPer1k: 0.015,
				cacheWritePer1k: 0.00375,
				cacheReadPer1k: 0.0003,
			},
		},
	},
	'anthropic.claude-sonnet-4-': {
		displayName: 'Claude Sonnet 4',
		regions: {
			us: {
				inputPer1k: 0.003,
				outputPer1k: 0.015,
				cacheWritePer1k: 0.00375,
				cacheReadPer1k: 0.0003,
			},
		},
		note: 'prompts over 200K tokens (1M-context beta) are billed at higher rates',
	},
	'anthropic.claude-sonnet-4-5': {
		displayName: 'Claude Sonnet 4.5',
		regions: {
			us: {
				inputPer1k: 0.0033,
				outputPer1k: 0.0165,
				cacheWritePer1k: 0.004125,
				cacheReadPer1k: 0.00033,
			},
		},
		globalProfile: {
			inputPer1k: 0.003,
			outputPer1k: 0.015,
			cacheWritePer1k: 0.00375,
			cacheReadPer1k: 0.0003,
		},
		note: CLAUDE_45_NOTE,
	},
	'anthropic.claude-haiku-4-5': {
		displayName: 'Claude Haiku 4.5',
		regions: {
			us: {
				inputPer1k: 0.0011,
				outputPer1k: 0.0055,
				cacheWritePer1k: 0.001375,
				cacheReadPer1k: 0.00011,
			},
		},
		globalProfile: {
			inputPer1k: 0.001,
			outputPer1k: 0.005,
			cacheWritePer1k: 0.00125,
			cacheReadPer1k: 0.0001,
		},
		note: CLAUDE_45_NOTE,
	},
	'anthropic.claude-opus-4-': {
		displayName: 'Claude Opus 4',
		regions: {
			us: {
				inputPer1k: 0.015,
				outputPer1k: 0.075,
				cacheWritePer1k: 0.01875,
				cacheReadPer1k: 0.0015,
			},
		},
	},
	'anthropic.claude-opus-4-1': {
		displayName: 'Claude Opus 4.1',
		regions: {
			us: {
				inputPer1k: 0.015,
				outputPer1k: 0.075,
				cacheWritePer1k: 0.01875,
				cacheReadPer1k: 0.0015,
			},
		},
	},
	'anthropic.claude-opus-4-5': {
		displayName: 'Claude Opus 4.5',
		regions: {
			us: {
				inputPer1k: 0.0055,
				outputPer1k: 0.0275,
				cacheWritePer1k: 0.006875,
				cacheReadPer1k: 0.00055,
			},
		},
		globalProfile: {
			inputPer1k: 0.005,
			outputPer1k: 0.025,
			cacheWritePer1k: 0.00625,
			cacheReadPer1k: 0.0005,
		},
		note: CLAUDE_45_NOTE,
	},

	// Meta
	'meta.llama3-8b-instruct': {
		displayName: 'Llama 3 8B Instruct',
		regions: {
			us: { inputPer1k: 0.0003, outputPer1k: 0.0006 },
			...llama3RegionalPremium({ inputPer1k: 0.00036, outputPer1k: 0.00072 }),
		},
	},
	'meta.llama3-70b-instruct': {
		displayName: 'Llama 3 70B Instruct',
		regions: {
			us: { inputPer1k: 0.00265, outputPer1k: 0.0035 },
			...llama3RegionalPremium({ inputPer1k: 0.00318, outputPer1k: 0.0042 }),
		},
	},
	'meta.llama3-1-8b-instruct': {
		displayName: 'Llama 3.1 8B Instruct',
		regions: { us: { inputPer1k: 0.00022, outputPer1k: 0.00022 } },
	},
	'meta.llama3-1-70b-instruct': {
		displayName: 'Llama 3.1 70B Instruct',
		regions: { us: { inputPer1k: 0.00072, outputPer1k: 0.00072 } },
	},
	'meta.llama3-1-405b-instruct': {
		displayName: 'Llama 3.1 405B Instruct',
		regions: { us: { inputPer1k: 0.0024, outputPer1k: 0.0024 } },
	},
	'meta.llama3-2-1b-instruct': {
		displayName: 'Llama 3.2 1B Instruct',
		regions: { us: { inputPer1k: 0.0001, outputPer1k: 0.0001 } },
	},
	'meta.llama3-2-3b-instruct': {
		displayName: 'Llama 3.2 3B Instruct',
		regions: { us: { inputPer1k: 0.00015, outputPer1k: 0.00015 } },
	},
	'meta.llama3-2-11b-instruct': {
		displayName: 'Llama 3.2 11B Vision Instruct',
		regions: { us: { inputPer1k: 0.00016, outputPer1k: 0.00016 } },
	},
	'meta.llama3-2-90b-instruct': {
		displayName: 'Llama 3.2 90B Vision Instruct',
		regions: { us: { inputPer1k: 0.00072, outputPer1k: 0.00072 } },
	},
	'meta.llama3-3-70b-instruct': {
		displayName: 'Llama 3.3 70B Instruct',
		regions: { us: { inputPer1k: 0.00072, outputPer1k: 0.00072 } },
	},
	'meta.llama4-scout-17b-instruct': {
		displayName: 'Llama 4 Scout 17B Instruct',
		regions: { us: { inputPer1k: 0.00017, outputPer1k: 0.00066 } },
	},
	'meta.llama4-maverick-17b-instruct': {
		displayName: 'Llama 4 Maverick 17B Instruct',
		regions: { us: { inputPer1k: 0.00024, outputPer1k: 0.00097 } },
	},

	// Mistral AI
	'mistral.mistral-7b-instruct': {
		displayName: 'Mistral 7B Instruct',
		regions: { us: { inputPer1k: 0.00015, outputPer1k: 0.0002 } },
	},
	'mistral.mixtral-8x7b-instruct': {
		displayName: 'Mixtral 8x7B Instruct',
		regions: { us: { inputPer1k: 0.00045, outputPer1k: 0.0007 } },
	},
	'mistral.mistral-large-2402': {
		displayName: 'Mistral Large (24.02)',
		regions: { us: { inputPer1k: 0.004, outputPer1k: 0.012 } },
	},
	'mistral.mistral-large-2407': {
		displayName: 'Mistral Large 2 (24.07)',
		regions: { us: { inputPer1k: 0.002, outputPer1k: 0.006 } },
	},
	'mistral.mistral-small-2402': {
		displayName: 'Mistral Small (24.02)',
		regions: { us: { inputPer1k: 0.001, outputPer1k: 0.003 } },
	},
	'mistral.pixtral-large-2502': {
		displayName: 'Pixtral Large (25.02)',
		regions: { us: { inputPer1k: 0.002, outputPer1k: 0.006 } },
	},

	// Amazon
	'amazon.titan-text-lite': {
		displayName: 'Titan Text G1 - Lite',
		regions: { us: { inputPer1k: 0.00015, outputPer1k: 0.0002 } },
	},
	'amazon.titan-text-express': {
		displayName: 'Titan Text G1 - Express',
		regions: { us: { inputPer1k: 0.0002, outputPer1k: 0.0006 } },
	},
	'amazon.titan-text-premier': {
		displayName: 'Titan Text G1 - Premier',
		regions: { us: { inputPer1k: 0.0005, outputPer1k: 0.0015 } },
	},
	// Nova bills cache writes at the normal input price and cache reads at a 75% discount.
	'amazon.nova-micro': {
		displayName: 'Nova Micro',
		regions: {
			us: {
				inputPer1k: 0.000035,
				outputPer1k: 0.00014,
				cacheWritePer1k: 0.000035,
				cacheReadPer1k: 0.00000875,
			},
		},
	},
	'amazon.nova-lite': {
		displayName: 'Nova Lite',
		regions: {
			us: {
				inputPer1k: 0.00006,
				outputPer1k: 0.00024,
				cacheWritePer1k: 0.00006,
				cacheReadPer1k: 0.000015,
			},
		},
	},
	'amazon.nova-pro': {
		displayName: 'Nova Pro',
		regions: {
			us: {
				inputPer1k: 0.0008,
				outputPer1k: 0.0032,
				cacheWritePer1k: 0.0008,
				cacheReadPer1k: 0.0002,
			},
		},
	},
	'amazon.nova-premier': {
		displayName: 'Nova Premier',
		regions: {
			us: {
				inputPer1k: 0.0025,
				outputPer1k: 0.0125,
				cacheWritePer1k: 0.0025,
				cacheReadPer1k: 0.000625,
			},
		},
	},
	'amazon.titan-embed-text-v1': {
		displayName: 'Titan Embeddings G1 - Text',
		regions: { us: { inputPer1k: 0.0001, outputPer1k: 0 } },
	},
	'amazon.titan-embed-text-v2': {
		displayName: 'Titan Text Embeddings V2',
		regions: { us: { inputPer1k: 0.00002, outputPer1k: 0 } },
	},

	// Cohere
	'cohere.command-r-v1': {
		displayName: 'Command R',
		regions: { us: { inputPer1k: 0.0005, outputPer1k: 0.0015 } },
	},
	'cohere.command-r-plus-v1': {
		displayName: 'Command R+',
		regions: { us: { inputPer1k: 0.003, outputPer1k: 0.015 } },
	},
	'cohere.embed-english-v3': {
		displayName: 'Embed English v3',
		regions: { us: { inputPer1k: 0.0001, outputPer1k: 0 } },
	},
	'cohere.embed-multilingual-v3': {
		displayName: 'Embed Multilingual v3',
		regions: { us: { inputPer1k: 0.0001, outputPer1k: 0 } },
	},

	// AI21 Labs
	'ai21.jamba-1-5-large': {
		displayName: 'Jamba 1.5 Large',
		regions: { us: { inputPer1k: 0.002, outputPer1k: 0.008 } },
	},
	'ai21.jamba-1-5-mini': {
		displayName: 'Jamba 1.5 Mini',
		regions: { us: { inputPer1k: 0.0002, outputPer1k: 0.0004 } },
	},

	// DeepSeek
	'deepseek.r1': {
		displayName: 'DeepSeek-R1',
		regions: { us: { inputPer1k: 0.00135, outputPer1k: 0.0054 } },
	},

	// OpenAI
	'openai.gpt-oss-20b': {
		displayName: 'gpt-oss-20b',
		regions: { us: { inputPer1k: 0.00007, outputPer1k: 0.0003 } },
	},
	'openai.gpt-oss-120b': {
		displayName: 'gpt-oss-120b',
		regions: { us: { inputPer1k: 0.00015, outputPer1k: 0.0006 } },
	},
};
