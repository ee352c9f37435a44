import { batchSupportOf } from '../../../../nodes/Bedrock/families/registry';
import { BATCH_PRICE_RATIO, estimateCost, findPrice } from '../../../../nodes/Bedrock/pricing';

describe('batch support, from the family registry', () => {
	it.each([
		'anthropic.claude-3-5-haiku-20241022-v1:0',
		'us.anthropic.claude-sonnet-4-20250514-v1:0',
		'meta.llama3-1-70b-instruct-v1:0',
		'us.amazon.nova-lite-v1:0',
		'openai.gpt-oss-120b-1:0',
		'amazon.titan-embed-text-v2:0',
		'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
	])('knows %s runs batch jobs', (modelId) => {
		expect(batchSupportOf(modelId).supported).toBe(true);
	});

	it.each([
		'amazon.titan-text-express-v1',
		'cohere.command-r-plus-v1:0',
		'meta.llama3-8b-instruct-v1:0',
		'anthropic.claude-v2:1',
		'unknown.model-v1',
	])('knows %s does not', (modelId) => {
		const support = batchSupportOf(modelId);
		expect(support.supported).toBe(false);
		expect(support.familiesWithBatch).toContain('Anthropic Claude');
	});

	it('leaves identifiers that do not name their model to Bedrock', () => {
		expect(
			batchSupportOf('arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc')
				.supported,
		).toBe(true);
	});
});

describe('batch prices', () => {
	it('are half the on-demand price for batch models', () => {
		const onDemand = findPrice('anthropic.claude-3-5-haiku-20241022-v1:0', 'us-east-1');
		const batch = findPrice('anthropic.claude-3-5-haiku-20241022-v1:0', 'us-east-1', 'batch');
		expect(BATCH_PRICE_RATIO).toBe(0.5);
		expect(batch?.inputPer1k).toBeCloseTo((onDemand?.inputPer1k ?? 0) / 2, 10);
		expect(batch?.outputPer1k).toBeCloseTo((onDemand?.outputPer1k ?? 0) / 2, 10);
		expect(batch?.cacheReadPer1k).toBeUndefined();
	});

	it('do not exist for models without batch inference', () => {
		expect(findPrice('amazon.titan-text-express-v1', 'us-east-1', 'batch')).toBeUndefined();
	});

	it('make the estimate say it is a batch price', () => {
		const usage = { inputTokens: 1_000_000, outputTokens: 100_000 };
		const modelId = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
		const onDemand = estimateCost({ modelId, region: 'us-east-1', ...usage });
		const batch = estimateCost({ modelId, region: 'us-east-1', ...usage, tier: 'batch' });
		expect(batch?.totalUsd).toBeCloseTo((onDemand?.totalUsd ?? 0) / 2, 6);
		expect(batch?.pricingSource).toMatch(/batch inference price/);
	});
});
