/** What Stability's models and Image Services on Bedrock share: aspect ratios, seeds, the response. */
import type { IDataObject } from 'n8n-workflow';

import { asArray, asNumber } from './shared';
import type { ImageReply, NumberRange } from './types';

export const STABILITY_ASPECT_RATIOS = [
	'1:1',
	'16:9',
	'21:9',
	'2:3',
	'3:2',
	'4:5',
	'5:4',
	'9:16',
	'9:21',
] as const;

/** Seed 0 lets the model pick one. */
export const STABILITY_SEEDS: NumberRange = { min: 0, max: 4294967294 };

/**
 * `{ seeds, finish_reasons, images }`: a `null` finish reason is success; `Filter reason: prompt`,
 * `... output image`, `... input image` mean the content filter refused; `Inference error` failed.
 */
export function parseStabilityResponse(body: IDataObject): ImageReply {
	const images = asArray(body.images).filter((image): image is string => typeof image === 'string');
	const seeds = asArray(body.seeds).map(asNumber);
	const reasons = asArray(body.finish_reasons);
	const refusal = reasons.find((reason): reason is string => typeof reason === 'string');
	if (refusal !== undefined) {
		return {
			images: [],
			seeds,
			finishReason: /^Filter reason/i.test(refusal) ? 'content_filtered' : 'error',
			detail: refusal,
		};
	}
	if (images.length === 0) {
		return { images, seeds, finishReason: 'error', detail: 'The response carried no image' };
	}
	return { images, seeds: images.map((_image, index) => seeds[index]), finishReason: 'success' };
}

/**
 * Stability answers one image per request: several images are several requests, with seed, seed + 1,
 * ... when a seed is set (0 and none let the model pick each time).
 */
export function stabilitySeedOfRequest(
	seed: number | undefined,
	request: number,
): number | undefined {
	if (seed === undefined || seed === 0) return seed;
	return Math.min(seed + request, STABILITY_SEEDS.max);
}
