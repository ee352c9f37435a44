import { titanEmbedFormat } from '../../../emulator/native/titanEmbed';
import type { EmbeddingRequest } from '../../../emulator/types';
import { validationMessage } from './generations';

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html
const modelId = 'amazon.titan-embed-text-v2:0';

describe('titan embeddings native format', () => {
	it('parses a documented V2 request', () => {
		expect(
			titanEmbedFormat.parseRequest(
				{ inputText: 'Hello', dimensions: 512, normalize: true },
				modelId,
			),
		).toEqual({ modelId, texts: ['Hello'], dimensions: 512, normalize: true });
	});

	it('refuses an undocumented size and V2-only keys on G1', () => {
		expect(
			validationMessage(() =>
				titanEmbedFormat.parseRequest({ inputText: 'x', dimensions: 300 }, modelId),
			),
		).toBe(
			'Malformed input request: #/dimensions: 300 is not a valid enum value, please reformat your input and try again.',
		);
		expect(
			validationMessage(() =>
				titanEmbedFormat.parseRequest(
					{ inputText: 'x', dimensions: 256 },
					'amazon.titan-embed-text-v1',
				),
			),
		).toContain('#: extraneous key [dimensions] is not permitted');
	});

	it('renders the embedding, with embeddings by type on V2', () => {
		const result = { embeddings: [[0.5, -0.5, 0.1]], inputTokens: 2 };
		const request = titanEmbedFormat.parseRequest(
			{ inputText: 'Hello', embeddingTypes: ['float', 'binary'] },
			modelId,
		) as EmbeddingRequest;
		expect(titanEmbedFormat.renderResponse(result, request)).toEqual({
			embedding: [0.5, -0.5, 0.1],
			inputTextTokenCount: 2,
			embeddingsByType: { float: [0.5, -0.5, 0.1], binary: [1, 0, 1] },
		});
		const v1 = titanEmbedFormat.parseRequest(
			{ inputText: 'Hello' },
			'amazon.titan-embed-text-v1',
		) as EmbeddingRequest;
		expect(titanEmbedFormat.renderResponse(result, v1)).toEqual({
			embedding: [0.5, -0.5, 0.1],
			inputTextTokenCount: 2,
		});
		expect(titanEmbedFormat.streamMetrics).toBe(false);
	});
});
