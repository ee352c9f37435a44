/**
 * How each embedding family embeds many texts for the Embeddings sub-node: the request bodies of
 * AWS's model parameter pages, Bedrock's per-request limits, and vectors read back in order.
 */
import { cohereEmbedFamily } from '../../../../nodes/Bedrock/families/cohereEmbed';
import { novaEmbedFamily } from '../../../../nodes/Bedrock/families/novaEmbed';
import {
	detectEmbeddingFamily,
	embeddingFamilyNames,
} from '../../../../nodes/Bedrock/families/registry';
import { titanEmbedFamily } from '../../../../nodes/Bedrock/families/titanEmbed';
import type { EmbeddingBatchSpec } from '../../../../nodes/Bedrock/families/types';

function specOf(family: { embeddings?: EmbeddingBatchSpec }): EmbeddingBatchSpec {
	if (!family.embeddings) throw new Error('no embeddings spec');
	return family.embeddings;
}

const titan = specOf(titanEmbedFamily);
const cohere = specOf(cohereEmbedFamily);
const nova = specOf(novaEmbedFamily);

describe('embedding families for the Embeddings sub-node', () => {
	it('are found from model IDs, profile IDs and ARNs; text models are not embedding families', () => {
		expect(detectEmbeddingFamily('amazon.titan-embed-text-v2:0')?.id).toBe('titanEmbed');
		expect(detectEmbeddingFamily('us.cohere.embed-v4:0')?.id).toBe('cohereEmbed');
		expect(
			detectEmbeddingFamily(
				'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-2-multimodal-embeddings-v1:0',
			)?.id,
		).toBe('novaEmbed');
		expect(detectEmbeddingFamily('amazon.nova-2-lite-v1:0')).toBeUndefined();
		expect(detectEmbeddingFamily('anthropic.claude-3-haiku-20240307-v1:0')).toBeUndefined();
		expect(embeddingFamilyNames()).toEqual([
			'Amazon Titan Text Embeddings',
			'Cohere Embed',
			'Amazon Nova Multimodal Embeddings',
		]);
	});

	describe('Titan Text Embeddings', () => {
		it('sends one text with dimensions and normalize to V2, the text alone to V1', () => {
			const modelId = 'amazon.titan-embed-text-v2:0';
			expect(titan.maxTextsPerRequest(modelId)).toBe(1);
			expect(titan.dimensions(modelId)).toEqual([1024, 512, 256]);
			expect(titan.takesNormalize(modelId)).toBe(true);
			expect(
				titan.buildBatchRequest({
					modelId,
					texts: ['hello'],
					purpose: 'document',
					dimensions: 256,
				}),
			).toEqual({ inputText: 'hello', dimensions: 256, normalize: true });
			expect(
				titan.buildBatchRequest({
					modelId,
					texts: ['hello'],
					purpose: 'query',
					normalize: false,
				}),
			).toEqual({ inputText: 'hello', dimensions: 1024, normalize: false });
			const v1 = 'amazon.titan-embed-text-v1';
			expect(titan.dimensions(v1)).toEqual([]);
			expect(titan.takesNormalize(v1)).toBe(false);
			expect(titan.buildBatchRequest({ modelId: v1, texts: ['hi'], purpose: 'document' })).toEqual({
				inputText: 'hi',
			});
		});

		it('refuses a length V2 does not make and reads the vector back', () => {
			expect(() =>
				titan.buildBatchRequest({
					modelId: 'amazon.titan-embed-text-v2:0',
					texts: ['x'],
					purpose: 'document',
					dimensions: 300,
				}),
			).toThrow('Dimensions must be one of 256, 512, 1024');
			expect(() =>
				titan.buildBatchRequest({
					modelId: 'amazon.titan-embed-text-v2:0',
					texts: ['x'.repeat(50_001)],
					purpose: 'document',
				}),
			).toThrow("at most 50000 characters (got 50001). Lower the text splitter's chunk size.");
			expect(titan.parseBatchResponse({ embedding: [0.1, 0.2], inputTextTokenCount: 1 })).toEqual([
				[0.1, 0.2],
			]);
		});
	});

	describe('Cohere Embed', () => {
		it('v3: several texts per request, search_document for documents and search_query for queries', () => {
			const modelId = 'cohere.embed-english-v3';
			expect(cohere.maxTextsPerRequest(modelId)).toBe(96);
			expect(cohere.dimensions(modelId)).toEqual([]);
			expect(
				cohere.buildBatchRequest({
					modelId,
					texts: ['a', 'b'],
					purpose: 'document',
					truncation: 'end',
				}),
			).toEqual({ texts: ['a', 'b'], input_type: 'search_document', truncate: 'END' });
			expect(
				cohere.buildBatchRequest({ modelId, texts: ['q'], purpose: 'query', truncation: 'none' }),
			).toEqual({ texts: ['q'], input_type: 'search_query' });
		});

		it('v4: float vectors asked for, an output dimension, LEFT/RIGHT truncation', () => {
			const modelId = 'us.cohere.embed-v4:0';
			expect(cohere.dimensions(modelId)).toEqual([1536, 1024, 512, 256]);
			expect(
				cohere.buildBatchRequest({
					modelId,
					texts: ['a'],
					purpose: 'document',
					dimensions: 512,
					truncation: 'start',
				}),
			).toEqual({
				texts: ['a'],
				input_type: 'search_document',
				truncate: 'LEFT',
				embedding_types: ['float'],
				output_dimension: 512,
			});
			expect(() =>
				cohere.buildBatchRequest({ modelId, texts: ['a'], purpose: 'query', dimensions: 3072 }),
			).toThrow('Dimensions must be one of 1536, 1024, 512, 256 for Cohere Embed v4');
		});

		it('refuses more than 96 texts and, on v3, a text over 2,048 characters', () => {
			expect(() =>
				cohere.buildBatchRequest({
					modelId: 'cohere.embed-english-v3',
					texts: Array.from({ length: 97 }, () => 'x'),
					purpose: 'document',
				}),
			).toThrow('Cohere Embed takes at most 96 texts per request (got 97)');
			expect(() =>
				cohere.buildBatchRequest({
					modelId: 'cohere.embed-multilingual-v3',
					texts: ['short', 'y'.repeat(2049)],
					purpose: 'document',
				}),
			).toThrow("text 2 of this request has 2049. Lower the text splitter's chunk size.");
		});

		it('reads the vectors back in order, as floats or by type', () => {
			expect(cohere.parseBatchResponse({ embeddings: [[1], [2], [3]] })).toEqual([[1], [2], [3]]);
			expect(
				cohere.parseBatchResponse({
					embeddings: { float: [[1], [2]] },
					response_type: 'embeddings_by_type',
				}),
			).toEqual([[1], [2]]);
		});
	});

	describe('Nova Multimodal Embeddings', () => {
		it('indexes documents with GENERIC_INDEX and queries with TEXT_RETRIEVAL', () => {
			const modelId = 'amazon.nova-2-multimodal-embeddings-v1:0';
			expect(nova.maxTextsPerRequest(modelId)).toBe(1);
			expect(nova.dimensions(modelId)).toEqual([3072, 1024, 384, 256]);
			expect(nova.buildBatchRequest({ modelId, texts: ['page'], purpose: 'document' })).toEqual({
				taskType: 'SINGLE_EMBEDDING',
				singleEmbeddingParams: {
					embeddingPurpose: 'GENERIC_INDEX',
					embeddingDimension: 3072,
					text: { truncationMode: 'END', value: 'page' },
				},
			});
			expect(
				nova.buildBatchRequest({
					modelId,
					texts: ['question'],
					purpose: 'query',
					dimensions: 384,
					truncation: 'none',
				}),
			).toEqual({
				taskType: 'SINGLE_EMBEDDING',
				singleEmbeddingParams: {
					embeddingPurpose: 'TEXT_RETRIEVAL',
					embeddingDimension: 384,
					text: { truncationMode: 'NONE', value: 'question' },
				},
			});
			expect(() =>
				nova.buildBatchRequest({ modelId, texts: ['x'], purpose: 'query', dimensions: 512 }),
			).toThrow('Dimensions must be one of 3072, 1024, 384, 256');
		});

		it('reads the TEXT embedding back, and builds the Invoke Model form body', () => {
			expect(
				nova.parseBatchResponse({
					embeddings: [{ embeddingType: 'TEXT', embedding: [0.5, 0.25] }],
				}),
			).toEqual([[0.5, 0.25]]);
			expect(
				novaEmbedFamily.buildRequest({
					modelId: 'amazon.nova-2-multimodal-embeddings-v1:0',
					prompt: 'Hello',
					knobs: {},
					extra: { novaEmbedDimensions: 256, novaEmbedPurpose: 'CLUSTERING' },
				}),
			).toEqual({
				taskType: 'SINGLE_EMBEDDING',
				singleEmbeddingParams: {
					embeddingPurpose: 'CLUSTERING',
					embeddingDimension: 256,
					text: { truncationMode: 'END', value: 'Hello' },
				},
			});
			expect(
				novaEmbedFamily.parseResponse(
					{ embeddings: [{ embeddingType: 'TEXT', embedding: [1, 0] }] },
					{ inputTokens: 2 },
				),
			).toMatchObject({ embedding: [1, 0], usage: { inputTokens: 2 } });
		});
	});
});
