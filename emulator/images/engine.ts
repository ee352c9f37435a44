/**
 * The image models' deterministic engine: images drawn from the model, prompt and seed (see
 * encode.ts), seeds chosen from the prompt where the request leaves them to the model, and the
 * content filter: a prompt containing the marker word `nsfw` (any case, as a word) is refused as
 * the real filters refuse unsafe prompts.
 */
import { createHash } from 'node:crypto';

import { EmulatorValidationError } from '../types';
import type { EmulatedImageFormat } from './encode';
import { renderImage } from './encode';

export const IMAGE_FILTER_MARKER = 'nsfw';

export interface ImageGenerationRequest {
	modelId: string;
	/** Everything the result depends on beside the seed: prompts, input images, task. */
	content: string;
	/** The text the content filter checks. */
	filteredText: string;
	seed?: number;
	count: number;
	format: EmulatedImageFormat;
}

export interface ImageGeneration {
	/** Base64 images. */
	images: string[];
	seeds: number[];
	filtered: boolean;
}

export function isFilteredText(text: string): boolean {
	return new RegExp(`\\b${IMAGE_FILTER_MARKER}\\b`, 'i').test(text);
}

/** The seed the model picks when the request leaves it open: stable for the same content. */
function chosenSeed(request: ImageGenerationRequest, maxSeed: number): number {
	const digest = createHash('sha256').update(`${request.modelId}|${request.content}`).digest();
	return digest.readUInt32BE(0) % (maxSeed + 1);
}

export function generateImages(request: ImageGenerationRequest, maxSeed: number): ImageGeneration {
	const seed = request.seed ?? chosenSeed(request, maxSeed);
	if (isFilteredText(request.filteredText)) return { images: [], seeds: [seed], filtered: true };
	const images: string[] = [];
	const seeds: number[] = [];
	for (let index = 0; index < request.count; index++) {
		images.push(
			renderImage(
				`${request.modelId}|${request.content}|${seed}|${index}`,
				request.format,
			).toString('base64'),
		);
		seeds.push(seed);
	}
	return { images, seeds, filtered: false };
}

const SIGNATURES: Array<{ format: string; test: (bytes: Buffer) => boolean }> = [
	{
		format: 'png',
		test: (bytes) => bytes.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex')),
	},
	{ format: 'jpeg', test: (bytes) => bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff },
	{
		format: 'webp',
		test: (bytes) =>
			bytes.subarray(0, 4).toString('ascii') === 'RIFF' &&
			bytes.subarray(8, 12).toString('ascii') === 'WEBP',
	},
];

/** The format of a base64 input image; a body whose image is not PNG, JPEG or WebP is refused. */
export function inputImageFormat(data: unknown, field: string): string {
	const bytes = typeof data === 'string' ? Buffer.from(data, 'base64') : Buffer.alloc(0);
	const format = SIGNATURES.find((signature) => signature.test(bytes))?.format;
	if (!format) {
		throw new EmulatorValidationError(
			`Invalid image in ${field}: the image must be a base64-encoded PNG, JPEG or WebP.`,
		);
	}
	return format;
}

/** A short digest of an input image for the engine's content key. */
export function imageDigest(data: unknown): string {
	return createHash('sha256')
		.update(typeof data === 'string' ? data : '')
		.digest('hex')
		.slice(0, 16);
}
