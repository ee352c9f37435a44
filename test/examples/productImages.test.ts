import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { INode } from 'n8n-workflow';

import type { RunningEmulator } from '../../emulator';
import { n8nCredentialFor, start } from '../../emulator';
import { BEDROCK_NODE_TYPE, bedrockNode, runWorkflow } from '../helpers/workflow';

// The product-images example's Bedrock node in the n8n engine: one image per row, as binary data.
describe('examples/product-images.json against the emulator', () => {
	let emulator: RunningEmulator;

	beforeAll(async () => {
		emulator = await start({ port: 0 });
	});
	afterAll(async () => await emulator.close());

	it('gives each product its own PNG with model, seed, cost and a file name', async () => {
		const workflow = JSON.parse(
			readFileSync(path.join(__dirname, '..', '..', 'examples', 'product-images.json'), 'utf8'),
		) as { nodes: INode[] };
		const [generate, removeBackground] = workflow.nodes.filter(
			(node) => node.type === BEDROCK_NODE_TYPE,
		);
		const products = JSON.parse(
			String(workflow.nodes.find((node) => node.name === 'Products')?.parameters.jsonOutput),
		) as { products: Array<{ sku: string; description: string }> };
		const result = await runWorkflow({
			nodes: [bedrockNode(generate.name, generate.parameters)],
			input: products.products.map((product) => ({ json: product })),
			credentials: { awsBedrockApi: n8nCredentialFor(emulator.url) },
		});
		const items = result.output(generate.name);
		expect(items).toHaveLength(2);
		const prompts = emulator.requests
			.slice(0, 2)
			.map((request) => (request.body as { prompt: string }).prompt);
		expect(prompts).toEqual(
			products.products.map((product) => `Product photo: ${product.description}`),
		);
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({
				modelId: 'stability.stable-image-core-v1:1',
				seed: expect.any(Number),
				finishReason: 'success',
				cost: { perImageUsd: 0.04, images: 1, totalUsd: 0.04 },
			});
			expect(item.binary?.data).toMatchObject({
				mimeType: 'image/png',
				fileName: `stable-image-core-${String(item.json.seed)}.png`,
			});
		});
		// Different descriptions, different pictures.
		expect(items[0].binary?.data.data).not.toEqual(items[1].binary?.data.data);

		// The next Bedrock node edits each picture from the item's binary data.
		const edited = await runWorkflow({
			nodes: [bedrockNode(removeBackground.name, removeBackground.parameters)],
			input: items.map((item) => ({ json: item.json, binary: item.binary })),
			credentials: { awsBedrockApi: n8nCredentialFor(emulator.url) },
		});
		const editedItems = edited.output(removeBackground.name);
		expect(editedItems).toHaveLength(2);
		const removals = emulator.requests.filter((request) =>
			String(request.modelId).includes('remove-background'),
		);
		expect(removals.map((request) => (request.body as { image: string }).image)).toEqual(
			items.map((item) => item.binary?.data.data),
		);
		expect(editedItems[0].binary?.data).toMatchObject({
			mimeType: 'image/png',
			fileName: `stable-image-remove-background-${String(editedItems[0].json.seed)}.png`,
		});
	});
});
