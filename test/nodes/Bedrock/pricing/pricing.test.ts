import {
	estimateCost,
	findPrice,
	PRICE_TABLE,
	PRICING_AS_OF,
	PRICING_PAGE_URL,
} from '../../../../nodes/Bedrock/pricing';

const SOURCE = `${PRICING_PAGE_URL} (${PRICING_AS_OF})`;

describe('the price table', () => {
	it('is dated and names the AWS pricing page', () => {
		expect(PRICING_PAGE_URL).toBe('https://aws.amazon.com/bedrock/pricing/');
		expect(PRICING_AS_OF).toMatch(/^\d{4}-\d{2}$/);
	});

	it.each(Object.entries(PRICE_TABLE))('%s has a US price', (_key, entry) => {
		expect(entry.regions.us.inputPer1k).toBeGreaterThan(0);
		expect(entry.regions.us.outputPer1k).toBeGreaterThanOrEqual(0);
	});
});

describe('findPrice', () => {
	it.each([
		['anthropic.claude-3-haiku-20240307-v1:0', 'Claude 3 Haiku', 0.00025, 0.00125],
		['anthropic.claude-3-5-haiku-20241022-v1:0', 'Claude 3.5 Haiku', 0.0008, 0.004],
		['anthropic.claude-3-5-sonnet-20241022-v2:0', 'Claude 3.5 Sonnet (v1 and v2)', 0.003, 0.015],
		['anthropic.claude-3-7-sonnet-20250219-v1:0', 'Claude 3.7 Sonnet', 0.003, 0.015],
		['anthropic.claude-sonnet-4-20250514-v1:0', 'Claude Sonnet 4', 0.003, 0.015],
		['anthropic.claude-sonnet-4-5-20250929-v1:0', 'Claude Sonnet 4.5', 0.0033, 0.0165],
		['anthropic.claude-opus-4-20250514-v1:0', 'Claude Opus 4', 0.015, 0.075],
		['anthropic.claude-opus-4-1-20250805-v1:0', 'Claude Opus 4.1', 0.015, 0.075],
		['anthropic.claude-haiku-4-5-20251001-v1:0', 'Claude Haiku 4.5', 0.0011, 0.0055],
		['meta.llama3-8b-instruct-v1:0', 'Llama 3 8B Instruct', 0.0003, 0.0006],
		['meta.llama3-1-405b-instruct-v1:0', 'Llama 3.1 405B Instruct', 0.0024, 0.0024],
		['meta.llama3-2-1b-instruct-v1:0', 'Llama 3.2 1B Instruct', 0.0001, 0.0001],
		['meta.llama3-2-11b-instruct-v1:0', 'Llama 3.2 11B Vision Instruct', 0.00016, 0.00016],
		['meta.llama3-3-70b-instruct-v1:0', 'Llama 3.3 70B Instruct', 0.00072, 0.00072],
		['meta.llama4-maverick-17b-instruct-v1:0', 'Llama 4 Maverick 17B Instruct', 0.00024, 0.00097],
		['mistral.mistral-7b-instruct-v0:2', 'Mistral 7B Instruct', 0.00015, 0.0002],
		['mistral.mixtral-8x7b-instruct-v0:1', 'Mixtral 8x7B Instruct', 0.00045, 0.0007],
		['mistral.mistral-large-2402-v1:0', 'Mistral Large (24.02)', 0.004, 0.012],
		['mistral.mistral-small-2402-v1:0', 'Mistral Small (24.02)', 0.001, 0.003],
		['amazon.titan-text-express-v1', 'Titan Text G1 - Express', 0.0002, 0.0006],
		['amazon.titan-text-lite-v1', 'Titan Text G1 - Lite', 0.00015, 0.0002],
		['amazon.titan-text-premier-v1:0', 'Titan Text G1 - Premier', 0.0005, 0.0015],
		['amazon.nova-micro-v1:0', 'Nova Micro', 0.000035, 0.00014],
		['amazon.nova-lite-v1:0', 'Nova Lite', 0.00006, 0.00024],
		['amazon.nova-pro-v1:0', 'Nova Pro', 0.0008, 0.0032],
		['amazon.nova-premier-v1:0', 'Nova Premier', 0.0025, 0.0125],
		['cohere.command-r-v1:0', 'Command R', 0.0005, 0.0015],
		['cohere.command-r-plus-v1:0', 'Command R+', 0.003, 0.015],
		['ai21.jamba-1-5-large-v1:0', 'Jamba 1.5 Large', 0.002, 0.008],
		['ai21.jamba-1-5-mini-v1:0', 'Jamba 1.5 Mini', 0.0002, 0.0004],
		['deepseek.r1-v1:0', 'DeepSeek-R1', 0.00135, 0.0054],
		['openai.gpt-oss-20b-1:0', 'gpt-oss-20b', 0.00007, 0.0003],
		['openai.gpt-oss-120b-1:0', 'gpt-oss-120b', 0.00015, 0.0006],
		['amazon.titan-embed-text-v2:0', 'Titan Text Embeddings V2', 0.00002, 0],
		['cohere.embed-english-v3', 'Embed English v3', 0.0001, 0],
		['cohere.embed-multilingual-v3', 'Embed Multilingual v3', 0.0001, 0],
	])('%s in us-east-1 is %s', (modelId, displayName, inputPer1k, outputPer1k) => {
		expect(findPrice(modelId, 'us-east-1')).toMatchObject({
			displayName,
			inputPer1k,
			outputPer1k,
			pricedAs: 'us',
			regionApproximate: false,
			source: PRICING_PAGE_URL,
			asOf: PRICING_AS_OF,
		});
	});

	it('picks the longest matching key, so Sonnet 4.5 is not priced as Sonnet 4', () => {
		expect(findPrice('anthropic.claude-sonnet-4-5-20250929-v1:0', 'us-east-1')?.modelKey).toBe(
			'anthropic.claude-sonnet-4-5',
		);
		expect(findPrice('anthropic.claude-sonnet-4-20250514-v1:0', 'us-east-1')?.modelKey).toBe(
			'anthropic.claude-sonnet-4-',
		);
		expect(findPrice('anthropic.claude-opus-4-1-20250805-v1:0', 'us-east-1')?.modelKey).toBe(
			'anthropic.claude-opus-4-1',
		);
	});

	it('prices a geographic cross-region profile like its source region', () => {
		const base = findPrice('anthropic.claude-3-7-sonnet-20250219-v1:0', 'us-west-2');
		expect(findPrice('us.anthropic.claude-3-7-sonnet-20250219-v1:0', 'us-west-2')).toEqual(base);
		expect(findPrice('US.anthropic.claude-3-7-sonnet-20250219-v1:0', 'us-east-2')).toEqual(base);
	});

	it('prices the global. profile of Claude 4.5 models at the global figure, 10% below regional', () => {
		expect(
			findPrice('global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'us-east-1'),
		).toMatchObject({ inputPer1k: 0.003, outputPer1k: 0.015, pricedAs: 'global' });
		expect(findPrice('us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'us-east-1')).toMatchObject({
			inputPer1k: 0.0033,
			outputPer1k: 0.0165,
			pricedAs: 'us',
		});
		expect(findPrice('global.anthropic.claude-haiku-4-5-20251001-v1:0', 'eu-west-1')).toMatchObject(
			{ inputPer1k: 0.001, outputPer1k: 0.005, pricedAs: 'global', regionApproximate: false },
		);
	});

	it('prices global. like the source region where the model has no global figure', () => {
		expect(findPrice('global.anthropic.claude-sonnet-4-20250514-v1:0', 'us-east-1')).toMatchObject({
			inputPer1k: 0.003,
			pricedAs: 'us',
		});
	});

	it('uses a region-specific figure where the table has one', () => {
		expect(findPrice('meta.llama3-8b-instruct-v1:0', 'eu-west-2')).toMatchObject({
			inputPer1k: 0.00036,
			outputPer1k: 0.00072,
			pricedAs: 'eu-west-2',
			regionApproximate: false,
		});
	});

	it('falls back to the US figure, flagged, for regions the table does not list', () => {
		expect(findPrice('eu.amazon.nova-pro-v1:0', 'eu-central-1')).toMatchObject({
			inputPer1k: 0.0008,
			pricedAs: 'us',
			regionApproximate: true,
		});
		expect(
			findPrice('apac.anthropic.claude-3-5-sonnet-20240620-v1:0', 'ap-northeast-1'),
		).toMatchObject({ regionApproximate: true });
		expect(findPrice('anthropic.claude-3-haiku-20240307-v1:0', 'us-gov-west-1')).toMatchObject({
			regionApproximate: true,
		});
	});

	it('resolves foundation-model and inference-profile ARNs', () => {
		expect(
			findPrice('arn:aws:bedrock:us-west-2::foundation-model/meta.llama3-70b-instruct-v1:0', ''),
		).toMatchObject({ displayName: 'Llama 3 70B Instruct', inputPer1k: 0.00265, pricedAs: 'us' });
		expect(
			findPrice('arn:aws:bedrock:eu-west-2::foundation-model/meta.llama3-70b-instruct-v1:0', ''),
		).toMatchObject({ inputPer1k: 0.00318, pricedAs: 'eu-west-2' });
		expect(
			findPrice(
				'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0',
				'us-east-1',
			),
		).toMatchObject({ displayName: 'Claude 3.5 Haiku', inputPer1k: 0.0008 });
		expect(
			findPrice(
				'arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0',
				'us-east-1',
			),
		).toMatchObject({ inputPer1k: 0.003, pricedAs: 'global' });
	});

	it('cannot resolve application inference profiles, provisioned or custom models', () => {
		for (const arn of [
			'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6',
			'arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdef123456',
			'arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1:0:8k/xyz',
			'arn:aws:bedrock:us-east-1:123456789012:imported-model/abc123',
		]) {
			expect(findPrice(arn, 'us-east-1')).toBeUndefined();
		}
	});

	it('returns undefined for unknown models', () => {
		expect(findPrice('acme.rocket-v1:0', 'us-east-1')).toBeUndefined();
		expect(findPrice('us.acme.rocket-v1:0', 'us-east-1')).toBeUndefined();
		expect(findPrice('', 'us-east-1')).toBeUndefined();
	});
});

describe('estimateCost', () => {
	it('prices input and output tokens, with the page and date as source', () => {
		expect(
			estimateCost({
				modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
				region: 'us-east-1',
				inputTokens: 1000,
				outputTokens: 500,
			}),
		).toEqual({ inputUsd: 0.0008, outputUsd: 0.002, totalUsd: 0.0028, pricingSource: SOURCE });
	});

	it('rounds to 6 decimals', () => {
		expect(
			estimateCost({
				modelId: 'amazon.nova-micro-v1:0',
				region: 'us-east-1',
				inputTokens: 12_345,
				outputTokens: 0,
			}),
		).toMatchObject({ inputUsd: 0.000432, outputUsd: 0, totalUsd: 0.000432 });
	});

	it('bills cache reads and writes at their own prices', () => {
		expect(
			estimateCost({
				modelId: 'us.anthropic.claude-3-7-sonnet-20250219-v1:0',
				region: 'us-east-1',
				inputTokens: 1000,
				outputTokens: 1000,
				cacheReadInputTokens: 2000,
				cacheWriteInputTokens: 1000,
			}),
		).toEqual({
			inputUsd: 0.00735, // 0.003 + 2 × 0.0003 + 0.00375
			outputUsd: 0.015,
			totalUsd: 0.02235,
			pricingSource: SOURCE,
		});
		expect(
			estimateCost({
				modelId: 'amazon.nova-pro-v1:0',
				region: 'us-east-1',
				inputTokens: 0,
				outputTokens: 0,
				cacheReadInputTokens: 10_000,
				cacheWriteInputTokens: 10_000,
			})?.inputUsd,
		).toBe(0.01); // 10 × 0.0002 + 10 × 0.0008
	});

	it('bills cache tokens at the input price where the model has no cache price', () => {
		expect(
			estimateCost({
				modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
				region: 'us-east-1',
				inputTokens: 1000,
				outputTokens: 0,
				cacheReadInputTokens: 1000,
				cacheWriteInputTokens: 2000,
			})?.inputUsd,
		).toBe(0.001);
	});

	it('lets a custom price win, also for models the table does not know', () => {
		const override = { inputPer1k: 0.01, outputPer1k: 0.02 };
		expect(
			estimateCost({
				modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
				region: 'us-east-1',
				inputTokens: 1000,
				outputTokens: 1000,
				cacheReadInputTokens: 1000,
				override,
			}),
		).toEqual({ inputUsd: 0.02, outputUsd: 0.02, totalUsd: 0.04, pricingSource: 'custom price' });
		expect(
			estimateCost({
				modelId: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc',
				region: 'us-east-1',
				inputTokens: 500,
				outputTokens: 0,
				override,
			}),
		).toEqual({ inputUsd: 0.005, outputUsd: 0, totalUsd: 0.005, pricingSource: 'custom price' });
	});

	it('says when the US figure stands in for another region', () => {
		expect(
			estimateCost({
				modelId: 'eu.amazon.nova-lite-v1:0',
				region: 'eu-west-3',
				inputTokens: 1000,
				outputTokens: 1000,
			})?.pricingSource,
		).toBe(`${SOURCE}, US price: no figure for eu-west-3 in the table`);
	});

	it('returns undefined when no price is known', () => {
		expect(
			estimateCost({
				modelId: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc',
				region: 'us-east-1',
				inputTokens: 10,
				outputTokens: 10,
			}),
		).toBeUndefined();
		expect(
			estimateCost({
				modelId: 'acme.rocket-v1:0',
				region: 'us-east-1',
				inputTokens: 1,
				outputTokens: 1,
			}),
		).toBeUndefined();
	});
});
