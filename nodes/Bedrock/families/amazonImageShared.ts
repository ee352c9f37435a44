/**
 * The request shape Amazon's image generators share (Nova Canvas, Titan Image Generator v2): a
 * `taskType` with its parameters and `imageGenerationConfig`. Text to image, image variation from
 * the input image, and inpainting where a mask is given.
 * https://docs.aws.amazon.com/nova/latest/userguide/image-gen-req-resp-structure.html
 */
import type { IDataObject } from 'n8n-workflow';

import { asArray, asString } from './shared';
import type { ImageReply, ImageRequestInput } from './types';

/** Width × height for each aspect ratio the family offers. */
export type SizeTable = Record<string, [number, number]>;

export function buildAmazonImageRequest(input: ImageRequestInput, sizes: SizeTable): IDataObject {
	const text: IDataObject = {};
	if (input.prompt !== '') text.text = input.prompt;
	if (input.negativePrompt !== undefined) text.negativeText = input.negativePrompt;
	let body: IDataObject;
	if (input.inputImage !== undefined && input.mask !== undefined) {
		body = {
			taskType: 'INPAINTING',
			inPaintingParams: { image: input.inputImage, ...text, maskImage: input.mask },
		};
	} else if (input.inputImage !== undefined) {
		body = {
			taskType: 'IMAGE_VARIATION',
			imageVariationParams: {
				images: [input.inputImage],
				...text,
				...(input.strength !== undefined ? { similarityStrength: input.strength } : {}),
			},
		};
	} else {
		body = {
			taskType: 'TEXT_IMAGE',
			textToImageParams: { ...text, ...(input.style !== undefined ? { style: input.style } : {}) },
		};
	}
	const [width, height] = sizes[input.aspectRatio ?? '1:1'];
	const config: IDataObject = { numberOfImages: input.numberOfImages, width, height };
	if (input.quality !== undefined) config.quality = input.quality;
	if (input.cfgScale !== undefined) config.cfgScale = input.cfgScale;
	if (input.seed !== undefined) config.seed = input.seed;
	body.imageGenerationConfig = config;
	return body;
}

/** `{ images: [base64 PNG], error }`: `error` names images the content filter withheld. */
export function parseAmazonImageResponse(body: IDataObject): ImageReply {
	const images = asArray(body.images).filter((image): image is string => typeof image === 'string');
	const error = asString(body.error);
	if (images.length === 0) {
		return {
			images,
			seeds: [],
			finishReason: error !== '' && /content filter/i.test(error) ? 'content_filtered' : 'error',
			detail: error !== '' ? error : 'The response carried no image',
		};
	}
	return { images, seeds: images.map(() => undefined), finishReason: 'success' };
}

/** Amazon's models refuse a prompt or image their filters block with a ValidationException. */
export function isAmazonContentFilterMessage(message: string): boolean {
	return /blocked by our content filters/i.test(message);
}
