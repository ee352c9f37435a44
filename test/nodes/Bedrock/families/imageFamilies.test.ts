import { inflateSync } from 'node:zlib';

import { encodePng, quadrantColours } from '../../../../emulator/images/encode';
import {
	detectImageModel,
	imageFamilies,
	imageOptionRegexSource,
	validateImageRequest,
} from '../../../../nodes/Bedrock/families/registry';
import type { ImageRequestInput } from '../../../../nodes/Bedrock/families/types';
import {
	imageFileName,
	imageFileNames,
	imagePropertyName,
	modelShortName,
	sniffImageKind,
} from '../../../../nodes/Bedrock/mapping/images';
import { estimateImageCost } from '../../../../nodes/Bedrock/pricing';

const input = (overrides: Partial<ImageRequestInput> = {}): ImageRequestInput => ({
	baseModelId: 'stability.sd3-5-large-v1:0',
	prompt: 'a cat',
	numberOfImages: 1,
	...overrides,
});

function match(modelId: string) {
	const found = detectImageModel(modelId);
	if (!found) throw new Error(`no image model ${modelId}`);
	return found;
}

describe('image families', () => {
	it('knows the model behind IDs, profile IDs and ARNs, and no text model', () => {
		expect(match('stability.sd3-5-large-v1:0').model.name).toBe('Stable Diffusion 3.5 Large');
		expect(match('us.stability.stable-image-inpaint-v1:0').model.name).toBe('Inpaint');
		expect(
			match('arn:aws:bedrock:us-west-2::foundation-model/stability.stable-image-ultra-v1:1').family
				.id,
		).toBe('stabilityImage');
		expect(match('amazon.nova-canvas-v1:0').family.id).toBe('novaCanvas');
		expect(match('amazon.titan-image-generator-v2:0').family.id).toBe('titanImage');
		expect(detectImageModel('amazon.nova-pro-v1:0')).toBeUndefined();
		expect(detectImageModel('anthropic.claude-3-haiku-20240307-v1:0')).toBeUndefined();
	});

	it('covers all thirteen Stability Image Services', () => {
		const services = imageFamilies.find((family) => family.id === 'stabilityServices');
		expect(services?.models).toHaveLength(13);
		for (const model of services?.models ?? []) expect(model.inputImage).toBe('required');
	});

	it('shows an option only for the models that take it', () => {
		const mask = new RegExp(imageOptionRegexSource('mask'));
		expect(mask.test('us.stability.stable-image-inpaint-v1:0')).toBe(true);
		expect(mask.test('amazon.nova-canvas-v1:0')).toBe(true);
		expect(mask.test('stability.sd3-5-large-v1:0')).toBe(false);
		const quality = new RegExp(imageOptionRegexSource('quality'));
		expect(quality.test('stability.stable-image-core-v1:1')).toBe(false);
		expect(quality.test('amazon.titan-image-generator-v2:0')).toBe(true);
	});

	it('refuses what a model does not take and values outside its ranges', () => {
		const sd = match('stability.sd3-5-large-v1:0');
		expect(() => validateImageRequest(sd, input({ seed: 4294967295 }), ['seed'])).toThrow(
			'Seed must be a whole number between 0 and 4294967294',
		);
		expect(() => validateImageRequest(sd, input({ quality: 'premium' }), ['quality'])).toThrow(
			'Quality is not supported by Stability AI Stable Diffusion 3.5 Large; remove it from Options.',
		);
		expect(() =>
			validateImageRequest(sd, input({ inputImage: 'x', strength: 1.5 }), [
				'inputImage',
				'strength',
			]),
		).toThrow('must be between 0 and 1 (got 1.5)');
		expect(() => validateImageRequest(sd, input({ numberOfImages: 11 }), [])).toThrow(
			'Number of Images must be between 1 and 10',
		);
		const nova = match('amazon.nova-canvas-v1:0');
		expect(() => validateImageRequest(nova, input({ cfgScale: 12 }), ['cfgScale'])).toThrow(
			'CFG Scale must be between 1.1 and 10',
		);
		expect(() => validateImageRequest(nova, input({ style: 'anime' }), ['style'])).toThrow(
			"Style 'anime' is not offered by Amazon Nova Canvas models",
		);
		expect(() => validateImageRequest(nova, input({ prompt: 'x'.repeat(1025) }), [])).toThrow(
			'takes at most 1024',
		);
		const removeBackground = match('stability.stable-image-remove-background-v1:0');
		expect(() =>
			validateImageRequest(removeBackground, input({ inputImage: 'x', prompt: 'a cat' }), [
				'inputImage',
			]),
		).toThrow('takes no prompt');
		const outpaint = match('stability.stable-outpaint-v1:0');
		expect(() =>
			validateImageRequest(outpaint, input({ inputImage: 'x', expand: { left: 0 } }), [
				'inputImage',
				'expand',
			]),
		).toThrow('needs Expand');
		expect(() =>
			validateImageRequest(outpaint, input({ inputImage: 'x', expand: { left: 2001 } }), [
				'inputImage',
				'expand',
			]),
		).toThrow('from 0 to 2000');
	});
});

describe('image bytes and names', () => {
	it('tells PNG, JPEG and WebP by their signature, and nothing else', () => {
		expect(sniffImageKind(encodePng(quadrantColours('x')))).toBe('png');
		expect(sniffImageKind(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
		expect(sniffImageKind(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
		expect(sniffImageKind(Buffer.from('%PDF-1.7'))).toBeUndefined();
		expect(sniffImageKind(Buffer.alloc(0))).toBeUndefined();
	});

	it('names files after the model and seed, and properties data, data_1, ...', () => {
		expect(modelShortName('stability.sd3-5-large-v1:0')).toBe('sd3-5-large');
		expect(modelShortName('stability.stable-image-core-v1:1')).toBe('stable-image-core');
		expect(modelShortName('amazon.titan-image-generator-v2:0')).toBe('titan-image-generator');
		expect(imageFileName('stability.sd3-5-large-v1:0', 42, 'jpeg')).toBe('sd3-5-large-42.jpg');
		expect(imageFileName('amazon.nova-canvas-v1:0', undefined, 'png', 2)).toBe(
			'nova-canvas-image-2.png',
		);
		expect([0, 1, 2].map(imagePropertyName)).toEqual(['data', 'data_1', 'data_2']);
	});

	it('writes the emulator’s PNG pixels as the quadrant colours', () => {
		const colours = quadrantColours('check');
		const png = encodePng(colours);
		const idatAt = png.indexOf('IDAT');
		const length = png.readUInt32BE(idatAt - 4);
		const raw = inflateSync(png.subarray(idatAt + 4, idatAt + 4 + length));
		// Row 0 starts with filter byte 0, then the top-left colour; row 15's last pixel is bottom-right.
		expect([...raw.subarray(1, 4)]).toEqual(colours[0]);
		expect([...raw.subarray(raw.length - 3)]).toEqual(colours[3]);
	});
});

describe('image prices', () => {
	it('prices images per image, by quality, and takes a custom price', () => {
		expect(
			estimateImageCost({ modelId: 'us.stability.stable-image-ultra-v1:1', images: 3 }),
		).toMatchObject({
			perImageUsd: 0.14,
			totalUsd: 0.42,
		});
		expect(
			estimateImageCost({
				modelId: 'amazon.titan-image-generator-v2:0',
				images: 1,
				quality: 'premium',
			}),
		).toMatchObject({ perImageUsd: 0.012 });
		expect(
			estimateImageCost({
				modelId: 'stability.stable-image-core-v1:1',
				images: 2,
				customPerImage: 0.05,
			}),
		).toEqual({ perImageUsd: 0.05, images: 2, totalUsd: 0.1, pricingSource: 'custom price' });
		expect(
			estimateImageCost({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', images: 1 }),
		).toBeUndefined();
	});
});

describe('image file names of an item', () => {
	it('numbers images that share a seed, and not those that do not', () => {
		expect(
			imageFileNames('amazon.nova-canvas-v1:0', [
				{ seed: 5, kind: 'png' },
				{ seed: 5, kind: 'png' },
			]),
		).toEqual(['nova-canvas-5-1.png', 'nova-canvas-5-2.png']);
		expect(
			imageFileNames('stability.stable-image-core-v1:1', [
				{ seed: 7, kind: 'jpeg' },
				{ seed: 8, kind: 'jpeg' },
			]),
		).toEqual(['stable-image-core-7.jpg', 'stable-image-core-8.jpg']);
	});
});
