/**
 * Stability AI Image Services on Bedrock: upscale (conservative, creative, fast), edit (inpaint,
 * outpaint, search and replace, search and recolor, erase object, remove background) and control
 * (sketch, structure, style guide, style transfer). Each takes the item's input image; one image
 * per request. Bedrock serves them through the `us.` cross-region inference profile.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/stable-image-services.html
 */
import type { IDataObject } from 'n8n-workflow';

import {
	parseStabilityResponse,
	STABILITY_ASPECT_RATIOS,
	STABILITY_SEEDS,
	stabilitySeedOfRequest,
} from './stabilityShared';
import type { ImageFamily, ImageModelSpec, ImageOptionName } from './types';

const PROMPTED: ImageOptionName[] = ['negativePrompt', 'seed', 'outputFormat', 'inputImage'];

function service(
	stem: string,
	name: string,
	details: Omit<ImageModelSpec, 'idPrefix' | 'name' | 'inputImage' | 'maxPromptLength'>,
): ImageModelSpec {
	return {
		idPrefix: `stability.${stem}`,
		name,
		inputImage: 'required',
		maxPromptLength: 10000,
		...details,
		// Several images are several requests.
		options: [...details.options, 'numberOfImages'],
	};
}

export const stabilityServicesFamily: ImageFamily<'stabilityServices'> = {
	id: 'stabilityServices',
	displayName: 'Stability AI Image Services',
	kind: 'image',
	modelIdPattern:
		/^stability\.stable-(?:conservative-upscale|creative-upscale|fast-upscale|outpaint|style-transfer|image-(?:inpaint|search-replace|search-recolor|erase-object|remove-background|control-sketch|control-structure|style-guide))/,
	note: 'Image Services are called through the us. inference profile (e.g. us.stability.stable-image-inpaint-v1:0).',
	models: [
		service('stable-conservative-upscale', 'Conservative Upscale', {
			prompt: 'required',
			options: [...PROMPTED, 'strength'],
			strength: { field: 'creativity', label: 'Creativity', min: 0.2, max: 0.5 },
			pricePerImage: { standard: 0.4 },
		}),
		service('stable-creative-upscale', 'Creative Upscale', {
			prompt: 'required',
			options: [...PROMPTED, 'strength', 'style'],
			strength: { field: 'creativity', label: 'Creativity', min: 0.1, max: 0.5 },
			pricePerImage: { standard: 0.6 },
		}),
		service('stable-fast-upscale', 'Fast Upscale', {
			prompt: 'none',
			options: ['outputFormat', 'inputImage'],
			pricePerImage: { standard: 0.03 },
		}),
		service('stable-image-inpaint', 'Inpaint', {
			prompt: 'required',
			options: [...PROMPTED, 'mask', 'style'],
			pricePerImage: { standard: 0.04 },
		}),
		service('stable-outpaint', 'Outpaint', {
			prompt: 'optional',
			options: [...PROMPTED, 'expand', 'strength', 'style'],
			strength: { field: 'creativity', label: 'Creativity', min: 0.1, max: 1 },
			requires: ['expand'],
			pricePerImage: { standard: 0.04 },
		}),
		service('stable-image-search-replace', 'Search and Replace', {
			prompt: 'required',
			options: [...PROMPTED, 'searchPrompt', 'style'],
			requires: ['searchPrompt'],
			pricePerImage: { standard: 0.04 },
		}),
		service('stable-image-search-recolor', 'Search and Recolor', {
			prompt: 'required',
			options: [...PROMPTED, 'searchPrompt', 'style'],
			requires: ['searchPrompt'],
			pricePerImage: { standard: 0.04 },
		}),
		service('stable-image-erase-object', 'Erase Object', {
			prompt: 'none',
			options: ['seed', 'outputFormat', 'inputImage', 'mask'],
			pricePerImage: { standard: 0.04 },
		}),
		service('stable-image-remove-background', 'Remove Background', {
			prompt: 'none',
			options: ['outputFormat', 'inputImage'],
			pricePerImage: { standard: 0.04 },
		}),
		service('stable-image-control-sketch', 'Control Sketch', {
			prompt: 'required',
			options: [...PROMPTED, 'strength', 'style'],
			strength: { field: 'control_strength', label: 'Control Strength', min: 0, max: 1 },
			pricePerImage: { standard: 0.07 },
		}),
		service('stable-image-control-structure', 'Control Structure', {
			prompt: 'required',
			options: [...PROMPTED, 'strength', 'style'],
			strength: { field: 'control_strength', label: 'Control Strength', min: 0, max: 1 },
			pricePerImage: { standard: 0.07 },
		}),
		service('stable-image-style-guide', 'Style Guide', {
			prompt: 'required',
			options: [...PROMPTED, 'aspectRatio', 'strength', 'style'],
			strength: { field: 'fidelity', label: 'Fidelity', min: 0, max: 1 },
			pricePerImage: { standard: 0.07 },
		}),
		service('stable-style-transfer', 'Style Transfer', {
			prompt: 'optional',
			options: [...PROMPTED, 'styleImage', 'strength'],
			strength: { field: 'style_strength', label: 'Style Strength', min: 0, max: 1 },
			requires: ['styleImage'],
			pricePerImage: { standard: 0.08 },
		}),
	],
	maxImagesPerCall: 1,
	maxImages: 10,
	seedRange: STABILITY_SEEDS,
	aspectRatios: [...STABILITY_ASPECT_RATIOS],
	outputFormats: ['png', 'jpeg'],
	choices: {
		style: [
			'3d-model',
			'analog-film',
			'anime',
			'cinematic',
			'comic-book',
			'digital-art',
			'enhance',
			'fantasy-art',
			'isometric',
			'line-art',
			'low-poly',
			'modeling-compound',
			'neon-punk',
			'origami',
			'photographic',
			'pixel-art',
			'tile-texture',
		],
	},
	seedOfRequest: stabilitySeedOfRequest,
	buildRequest(input, model) {
		const body: IDataObject = {};
		const transfer = model.idPrefix === 'stability.stable-style-transfer';
		if (transfer) {
			body.init_image = input.inputImage;
			body.style_image = input.styleImage;
		} else {
			body.image = input.inputImage;
		}
		if (model.prompt !== 'none' && input.prompt !== '') body.prompt = input.prompt;
		if (input.searchPrompt !== undefined) {
			body[model.idPrefix.endsWith('recolor') ? 'select_prompt' : 'search_prompt'] =
				input.searchPrompt;
		}
		if (input.mask !== undefined) body.mask = input.mask;
		if (input.expand) {
			for (const side of ['left', 'right', 'up', 'down'] as const) {
				const pixels = input.expand[side];
				if (pixels) body[side] = pixels;
			}
		}
		if (input.strength !== undefined && model.strength) body[model.strength.field] = input.strength;
		if (input.aspectRatio !== undefined) body.aspect_ratio = input.aspectRatio;
		if (input.style !== undefined) body.style_preset = input.style;
		if (input.negativePrompt !== undefined) body.negative_prompt = input.negativePrompt;
		if (input.seed !== undefined) body.seed = input.seed;
		body.output_format = input.outputFormat ?? 'png';
		return body;
	},
	outputMimeType: (input) => (input.outputFormat === 'jpeg' ? 'image/jpeg' : 'image/png'),
	parseResponse: parseStabilityResponse,
};
