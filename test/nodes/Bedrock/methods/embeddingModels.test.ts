/**
 * The Embeddings sub-node's model list: the same listing as the action node's, filtered to
 * embedding models and the inference profiles that route to one, against the emulator.
 */
import type { RunningEmulator } from '../../../../emulator';
import { n8nCredentialFor, start } from '../../../../emulator';
import { listModels } from '../../../../nodes/Bedrock/methods/listSearch';
import { toBedrockCredentials } from '../../../../nodes/Bedrock/transport/credentials';

describe('the embedding model list against the emulator', () => {
	let emulator: RunningEmulator;

	beforeAll(async () => {
		emulator = await start({ port: 0 });
	});
	afterAll(async () => await emulator.close());

	it('lists embedding models and their profiles only; the full list keeps them too', async () => {
		const credentials = toBedrockCredentials(n8nCredentialFor(emulator.url));
		const embedding = await listModels(credentials, undefined, undefined, 'embedding');
		expect(embedding.warnings).toEqual([]);
		const values = embedding.items.map((item) => item.value).sort();
		expect(values).toEqual(
			expect.arrayContaining([
				'amazon.titan-embed-text-v2:0',
				'cohere.embed-english-v3',
				'cohere.embed-multilingual-v3',
				'cohere.embed-v4:0',
				'us.cohere.embed-v4:0',
				'amazon.nova-2-multimodal-embeddings-v1:0',
			]),
		);
		expect(values.every((value) => /embed/.test(String(value)))).toBe(true);
		expect(embedding.items.find((item) => item.value === 'cohere.embed-v4:0')?.name).toContain(
			'embeddings',
		);
		const all = await listModels(credentials);
		const allValues = all.items.map((item) => item.value);
		expect(allValues).toEqual(expect.arrayContaining(values));
		expect(allValues.length).toBeGreaterThan(values.length);
		const filtered = await listModels(credentials, 'cohere', undefined, 'embedding');
		expect(filtered.items.every((item) => String(item.value).includes('cohere'))).toBe(true);
	});
});
