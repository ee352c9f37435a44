/**
 * Amazon Nova Canvas (`amazon.nova-canvas-v1:0`). Its model card gives an end-of-life date: the
 * model list marks it as legacy while Bedrock still serves it.
 * https://docs.aws.amazon.com/nova/latest/userguide/image-gen-req-resp-structure.html
 */
import {
	buildAmazonImageRequest,
	isAmazonContentFilterMessage,
	parseAmazonImageResponse,
	type SizeTable,
} from './amazonImageShared';
import type { ImageFamily } from './types';

// Sides divisible by 16, about one megapixel.
const SIZES: SizeTable = {
	'1:1': [1024, 1024],
	'16:9': [1280, 720],
	'9:16': [720, 1280],
	'3:2': [1152, 768],
	'2:3': [768, 1152],
	'5:4': [1120, 896],
	'4:5': [896, 1120],
	'21:9': [1344, 576],
	'9:21': [576, 1344],
};

export const novaCanvasFamily: ImageFamily<'novaCanvas'> = {
	id: 'novaCanvas',
	displayName: 'Amazon Nova Canvas',
	kind: 'image',
	modelIdPattern: /^amazon\.nova-canvas/,
	note: 'Legacy: AWS gives Nova Canvas an end-of-life date; prefer a Stability model for new workflows.',
	endOfLifeRemedy:
		'Nova Canvas has reached its end of life in this region: switch the node to a Stability model (Stable Image Core for price, Stable Image Ultra for quality, SD3.5 Large for image to image); the prompt and most options carry over.',
	models: [
		{
			idPrefix: 'amazon.nova-canvas',
			name: 'Nova Canvas',
			prompt: 'required',
			maxPromptLength: 1024,
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
				'style',
				'cfgScale',
			],
			strength: { field: 'similarityStrength', label: 'Similarity Strength', min: 0.2, max: 1 },
			pricePerImage: { standard: 0.04, premium: 0.06 },
		},
	],
	maxImagesPerCall: 5,
	maxImages: 5,
	seedRange: { min: 0, max: 858993459 },
	aspectRatios: Object.keys(SIZES),
	outputFormats: ['png'],
	ranges: { cfgScale: { min: 1.1, max: 10 } },
	choices: {
		quality: ['standard', 'premium'],
		style: [
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
	// One request makes all the images, from one seed.
	seedOfRequest: (seed) => seed,
	buildRequest: (input) => buildAmazonImageRequest(input, SIZES),
	outputMimeType: () => 'image/png',
	parseResponse: parseAmazonImageResponse,
	isContentFilterMessage: isAmazonContentFilterMessage,
};
