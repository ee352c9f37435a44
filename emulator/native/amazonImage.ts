/**
 * Amazon's image generators on InvokeModel: Nova Canvas (`amazon.nova-canvas-v1:0`) and Titan Image
 * Generator G1 v2 (`amazon.titan-image-generator-v2:0`), one request shape with a `taskType`.
 * https://docs.aws.amazon.com/nova/latest/userguide/image-gen-req-resp-structure.html
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-image.html
 * Response: `{ images: [base64 PNG], error: null }`. A prompt the content filters refuse is a
 * ValidationException (the wording Titan and Nova Canvas answer with).
 */
import { BedrockError } from '../errors';
import { EmulatorValidationError } from '../types';
import type { ImageNativeFormat } from '../types';
import { imageDigest, inputImageFormat, isFilteredText } from '../images/engine';
import { baseModelName } from './common';
import type { JsonObject, Schema } from './schema';
import { validateBody } from './schema';

export const CONTENT_FILTER_MESSAGE =
	'This request has been blocked by our content filters. Please adjust your text prompt to submit a new request.';

interface Limits {
	maxText: number;
	maxSeed: number;
	sideStep: number;
}

const NOVA: Limits = { maxText: 1024, maxSeed: 858993459, sideStep: 16 };
const TITAN: Limits = { maxText: 512, maxSeed: 2147483646, sideStep: 64 };

function limitsOf(modelId: string): Limits {
	return baseModelName(modelId).startsWith('amazon.nova-canvas') ? NOVA : TITAN;
}

function schemaFor(limits: Limits, nova: boolean): Schema {
	const prompt: Schema = { type: 'string', minLength: 1, maxLength: limits.maxText };
	const negative: Schema = { type: 'string', minLength: 1, maxLength: limits.maxText };
	return {
		type: 'object',
		required: ['taskType'],
		properties: {
			taskType: {
				type: 'string',
				enum: ['TEXT_IMAGE', 'IMAGE_VARIATION', 'INPAINTING'],
			},
			textToImageParams: {
				type: 'object',
				required: ['text'],
				properties: {
					text: prompt,
					negativeText: negative,
					...(nova
						? {
								style: {
									type: 'string',
									enum: [
										'3D_ANIMATED_FAMILY_FILM',
										'DESIGN_SKETCH',
										'FLAT_VECTOR_ILLUSTRATION',
										'GRAPHIC_NOVEL_ILLUSTRATION',
										'MAXIMALISM',
										'MIDCENTURY_RETRO',
										'PHOTOREALISM',
										'SOFT_DIGITAL_PAINTING',
									],
								},
							}
						: {}),
				},
			},
			imageVariationParams: {
				type: 'object',
				required: ['images'],
				properties: {
					images: { type: 'array', minItems: 1, maxItems: 5, items: { type: 'string' } },
					text: prompt,
					negativeText: negative,
					similarityStrength: { type: 'number', minimum: 0.2, maximum: 1 },
				},
			},
			inPaintingParams: {
				type: 'object',
				required: ['image'],
				properties: {
					image: { type: 'string' },
					text: prompt,
					negativeText: negative,
					maskPrompt: prompt,
					maskImage: { type: 'string' },
				},
			},
			imageGenerationConfig: {
				type: 'object',
				properties: {
					numberOfImages: { type: 'integer', minimum: 1, maximum: 5 },
					width: { type: 'integer', minimum: 320, maximum: 4096 },
					height: { type: 'integer', minimum: 320, maximum: 4096 },
					cfgScale: { type: 'number', minimum: 1.1, maximum: 10 },
					seed: { type: 'integer', minimum: 0, maximum: limits.maxSeed },
					quality: { type: 'string', enum: ['standard', 'premium'] },
				},
			},
		},
	};
}

const PARAMS_BY_TASK: Record<string, string> = {
	TEXT_IMAGE: 'textToImageParams',
	IMAGE_VARIATION: 'imageVariationParams',
	INPAINTING: 'inPaintingParams',
};

export const amazonImageFormat: ImageNativeFormat = {
	id: 'amazon-image',
	kind: 'image',
	matches: (baseModelId) =>
		/^amazon\.(?:nova-canvas|titan-image-generator-v2)/.test(baseModelName(baseModelId)),
	maxSeed: NOVA.maxSeed,
	parseRequest: (body, modelId) => {
		const limits = limitsOf(modelId);
		validateBody(body, schemaFor(limits, limits === NOVA));
		const paramsKey = PARAMS_BY_TASK[body.taskType as string];
		const params = body[paramsKey] as JsonObject | undefined;
		if (!params) {
			throw new EmulatorValidationError(
				`Malformed input request: #: required key [${paramsKey}] not found, please reformat your input and try again.`,
			);
		}
		const config = (body.imageGenerationConfig as JsonObject | undefined) ?? {};
		const width = (config.width as number | undefined) ?? 1024;
		const height = (config.height as number | undefined) ?? 1024;
		if (width % limits.sideStep !== 0 || height % limits.sideStep !== 0) {
			throw new EmulatorValidationError(
				`The image width and height must be divisible by ${limits.sideStep}.`,
			);
		}
		const ratio = width / height;
		if (ratio > 4 || ratio < 0.25) {
			throw new EmulatorValidationError('The aspect ratio must be between 1:4 and 4:1.');
		}
		const images =
			paramsKey === 'imageVariationParams'
				? (params.images as string[])
				: paramsKey === 'inPaintingParams'
					? [params.image, ...(params.maskImage !== undefined ? [params.maskImage] : [])]
					: [];
		images.forEach((image, index) => inputImageFormat(image, `${paramsKey} image ${index}`));
		if (
			paramsKey === 'inPaintingParams' &&
			(params.maskImage === undefined) === (params.maskPrompt === undefined)
		) {
			throw new EmulatorValidationError('Exactly one of maskPrompt or maskImage must be provided.');
		}
		const prompt = typeof params.text === 'string' ? params.text : '';
		if (isFilteredText(prompt)) {
			throw new BedrockError('ValidationException', CONTENT_FILTER_MESSAGE);
		}
		return {
			modelId: baseModelName(modelId),
			content: [
				body.taskType,
				prompt,
				params.negativeText ?? '',
				params.style ?? '',
				`${width}x${height}`,
				config.quality ?? 'standard',
				config.cfgScale ?? '',
				params.similarityStrength ?? '',
				...images.map(imageDigest),
			].join('|'),
			filteredText: prompt,
			// Amazon's models use seed 12 when none is given.
			seed: (config.seed as number | undefined) ?? 12,
			count: (config.numberOfImages as number | undefined) ?? 1,
			format: 'png',
		};
	},
	renderResponse: (generation) => ({ images: generation.images, error: null }),
};
