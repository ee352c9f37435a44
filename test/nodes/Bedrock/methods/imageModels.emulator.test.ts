import type { RunningEmulator } from '../../../../emulator';
import { n8nCredentialFor, start } from '../../../../emulator';
import { listImageModels } from '../../../../nodes/Bedrock/methods/listSearch';
import { toBedrockCredentials } from '../../../../nodes/Bedrock/transport/credentials';

describe('image model list against the emulator, through the real SDK', () => {
	let emulator: RunningEmulator;

	beforeAll(async () => {
		emulator = await start({ port: 0 });
	});
	afterAll(async () => await emulator.close());

	it('lists Stability’s models and profiles first, and Amazon’s legacy models marked, from modelLifecycle', async () => {
		const { items, warnings } = await listImageModels(
			toBedrockCredentials(n8nCredentialFor(emulator.url)),
		);
		expect(warnings).toEqual([]);
		const names = items.map((item) => item.name);
		const firstLegacy = names.findIndex((name) => name.includes('legacy'));
		expect(names.slice(firstLegacy).every((name) => name.includes('legacy'))).toBe(true);
		expect(items.slice(firstLegacy).map((item) => item.value)).toEqual([
			'amazon.nova-canvas-v1:0',
			'amazon.titan-image-generator-v2:0',
		]);
		expect(items[firstLegacy]).toEqual({
			name: 'Nova Canvas (Amazon, legacy)',
			value: 'amazon.nova-canvas-v1:0',
			description: expect.stringContaining('legacy, AWS has given it an end-of-life date'),
		});
		const values = items.map((item) => item.value);
		expect(values).toEqual(
			expect.arrayContaining([
				'stability.sd3-5-large-v1:0',
				'us.stability.sd3-5-large-v1:0',
				'stability.stable-image-core-v1:1',
				'stability.stable-image-ultra-v1:1',
				'us.stability.stable-image-inpaint-v1:0',
				'us.stability.stable-image-remove-background-v1:0',
			]),
		);
		// Text models stay out of the image list.
		expect(values.some((value) => String(value).includes('claude'))).toBe(false);
		expect(items.find((item) => item.value === 'stability.stable-image-inpaint-v1:0')?.name).toBe(
			'Stable Image Inpaint (Stability AI, inference profile only)',
		);
	});

	it('filters by name or ID', async () => {
		const { items } = await listImageModels(
			toBedrockCredentials(n8nCredentialFor(emulator.url)),
			'upscale',
		);
		expect(items.length).toBeGreaterThanOrEqual(6);
		expect(items.every((item) => /upscale/i.test(`${item.name} ${String(item.value)}`))).toBe(true);
	});
});
