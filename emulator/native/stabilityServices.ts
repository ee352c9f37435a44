/**
 * Stability AI Image Services on InvokeModel: upscale (conservative, creative, fast), edit
 * (inpaint, outpaint, search and replace, search and recolor, erase object, remove background)
 * and control (sketch, structure, style guide, style transfer). Every service takes a base64
 * input image and answers like the text-to-image models: `{ seeds, finish_reasons, images }`.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/stable-image-services.html
 */
import { EmulatorValidationError } from '../types';
import type { ImageNativeFormat } from '../types';
import { imageDigest, inputImageFormat } from '../images/engine';
import type { EmulatedImageFormat } from '../images/encode';
import { baseModelName } from './common';
import type { JsonObject, Schema } from './schema';
import { validateBody } from './schema';
import {
	STABILITY_ASPECT_RATIOS,
	STABILITY_MAX_SEED,
	STABILITY_OUTPUT_FORMATS,
} from './stabilityImage';

const text = (maxLength = 10000): Schema => ({ type: 'string', maxLength });
const unit = (minimum: number, maximum: number): Schema => ({ type: 'number', minimum, maximum });
const common: Record<string, Schema> = {
	seed: { type: 'integer', minimum: 0, maximum: STABILITY_MAX_SEED },
	output_format: { type: 'string', enum: STABILITY_OUTPUT_FORMATS },
};
const prompted: Record<string, Schema> = { prompt: text(), negative_prompt: text(), ...common };
const stylePreset: Schema = { type: 'string' };

interface Service {
	/** The model ID's stem after `stability.`. */
	stem: string;
	required: string[];
	properties: Record<string, Schema>;
	/** The base64 image fields. */
	images: string[];
}

const SERVICES: Service[] = [
	{
		stem: 'stable-conservative-upscale',
		required: ['image', 'prompt'],
		properties: { image: { type: 'string' }, ...prompted, creativity: unit(0.2, 0.5) },
		images: ['image'],
	},
	{
		stem: 'stable-creative-upscale',
		required: ['image', 'prompt'],
		properties: {
			image: { type: 'string' },
			...prompted,
			creativity: unit(0.1, 0.5),
			style_preset: stylePreset,
		},
		images: ['image'],
	},
	{
		stem: 'stable-fast-upscale',
		required: ['image'],
		properties: { image: { type: 'string' }, output_format: common.output_format },
		images: ['image'],
	},
	{
		stem: 'stable-image-inpaint',
		required: ['image', 'prompt'],
		properties: {
			image: { type: 'string' },
			mask: { type: 'string' },
			...prompted,
			grow_mask: { type: 'integer', minimum: 0, maximum: 20 },
			style_preset: stylePreset,
		},
		images: ['image', 'mask'],
	},
	{
		stem: 'stable-outpaint',
		required: ['image'],
		properties: {
			image: { type: 'string' },
			...prompted,
			left: { type: 'integer', minimum: 0, maximum: 2000 },
			right: { type: 'integer', minimum: 0, maximum: 2000 },
			up: { type: 'integer', minimum: 0, maximum: 2000 },
			down: { type: 'integer', minimum: 0, maximum: 2000 },
			creativity: unit(0.1, 1),
			style_preset: stylePreset,
		},
		images: ['image'],
	},
	{
		stem: 'stable-image-search-replace',
		required: ['image', 'prompt', 'search_prompt'],
		properties: {
			image: { type: 'string' },
			...prompted,
			search_prompt: text(),
			grow_mask: { type: 'integer', minimum: 0, maximum: 20 },
			style_preset: stylePreset,
		},
		images: ['image'],
	},
	{
		stem: 'stable-image-search-recolor',
		required: ['image', 'prompt', 'select_prompt'],
		properties: {
			image: { type: 'string' },
			...prompted,
			select_prompt: text(),
			grow_mask: { type: 'integer', minimum: 0, maximum: 20 },
			style_preset: stylePreset,
		},
		images: ['image'],
	},
	{
		stem: 'stable-image-erase-object',
		required: ['image'],
		properties: {
			image: { type: 'string' },
			mask: { type: 'string' },
			grow_mask: { type: 'integer', minimum: 0, maximum: 20 },
			...common,
		},
		images: ['image', 'mask'],
	},
	{
		stem: 'stable-image-remove-background',
		required: ['image'],
		properties: { image: { type: 'string' }, output_format: common.output_format },
		images: ['image'],
	},
	...['stable-image-control-sketch', 'stable-image-control-structure'].map((stem) => ({
		stem,
		required: ['image', 'prompt'],
		properties: {
			image: { type: 'string' },
			...prompted,
			control_strength: unit(0, 1),
			style_preset: stylePreset,
		} as Record<string, Schema>,
		images: ['image'],
	})),
	{
		stem: 'stable-image-style-guide',
		required: ['image', 'prompt'],
		properties: {
			image: { type: 'string' },
			...prompted,
			aspect_ratio: { type: 'string', enum: STABILITY_ASPECT_RATIOS },
			fidelity: unit(0, 1),
			style_preset: stylePreset,
		},
		images: ['image'],
	},
	{
		stem: 'stable-style-transfer',
		required: ['init_image', 'style_image'],
		properties: {
			init_image: { type: 'string' },
			style_image: { type: 'string' },
			...prompted,
			style_strength: unit(0, 1),
			composition_fidelity: unit(0, 1),
			change_strength: unit(0.1, 1),
		},
		images: ['init_image', 'style_image'],
	},
];

function serviceOf(modelId: string): Service | undefined {
	const name = baseModelName(modelId);
	return SERVICES.find((service) => name.startsWith(`stability.${service.stem}-`));
}

export const stabilityServicesFormat: ImageNativeFormat = {
	id: 'stability-services',
	kind: 'image',
	matches: (baseModelId) => serviceOf(baseModelId) !== undefined,
	maxSeed: STABILITY_MAX_SEED,
	parseRequest: (body, modelId) => {
		const service = serviceOf(modelId) as Service;
		validateBody(body, {
			type: 'object',
			required: service.required,
			properties: service.properties,
		});
		const request: JsonObject = body;
		for (const field of service.images) {
			if (request[field] !== undefined) inputImageFormat(request[field], field);
		}
		if (
			service.stem === 'stable-outpaint' &&
			!['left', 'right', 'up', 'down'].some((side) => ((request[side] as number) ?? 0) > 0)
		) {
			throw new EmulatorValidationError(
				'At least one of left, right, up or down must be greater than 0',
			);
		}
		const seed = request.seed as number | undefined;
		const content = Object.keys(request)
			.sort()
			.map((key) =>
				service.images.includes(key)
					? `${key}=${imageDigest(request[key])}`
					: `${key}=${JSON.stringify(request[key])}`,
			)
			.join('|');
		return {
			modelId: baseModelName(modelId),
			content,
			filteredText: [request.prompt, request.search_prompt, request.select_prompt]
				.filter((value) => typeof value === 'string')
				.join(' '),
			seed: seed === undefined || seed === 0 ? undefined : seed,
			count: 1,
			format: (request.output_format as EmulatedImageFormat | undefined) ?? 'png',
		};
	},
	renderResponse: (generation) =>
		generation.filtered
			? { finish_reasons: ['Filter reason: prompt'] }
			: { seeds: generation.seeds, finish_reasons: [null], images: generation.images },
};
