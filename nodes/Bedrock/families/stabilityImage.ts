/**
 * Stability AI's text-to-image models on Bedrock: Stable Diffusion 3.5 Large (text-to-image and
 * image-to-image), Stable Image Core and Stable Image Ultra. One image per request.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-diffusion-3-5-large.html
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-diffusion-stable-ultra-text-image-request-response.html
 */
import type { IDataObject } from 'n8n-workflow';

import {
	parseStabilityResponse,
	STABILITY_ASPECT_RATIOS,
	STABILITY_SEEDS,
	stabilitySeedOfRequest,
} from './stabilityShared';
import type { ImageFamily } from './types';

const TEXT_TO_IMAGE = [
	'negativePrompt',
	'seed',
	'aspectRatio',
	'numberOfImages',
	'outputFormat',
] as const;

export const stabilityImageFamily: ImageFamily<'stabilityImage'> = {
	id: 'stabilityImage',
	displayName: 'Stability AI',
	kind: 'image',
	modelIdPattern: /^stability\.(?:sd3-5-large|stable-image-core|stable-image-ultra)/,
	models: [
		{
			idPrefix: 'stability.sd3-5-large',
			name: 'Stable Diffusion 3.5 Large',
			prompt: 'required',
			maxPromptLength: 10000,
			inputImage: 'optional',
			options: [...TEXT_TO_IMAGE, 'inputImage', 'strength'],
			strength: { field: 'strength', label: 'Strength', min: 0, max: 1 },
			aspectRatioTextToImageOnly: true,
			pricePerImage: { standard: 0.08 },
		},
		{
			idPrefix: 'stability.stable-image-core',
			name: 'Stable Image Core',
			prompt: 'required',
			maxPromptLength: 10000,
			inputImage: 'none',
			options: [...TEXT_TO_IMAGE],
			pricePerImage: { standard: 0.04 },
		},
		{
			idPrefix: 'stability.stable-image-ultra',
			name: 'Stable Image Ultra',
			prompt: 'required',
			maxPromptLength: 10000,
			inputImage: 'none',
			options: [...TEXT_TO_IMAGE],
			pricePerImage: { standard: 0.14 },
		},
	],
	maxImagesPerCall: 1,
	maxImages: 10,
	seedRange: STABILITY_SEEDS,
	aspectRatios: [...STABILITY_ASPECT_RATIOS],
	outputFormats: ['png', 'jpeg'],
	seedOfRequest: stabilitySeedOfRequest,
	buildRequest(input) {
		const body: IDataObject = { prompt: input.prompt };
		if (input.inputImage !== undefined) {
			body.mode = 'image-to-image';
			body.image = input.inputImage;
			// Image-to-image needs a strength; 0.7 keeps the picture's composition but follows the prompt.
			body.strength = input.strength ?? 0.7;
		} else if (input.aspectRatio !== undefined) {
			body.aspect_ratio = input.aspectRatio;
		}
		if (input.negativePrompt !== undefined) body.negative_prompt = input.negativePrompt;
		if (input.seed !== undefined) body.seed = input.seed;
		body.output_format = input.outputFormat ?? 'png';
		return body;
	},
	outputMimeType: (input) => (input.outputFormat === 'jpeg' ? 'image/jpeg' : 'image/png'),
	parseResponse: parseStabilityResponse,
};
