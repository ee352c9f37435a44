/**
 * Stability AI's text-to-image models on InvokeModel: Stable Diffusion 3.5 Large
 * (`stability.sd3-5-large-v1:0`, text-to-image and image-to-image), Stable Image Core
 * (`stability.stable-image-core-v1:1`) and Stable Image Ultra (`stability.stable-image-ultra-v1:1`).
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-diffusion-3-5-large.html
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-diffusion-stable-ultra-text-image-request-response.html
 * Response: `{ seeds, finish_reasons: [null], images: [base64] }`; a filtered request answers
 * `{ finish_reasons: ["Filter reason: prompt"] }`.
 */
import { EmulatorValidationError } from '../types';
import type { ImageNativeFormat } from '../types';
import { imageDigest, inputImageFormat } from '../images/engine';
import type { EmulatedImageFormat } from '../images/encode';
import { baseModelName } from './common';
import { validateBody, type Schema } from './schema';

export const STABILITY_ASPECT_RATIOS = [
	'16:9',
	'1:1',
	'21:9',
	'2:3',
	'3:2',
	'4:5',
	'5:4',
	'9:16',
	'9:21',
] as const;
export const STABILITY_MAX_SEED = 4294967294;
export const STABILITY_OUTPUT_FORMATS = ['jpeg', 'png', 'webp'] as const;

const textToImage: Record<string, Schema> = {
	prompt: { type: 'string', maxLength: 10000 },
	negative_prompt: { type: 'string', maxLength: 10000 },
	aspect_ratio: { type: 'string', enum: STABILITY_ASPECT_RATIOS },
	seed: { type: 'integer', minimum: 0, maximum: STABILITY_MAX_SEED },
	output_format: { type: 'string', enum: STABILITY_OUTPUT_FORMATS },
};

const sd35Schema: Schema = {
	type: 'object',
	required: ['prompt'],
	properties: {
		...textToImage,
		mode: { type: 'string', enum: ['text-to-image', 'image-to-image'] },
		image: { type: 'string' },
		strength: { type: 'number', minimum: 0, maximum: 1 },
	},
};

const coreUltraSchema: Schema = { type: 'object', required: ['prompt'], properties: textToImage };

function isSd35(modelId: string): boolean {
	return baseModelName(modelId).startsWith('stability.sd3-5-large');
}

export const stabilityImageFormat: ImageNativeFormat = {
	id: 'stability-image',
	kind: 'image',
	matches: (baseModelId) =>
		/^stability\.(?:sd3-5-large|stable-image-core|stable-image-ultra)/.test(
			baseModelName(baseModelId),
		),
	maxSeed: STABILITY_MAX_SEED,
	parseRequest: (body, modelId) => {
		validateBody(body, isSd35(modelId) ? sd35Schema : coreUltraSchema);
		const imageToImage = body.mode === 'image-to-image';
		if (imageToImage) {
			if (body.image === undefined) {
				throw new EmulatorValidationError('image is required when mode is image-to-image');
			}
			if (body.strength === undefined) {
				throw new EmulatorValidationError('strength is required when mode is image-to-image');
			}
			if (body.aspect_ratio !== undefined) {
				throw new EmulatorValidationError('aspect_ratio is only valid for text-to-image requests');
			}
			inputImageFormat(body.image, 'image');
		} else if (body.image !== undefined) {
			throw new EmulatorValidationError('image is only valid when mode is image-to-image');
		}
		const seed = body.seed as number | undefined;
		return {
			modelId: baseModelName(modelId),
			content: [
				body.prompt,
				body.negative_prompt ?? '',
				body.aspect_ratio ?? '1:1',
				imageToImage ? `${imageDigest(body.image)}|${String(body.strength)}` : '',
			].join('|'),
			filteredText: `${body.prompt as string}`,
			// Seed 0 asks the model for a random seed.
			seed: seed === undefined || seed === 0 ? undefined : seed,
			count: 1,
			format: (body.output_format as EmulatedImageFormat | undefined) ?? 'png',
		};
	},
	renderResponse: (generation) =>
		generation.filtered
			? { finish_reasons: ['Filter reason: prompt'] }
			: { seeds: generation.seeds, finish_reasons: [null], images: generation.images },
};
