import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { novaCanvasFamily } from '../../../../nodes/Bedrock/families/novaCanvas';
import { stabilityImageFamily } from '../../../../nodes/Bedrock/families/stabilityImage';
import { stabilityServicesFamily } from '../../../../nodes/Bedrock/families/stabilityServices';
import { titanImageFamily } from '../../../../nodes/Bedrock/families/titanImage';

function fixture(name: string): IDataObject {
	const file = JSON.parse(
		readFileSync(join(__dirname, '../../../fixtures/image', `${name}.json`), 'utf8'),
	) as IDataObject;
	expect(typeof file._source).toBe('string');
	const { _source, ...body } = file;
	void _source;
	return body;
}

describe('image responses (named fixtures)', () => {
	it('reads Stability’s images and seeds', () => {
		const body = fixture('stability-success');
		for (const family of [stabilityImageFamily, stabilityServicesFamily]) {
			expect(family.parseResponse(body)).toEqual({
				images: body.images,
				seeds: [2130420379],
				finishReason: 'success',
			});
		}
	});

	it('reports Stability’s filter reasons as content filtered and an inference error as an error', () => {
		expect(stabilityImageFamily.parseResponse(fixture('stability-filtered'))).toEqual({
			images: [],
			seeds: [],
			finishReason: 'content_filtered',
			detail: 'Filter reason: prompt',
		});
		expect(
			stabilityServicesFamily.parseResponse(fixture('stability-inference-error')),
		).toMatchObject({
			finishReason: 'error',
			detail: 'Inference error',
		});
	});

	it('reads Amazon’s images, and withheld images as content filtered', () => {
		for (const family of [novaCanvasFamily, titanImageFamily]) {
			const body = fixture('nova-canvas-success');
			expect(family.parseResponse(body)).toEqual({
				images: body.images,
				seeds: [undefined, undefined],
				finishReason: 'success',
			});
			expect(family.parseResponse(fixture('nova-canvas-withheld'))).toMatchObject({
				images: [],
				finishReason: 'content_filtered',
			});
			expect(
				family.isContentFilterMessage?.(
					'This request has been blocked by our content filters. Please adjust your text prompt to submit a new request.',
				),
			).toBe(true);
			expect(family.isContentFilterMessage?.('Malformed input request')).toBe(false);
		}
	});
});
