/**
 * Count Tokens' Price As: Batch Inference Job: what each item would cost as a batch record, with
 * the on-demand figure beside it; summed over the items, the job's ceiling before it is created.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { n8nCredentialFor, start } from '../../../../emulator';
import type { RunningEmulator } from '../../../../emulator';
import { bedrockNode, runWorkflow } from '../../../helpers/workflow';

let emulator: RunningEmulator;
let credentials: Record<string, ICredentialDataDecryptedObject>;

beforeAll(async () => {
	emulator = await start({ port: 0 });
	credentials = { awsBedrockApi: n8nCredentialFor(emulator.url) };
});
afterAll(async () => await emulator.close());

async function count(options: IDataObject, modelId = 'anthropic.claude-3-5-haiku-20241022-v1:0') {
	const result = await runWorkflow({
		nodes: [
			bedrockNode('Count', {
				operation: 'countTokens',
				model: { __rl: true, mode: 'id', value: modelId },
				inputFormat: 'invoke',
				prompt: '={{ $json.text }}',
				options: { maxTokens: 200, ...options },
			}),
		],
		input: Array.from({ length: 3 }, (_, index) => ({
			json: { text: `Ticket ${index}: the printer stopped after the update. Please fix it.` },
		})),
		credentials,
	});
	expect(result.error).toBeUndefined();
	return result.output('Count').map((item) => item.json.estimatedCost as IDataObject);
}

describe('Count Tokens priced as a batch job', () => {
	it('halves the estimate for a batch model and keeps the on-demand figure beside it', async () => {
		const onDemand = await count({});
		const batch = await count({ priceAs: 'batch' });
		batch.forEach((estimate, index) => {
			expect(estimate.pricing).toBe('batch');
			expect(estimate.pricingSource).toMatch(/batch inference price/);
			expect(estimate.onDemandMaxTotalUsd).toBe(onDemand[index].maxTotalUsd);
			expect(estimate.maxTotalUsd as number).toBeCloseTo(
				(onDemand[index].maxTotalUsd as number) / 2,
				5,
			);
		});
		const jobCeiling = batch.reduce(
			(total, estimate) => total + (estimate.maxTotalUsd as number),
			0,
		);
		expect(jobCeiling).toBeGreaterThan(0);
	});

	it('says there is no batch price for a model without batch inference', async () => {
		const [estimate] = await count({ priceAs: 'batch' }, 'amazon.titan-text-express-v1');
		expect(estimate).toMatchObject({
			maxTotalUsd: null,
			pricingSource: 'no batch price known for amazon.titan-text-express-v1',
		});
	});
});
