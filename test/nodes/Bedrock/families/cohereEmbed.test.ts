import { cohereEmbedFamily } from '../../../../nodes/Bedrock/families/cohereEmbed';
import { loadResponse, request } from './fixtures';

describe('Cohere Embed family', () => {
	it('embeds the prompt as one text with the chosen input type', () => {
		expect(
			request(cohereEmbedFamily, 'Hello', { extra: { cohereEmbedInputType: 'search_query' } }),
		).toEqual({
			texts: ['Hello'],
			input_type: 'search_query',
		});
		expect(request(cohereEmbedFamily, 'Hello')).toEqual({
			texts: ['Hello'],
			input_type: 'search_document',
		});
	});

	it('takes a texts list from the JSON field, and truncation', () => {
		expect(
			request(cohereEmbedFamily, 'ignored', {
				extra: { cohereEmbedTexts: '["first text", "second text"]', cohereEmbedTruncate: 'END' },
			}),
		).toEqual({
			texts: ['first text', 'second text'],
			input_type: 'search_document',
			truncate: 'END',
		});
		expect(() => request(cohereEmbedFamily, 'x', { extra: { cohereEmbedTexts: '[1]' } })).toThrow(
			/'Texts' must be a JSON array of strings/,
		);
		expect(() =>
			request(cohereEmbedFamily, 'x', { extra: { cohereEmbedInputType: 'other' } }),
		).toThrow(/Input Type must be one of/);
	});

	it('normalises the recorded response, usage from the headers', () => {
		const { body, headerUsage } = loadResponse('cohereEmbed');
		expect(cohereEmbedFamily.parseResponse(body, headerUsage)).toEqual({
			text: '',
			stopReason: 'end_turn',
			usage: {
				inputTokens: 6,
				outputTokens: 0,
				totalTokens: 6,
				cacheReadInputTokens: 0,
				cacheWriteInputTokens: 0,
			},
			embedding: [
				[0.0213, -0.0147, 0.0562, 0.0084],
				[-0.0331, 0.0409, 0.0127, -0.0275],
			],
		});
	});

	it('gives one vector for one text, also from embeddings by type', () => {
		expect(cohereEmbedFamily.parseResponse({ embeddings: { float: [[1, 2]] } }).embedding).toEqual([
			1, 2,
		]);
	});
});
