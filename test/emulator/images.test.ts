import {
	InvokeModelCommand,
	InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';

import { start } from '../../emulator';
import type { RunningEmulator } from '../../emulator';
import { encodeJpeg, encodePng, quadrantColours } from '../../emulator/images/encode';
import { runtimeClient } from './client';

// The image models through the real SDK client: bodies refused in AWS's wording, images returned.
let emulator: RunningEmulator;
beforeAll(async () => {
	emulator = await start({ port: 0 });
});
afterAll(async () => await emulator.close());

async function invoke(modelId: string, body: unknown) {
	const response = await runtimeClient(emulator.url).send(
		new InvokeModelCommand({
			modelId,
			contentType: 'application/json',
			body: new TextEncoder().encode(JSON.stringify(body)),
		}),
	);
	return JSON.parse(new TextDecoder().decode(response.body)) as Record<string, unknown>;
}

async function refusal(modelId: string, body: unknown): Promise<string> {
	try {
		await invoke(modelId, body);
	} catch (error) {
		return `${(error as Error).name}: ${(error as Error).message}`;
	}
	throw new Error('not refused');
}

const PNG = encodePng(quadrantColours('in')).toString('base64');

describe('image models in the emulator', () => {
	it('answers Stability with seeds, finish reasons and a PNG or JPEG image', async () => {
		const png = await invoke('stability.stable-image-core-v1:1', { prompt: 'a cat', seed: 3 });
		expect(png).toEqual({
			seeds: [3],
			finish_reasons: [null],
			images: [expect.stringMatching(/^iVBORw0KGgo/)],
		});
		const jpeg = await invoke('us.stability.sd3-5-large-v1:0', {
			prompt: 'a cat',
			seed: 3,
			output_format: 'jpeg',
		});
		expect(Buffer.from((jpeg.images as string[])[0], 'base64').subarray(0, 3)).toEqual(
			Buffer.from([0xff, 0xd8, 0xff]),
		);
		// The same request gives the same bytes.
		expect(await invoke('stability.stable-image-core-v1:1', { prompt: 'a cat', seed: 3 })).toEqual(
			png,
		);
	});

	it('refuses bodies as the models do', async () => {
		expect(await refusal('stability.stable-image-core-v1:1', { seed: 1 })).toBe(
			'ValidationException: Malformed input request: #: required key [prompt] not found, please reformat your input and try again.',
		);
		expect(await refusal('stability.sd3-5-large-v1:0', { prompt: 'x', aspect_ratio: '7:3' })).toBe(
			'ValidationException: Malformed input request: #/aspect_ratio: 7:3 is not a valid enum value, please reformat your input and try again.',
		);
		expect(
			await refusal('stability.sd3-5-large-v1:0', {
				prompt: 'x',
				mode: 'image-to-image',
				image: PNG,
			}),
		).toBe('ValidationException: strength is required when mode is image-to-image');
		expect(await refusal('us.stability.stable-outpaint-v1:0', { image: PNG })).toBe(
			'ValidationException: At least one of left, right, up or down must be greater than 0',
		);
		expect(
			await refusal('us.stability.stable-image-search-replace-v1:0', { image: PNG, prompt: 'x' }),
		).toContain('required key [search_prompt] not found');
		expect(
			await refusal('us.stability.stable-image-remove-background-v1:0', {
				image: Buffer.from('%PDF').toString('base64'),
			}),
		).toContain('must be a base64-encoded PNG, JPEG or WebP');
		expect(
			await refusal('amazon.nova-canvas-v1:0', {
				taskType: 'TEXT_IMAGE',
				textToImageParams: { text: 'x' },
				imageGenerationConfig: { width: 1000, height: 1024 },
			}),
		).toBe('ValidationException: The image width and height must be divisible by 16.');
		expect(
			await refusal('amazon.titan-image-generator-v2:0', {
				taskType: 'TEXT_IMAGE',
				textToImageParams: { text: 'x' },
				imageGenerationConfig: { seed: 2147483647 },
			}),
		).toContain('#/imageGenerationConfig/seed: 2147483647 is not less or equal to 2147483646');
		// Image Services are served through the us. profile only.
		expect(
			await refusal('stability.stable-image-inpaint-v1:0', { image: PNG, prompt: 'x' }),
		).toContain('with on-demand throughput isn’t supported');
	});

	it('answers Amazon’s models with several images, and their content filter with a ValidationException', async () => {
		const body = await invoke('amazon.nova-canvas-v1:0', {
			taskType: 'IMAGE_VARIATION',
			imageVariationParams: {
				images: [encodeJpeg(quadrantColours('x')).toString('base64')],
				text: 'x',
			},
			imageGenerationConfig: { numberOfImages: 3 },
		});
		expect((body.images as string[]).length).toBe(3);
		expect(body.error).toBeNull();
		expect(
			await refusal('amazon.titan-image-generator-v2:0', {
				taskType: 'TEXT_IMAGE',
				textToImageParams: { text: 'NSFW poster' },
			}),
		).toBe(
			'ValidationException: This request has been blocked by our content filters. Please adjust your text prompt to submit a new request.',
		);
		expect(await invoke('stability.stable-image-ultra-v1:1', { prompt: 'nsfw' })).toEqual({
			finish_reasons: ['Filter reason: prompt'],
		});
	});

	it('refuses to stream an image model', async () => {
		await expect(
			runtimeClient(emulator.url).send(
				new InvokeModelWithResponseStreamCommand({
					modelId: 'stability.stable-image-core-v1:1',
					contentType: 'application/json',
					body: new TextEncoder().encode(JSON.stringify({ prompt: 'x' })),
				}),
			),
		).rejects.toThrow('The model is unsupported for streaming.');
	});
});
