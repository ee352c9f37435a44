import { validateKnobs } from '../../../../nodes/Bedrock/families/registry';
import { titanEmbedFamily } from '../../../../nodes/Bedrock/families/titanEmbed';
import { loadResponse, request } from './fixtures';

describe('Amazon Titan Text Embeddings family', () => {
	it('builds a V2 body with dimensions and normalize', () => {
		expect(
			request(titanEmbedFamily, 'Hello world', {
				modelId: 'amazon.titan-embed-text-v2:0',
				extra: { titanEmbedDimensions: 512, titanEmbedNormalize: false },
			}),
		).toEqual({ inputText: 'Hello world', dimensions: 512, normalize: false });
		expect(
			request(titanEmbedFamily, 'Hello world', { modelId: 'amazon.titan-embed-text-v2:0' }),
		).toEqual({
			inputText: 'Hello world',
			dimensions: 1024,
			normalize: true,
		});
	});

	it('sends only the text to V1, and refuses other dimensions', () => {
		expect(
			request(titanEmbedFamily, 'Hi', {
				modelId: 'amazon.titan-embed-text-v1',
				extra: { titanEmbedDimensions: 256 },
			}),
		).toEqual({
			inputText: 'Hi',
		});
		expect(() =>
			request(titanEmbedFamily, 'Hi', {
				modelId: 'amazon.titan-embed-text-v2:0',
				extra: { titanEmbedDimensions: 300 },
			}),
		).toThrow(/Dimensions must be one of 256, 512, 1024/);
	});

	it('normalises the recorded response', () => {
		const { body } = loadResponse('titanEmbed');
		const reply = titanEmbedFamily.parseResponse(body);
		expect(reply).toEqual({
			text: '',
			stopReason: 'end_turn',
			usage: {
				inputTokens: 4,
				outputTokens: 0,
				totalTokens: 4,
				cacheReadInputTokens: 0,
				cacheWriteInputTokens: 0,
			},
			embedding: [0.0123, -0.0456, 0.0789, 0.0311, -0.0642, 0.0275, -0.0098, 0.0554],
		});
		const parser = titanEmbedFamily.createStreamParser();
		expect(parser.push(body)).toBe('');
		expect(parser.finish()).toEqual(reply);
	});

	it('has no knobs', () => {
		expect(() => validateKnobs(titanEmbedFamily, { temperature: 0.5 })).toThrow(
			'Temperature is not supported by Amazon Titan Text Embeddings models; remove it from Options.',
		);
		expect(() => validateKnobs(titanEmbedFamily, {})).not.toThrow();
	});
});
