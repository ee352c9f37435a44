/**
 * The emulator's embedding models: vectors that are deterministic and mean something (a query
 * lands nearest the text that shares its words), Cohere Embed v4's and Nova Multimodal
 * Embeddings' bodies, and Cohere's 96-text limit refused with AWS's wording, over the real SDK.
 */
import { BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';

import type { RunningEmulator } from '../../emulator';
import { EMULATOR_CREDENTIALS, start } from '../../emulator';
import { embed } from '../../emulator/engine';
import { cohereEmbedFormat } from '../../emulator/native/cohereEmbed';
import { novaEmbedFormat } from '../../emulator/native/novaEmbed';
import type { EmbeddingRequest } from '../../emulator/types';
import { validationMessage } from './native/generations';

const dot = (a: number[], b: number[]) =>
	a.reduce((sum, value, index) => sum + value * b[index], 0);

describe('emulator embeddings', () => {
	it('embed a query nearest the document that shares its words, the same on every call', () => {
		const documents = [
			'Refunds are paid to the original card within 14 days.',
			'To reset your password, follow the link in the reset email.',
			'Orders ship within two working days.',
		];
		const modelId = 'amazon.titan-embed-text-v2:0';
		const { embeddings } = embed({ modelId, texts: documents, dimensions: 256 });
		const [query] = embed({
			modelId,
			texts: ['How can I reset my password?'],
			dimensions: 256,
		}).embeddings;
		const scores = embeddings.map((vector) => dot(query, vector));
		expect(scores.indexOf(Math.max(...scores))).toBe(1);
		expect(embed({ modelId, texts: documents, dimensions: 256 }).embeddings).toEqual(embeddings);
		// Different texts never coincide, even with the same words in another order.
		const [ab, ba] = embed({ modelId, texts: ['refund card', 'card refund'] }).embeddings;
		expect(ab).not.toEqual(ba);
		expect(dot(ab, ba)).toBeGreaterThan(0.9);
	});

	it('parse Cohere Embed v4 bodies: output dimension, LEFT/RIGHT truncation, answers by type', () => {
		const modelId = 'cohere.embed-v4:0';
		const request = cohereEmbedFormat.parseRequest(
			{
				texts: ['a', 'b'],
				input_type: 'search_document',
				output_dimension: 256,
				truncate: 'RIGHT',
			},
			modelId,
		) as EmbeddingRequest;
		expect(request).toMatchObject({ texts: ['a', 'b'], dimensions: 256 });
		expect(
			cohereEmbedFormat.renderResponse({ embeddings: [[1], [2]], inputTokens: 2 }, request),
		).toMatchObject({ response_type: 'embeddings_by_type', embeddings: { float: [[1], [2]] } });
		expect(
			validationMessage(() =>
				cohereEmbedFormat.parseRequest(
					{ texts: ['a'], input_type: 'search_query', truncate: 'END' },
					modelId,
				),
			),
		).toBe(
			'Malformed input request: #/truncate: END is not a valid enum value, please reformat your input and try again.',
		);
	});

	it('parse and render Nova Multimodal Embeddings bodies', () => {
		const modelId = 'amazon.nova-2-multimodal-embeddings-v1:0';
		const request = novaEmbedFormat.parseRequest(
			{
				taskType: 'SINGLE_EMBEDDING',
				singleEmbeddingParams: {
					embeddingPurpose: 'GENERIC_INDEX',
					embeddingDimension: 384,
					text: { truncationMode: 'END', value: 'Hello World!' },
				},
			},
			modelId,
		);
		expect(request).toEqual({ modelId, texts: ['Hello World!'], dimensions: 384 });
		expect(
			novaEmbedFormat.renderResponse({ embeddings: [[0.5]], inputTokens: 3 }, request),
		).toEqual({ embeddings: [{ embeddingType: 'TEXT', embedding: [0.5] }] });
		expect(
			validationMessage(() =>
				novaEmbedFormat.parseRequest(
					{
						taskType: 'SINGLE_EMBEDDING',
						singleEmbeddingParams: { embeddingPurpose: 'GENERIC_INDEX', embeddingDimension: 512 },
					},
					modelId,
				),
			),
		).toContain('#/singleEmbeddingParams/embeddingDimension');
	});

	describe('over the wire', () => {
		let emulator: RunningEmulator;
		let client: BedrockRuntimeClient;

		beforeAll(async () => {
			emulator = await start({ port: 0 });
			client = new BedrockRuntimeClient({
				region: EMULATOR_CREDENTIALS.region,
				endpoint: emulator.url,
				credentials: {
					accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
					secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
				},
				maxAttempts: 1,
			});
		});
		afterAll(async () => {
			client.destroy();
			await emulator.close();
		});

		const invoke = async (modelId: string, body: unknown) =>
			await client.send(
				new InvokeModelCommand({
					modelId,
					contentType: 'application/json',
					body: new TextEncoder().encode(JSON.stringify(body)),
				}),
			);

		it('refuses a Cohere request of more than 96 texts as Bedrock does', async () => {
			const texts = Array.from({ length: 97 }, (_unused, index) => `text ${index}`);
			const failure = await invoke('cohere.embed-english-v3', {
				texts,
				input_type: 'search_document',
			}).catch((error: unknown) => error);
			expect(failure).toMatchObject({
				name: 'ValidationException',
				message:
					'Malformed input request: #/texts: expected maximum item count: 96, found: 97, please reformat your input and try again.',
				$metadata: { httpStatusCode: 400 },
			});
			const answer = await invoke('cohere.embed-english-v3', {
				texts: texts.slice(0, 96),
				input_type: 'search_document',
			});
			const body = JSON.parse(new TextDecoder().decode(answer.body)) as { embeddings: number[][] };
			expect(body.embeddings).toHaveLength(96);
		});

		it('serves Nova Multimodal Embeddings and Cohere Embed v4 through its profile', async () => {
			const nova = await invoke('amazon.nova-2-multimodal-embeddings-v1:0', {
				taskType: 'SINGLE_EMBEDDING',
				singleEmbeddingParams: {
					embeddingPurpose: 'TEXT_RETRIEVAL',
					embeddingDimension: 256,
					text: { truncationMode: 'END', value: 'Where is my parcel?' },
				},
			});
			const novaBody = JSON.parse(new TextDecoder().decode(nova.body)) as {
				embeddings: Array<{ embeddingType: string; embedding: number[] }>;
			};
			expect(novaBody.embeddings[0].embeddingType).toBe('TEXT');
			expect(novaBody.embeddings[0].embedding).toHaveLength(256);
			const v4 = await invoke('us.cohere.embed-v4:0', {
				texts: ['Where is my parcel?'],
				input_type: 'search_query',
				embedding_types: ['float'],
				output_dimension: 1024,
			});
			const v4Body = JSON.parse(new TextDecoder().decode(v4.body)) as {
				embeddings: { float: number[][] };
			};
			expect(v4Body.embeddings.float[0]).toHaveLength(1024);
		});
	});
});
