/**
 * Amazon Titan Image Generator G1 v2 (`amazon.titan-image-generator-v2:0`). Its model card gives
 * an end-of-life date: the model list marks it as legacy while Bedrock still serves it.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-image.html
 */
import {
	buildAmazonImageRequest,
	isAmazonContentFilterMessage,
	parseAmazonImageResponse,
	type SizeTable,
} from './amazonImageShared';
import type { ImageFamily } from './types';

// Titan takes a fixed list of sizes; these are its sizes for the ratios it has.
const SIZES: SizeTable = {
	'1:1': [1024, 1024],
	'3:2': [1152, 768],
	'2:3': [768, 1152],
	'16:9': [1152, 640],
};

export const titanImageFamily: ImageFamily<'titanImage'> = {
	id: 'titanImage',
	displayName: 'Amazon Titan Image Generator',
	kind: 'image',
	modelIdPattern: /^amazon\.titan-image-generator-v2/,
	note: 'Legacy: AWS gives Titan Image Generator an end-of-life date; prefer a Stability model for new workflows.',
	endOfLifeRemedy:
		'Titan Image Generator has reached its end of life in this region: switch the node to a Stability model (Stable Image Core for price, Stable Image Ultra for quality, SD3.5 Large for image to image); the prompt and most options carry over.',
	models: [
		{
			idPrefix: 'amazon.titan-image-generator-v2',
			name: 'Titan Image Generator G1 v2',
			prompt: 'required',
			maxPromptLength: 512,
			inputImage: 'optional',
			options: [
				'negativePrompt',
				'seed',
				'aspectRatio',
				'numberOfImages',
				'outputFormat',
				'inputImage',
				'mask',
				'strength',
				'quality',
				'cfgScale',
			],
			strength: { field: 'similarityStrength', label: 'Similarity Strength', min: 0.2, max: 1 },
			pricePerImage: { standard: 0.01, premium: 0.012 },
		},
	],
	maxImagesPerCall: 5,
	maxImages: 5,
	seedRange: { min: 0, max: 2147483646 },
	aspectRatios: Object.keys(SIZES),
	outputFormats: ['png'],
	ranges: { cfgScale: { min: 1.1, max: 10 } },
	choices: { quality: ['standard', 'premium'] },
	// One request makes all the images, from one seed.
	seedOfRequest: (seed) => seed,
	buildRequest: (input) => buildAmazonImageRequest(input, SIZES),
	outputMimeType: () => 'image/png',
	parseResponse: parseAmazonImageResponse,
	isContentFilterMessage: isAmazonContentFilterMessage,
};
