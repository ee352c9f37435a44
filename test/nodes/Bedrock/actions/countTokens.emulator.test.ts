import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { n8nCredentialFor, start } from '../../../../emulator';
import type { RunningEmulator } from '../../../../emulator';
import { bedrockNode, runWorkflow } from '../../../helpers/workflow';

// Count Tokens through the real SDK against the emulator, in n8n's engine.
let emulator: RunningEmulator;
let credentials: Record<string, ICredentialDataDecryptedObject>;

beforeAll(async () => {
	emulator = await start({ port: 0 });
	credentials = {
		awsBedrockApi: n8nCredentialFor(emulator.url),
	};
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.requests.splice(0));

const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const model = (value: string) => ({ __rl: true, mode: 'id', value });
const TEXT =
	'Amazon Bedrock is a fully managed service that offers a choice of high-performing foundation models. It is serverless.';

async function run(parameters: IDataObject, json: IDataObject = { text: TEXT }) {
	const result = await runWorkflow({
		nodes: [
			bedrockNode('Count', {
				operation: 'countTokens',
				prompt: '={{ $json.text }}',
				...parameters,
			}),
		],
		input: [{ json }],
		credentials,
	});
	return result.output('Count')[0].json as IDataObject;
}

describe('Count Tokens against the emulator', () => {
	it('counts a Converse request with the API, equal to the usage the same request reports', async () => {
		const counted = await run({ model: model(HAIKU), systemPrompt: 'Be brief.' });
		expect(counted).toMatchObject({
			method: 'api',
			modelId: HAIKU,
			inputTokens: expect.any(Number),
		});
		const conversed = await runWorkflow({
			nodes: [
				bedrockNode('Converse', {
					model: model(HAIKU),
					prompt: '={{ $json.text }}',
					systemPrompt: 'Be brief.',
				}),
			],
			input: [{ json: { text: TEXT } }],
			credentials,
		});
		expect((conversed.output('Converse')[0].json.usage as IDataObject).inputTokens).toBe(
			counted.inputTokens,
		);
		const [request] = emulator.requests.filter((recorded) => recorded.operation === 'CountTokens');
		expect((request.body as { input: IDataObject }).input.converse).toMatchObject({
			system: [{ text: 'Be brief.' }],
			messages: [{ role: 'user', content: [{ text: TEXT }] }],
		});
	});

	it('retries a cross-region profile ID with its base model ID, which CountTokens wants', async () => {
		const counted = await run({ model: model(`us.${HAIKU}`) });
		expect(counted).toMatchObject({ method: 'api', modelId: `us.${HAIKU}`, countedAs: HAIKU });
		expect(counted.notes).toEqual([expect.stringContaining('ValidationException')]);
	});

	it('falls back to an honest estimate where the model does not support CountTokens', async () => {
		const counted = await run({
			model: model('meta.llama3-8b-instruct-v1:0'),
			inputFormat: 'invoke',
		});
		expect(counted).toMatchObject({ method: 'estimate', estimator: 'llama3-tokenizer-js' });
		expect(counted.notes).toEqual([expect.stringContaining('ValidationException')]);
		expect(counted.inputTokens).toEqual(expect.any(Number));
	});

	it('estimates without calling AWS when asked to', async () => {
		const counted = await run({ model: model(HAIKU), options: { estimateOnly: true } });
		expect(counted).toMatchObject({
			method: 'estimate',
			estimator: expect.stringContaining('heuristic'),
		});
		expect(emulator.requests).toHaveLength(0);
	});

	it('estimates within a documented margin of the emulator’s own count', async () => {
		const texts = [
			TEXT,
			'Scheduled workflows summarise hundreds of support tickets every morning, and the team reads the summaries over coffee.',
			'Count the tokens first, check the total against a budget, then invoke only the items that fit.',
		];
		for (const text of texts) {
			const api = await run({ model: model(HAIKU) }, { text });
			const estimate = await run(
				{ model: model(HAIKU), options: { estimateOnly: true } },
				{ text },
			);
			const ratio = (estimate.inputTokens as number) / (api.inputTokens as number);
			// The emulator counts words and punctuation and adds nothing per message; the estimate adds
			// Claude's message framing (measured here: 1.65× to 2.1× on these short texts), so it errs
			// high, which is the safe side for a budget check.
			expect(ratio).toBeGreaterThan(1);
			expect(ratio).toBeLessThan(3);
		}
	});

	it('prices the count from the table, or from a custom price', async () => {
		const tabled = await run({ model: model(HAIKU), options: { maxTokens: 1000 } });
		expect(tabled.estimatedCost).toMatchObject({
			inputUsd: expect.any(Number),
			maxOutputUsd: expect.any(Number),
			pricingSource: expect.stringContaining('https://aws.amazon.com/bedrock/pricing/'),
		});
		const custom = await run({
			model: model(HAIKU),
			options: { maxTokens: 1000, inputPricePer1k: 1, outputPricePer1k: 2 },
		});
		expect(custom.estimatedCost).toEqual({
			inputUsd: (custom.inputTokens as number) / 1000,
			maxOutputUsd: 2,
			maxTotalUsd: (custom.inputTokens as number) / 1000 + 2,
			pricingSource: 'custom price',
		});
	});

	it('counts each item of a batch on its own', async () => {
		const result = await runWorkflow({
			nodes: [
				bedrockNode('Count', {
					operation: 'countTokens',
					model: model(HAIKU),
					prompt: '={{ $json.text }}',
				}),
			],
			input: [
				{ json: { text: 'One.' } },
				{ json: { text: 'Two words here.' } },
				{ json: { text: TEXT } },
			],
			credentials,
		});
		const counts = result.output('Count').map((item) => item.json.inputTokens as number);
		expect(counts[0]).toBeLessThan(counts[1]);
		expect(counts[1]).toBeLessThan(counts[2]);
	});
});
