import { cohereCommandRFormat } from '../../../emulator/native/cohereCommandR';
import { cohereEmbedFormat } from '../../../emulator/native/cohereEmbed';
import type { EmbeddingRequest, GenerationRequest } from '../../../emulator/types';
import { makeGeneration, validationMessage, type Chunk } from './generations';

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-cohere-command-r-plus.html
describe('cohere command r native format', () => {
	const modelId = 'cohere.command-r-plus-v1:0';
	const body = {
		message: 'What is an interesting new role in AI if I do not have an ML background?',
		chat_history: [
			{ role: 'USER', message: 'Hello' },
			{ role: 'CHATBOT', message: 'Hi! How can I help?' },
		],
		preamble: 'You are a career coach.',
		max_tokens: 100,
		temperature: 0.3,
		p: 0.75,
		k: 0,
		stop_sequences: ['END'],
	};

	it('parses a documented request', () => {
		expect(cohereCommandRFormat.parseRequest(body, modelId)).toMatchObject({
			modelId,
			system: 'You are a career coach.',
			messages: [
				{ role: 'user', text: 'Hello' },
				{ role: 'assistant', text: 'Hi! How can I help?' },
				{ role: 'user', text: body.message },
			],
			maxTokens: 100,
			temperature: 0.3,
			topP: 0.75,
			topK: 0,
			stopSequences: ['END'],
		});
	});

	it('refuses bad bodies', () => {
		expect(
			validationMessage(() => cohereCommandRFormat.parseRequest({ prompt: 'x' }, modelId)),
		).toBe(
			'Malformed input request: 2 schema violations found, please reformat your input and try again.',
		);
		expect(
			validationMessage(() => cohereCommandRFormat.parseRequest({ message: 'x', p: 1 }, modelId)),
		).toContain('#/p: 1 is not less or equal to 0.99');
	});

	const request = cohereCommandRFormat.parseRequest(body, modelId) as GenerationRequest;

	it('renders the response with the updated chat history', () => {
		const generation = makeGeneration({ stopReason: 'max_tokens' });
		const response = cohereCommandRFormat.renderResponse(generation, request) as Chunk;
		expect(response).toMatchObject({
			text: generation.text,
			finish_reason: 'MAX_TOKENS',
			chat_history: [
				{ role: 'USER', message: 'Hello' },
				{ role: 'CHATBOT', message: 'Hi! How can I help?' },
				{ role: 'USER', message: body.message },
				{ role: 'CHATBOT', message: generation.text },
			],
		});
		expect(response.response_id).toMatch(/^[0-9a-f-]{36}$/);
		expect(response.generation_id).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('streams text-generation events then stream-end', () => {
		const generation = makeGeneration();
		const chunks = cohereCommandRFormat.renderStreamChunks(generation, request) as Chunk[];
		expect(chunks[0]).toMatchObject({ is_finished: false, event_type: 'stream-start' });
		const texts = chunks.filter((chunk) => chunk.event_type === 'text-generation');
		expect(texts.map((chunk) => chunk.text).join('')).toBe(generation.text);
		expect(chunks.at(-1)).toMatchObject({
			is_finished: true,
			event_type: 'stream-end',
			finish_reason: 'COMPLETE',
			response: { text: generation.text },
		});
	});
});

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html
describe('cohere embed native format', () => {
	const modelId = 'cohere.embed-english-v3';
	const body = { texts: ['Hello', 'World'], input_type: 'search_document', truncate: 'NONE' };

	it('parses a documented request and refuses a bad input_type', () => {
		expect(cohereEmbedFormat.parseRequest(body, modelId)).toEqual({
			modelId,
			texts: ['Hello', 'World'],
			dimensions: 1024,
		});
		expect(
			validationMessage(() =>
				cohereEmbedFormat.parseRequest({ ...body, input_type: 'query' }, modelId),
			),
		).toBe(
			'Malformed input request: #/input_type: query is not a valid enum value, please reformat your input and try again.',
		);
		expect(
			validationMessage(() => cohereEmbedFormat.parseRequest({ texts: ['x'] }, modelId)),
		).toContain('#: required key [input_type] not found');
	});

	it('renders float embeddings, or embeddings by type', () => {
		const result = {
			embeddings: [
				[0.5, -0.25],
				[-1, 1],
			],
			inputTokens: 4,
		};
		const request = cohereEmbedFormat.parseRequest(body, modelId) as EmbeddingRequest;
		expect(cohereEmbedFormat.renderResponse(result, request)).toMatchObject({
			embeddings: result.embeddings,
			response_type: 'embeddings_floats',
			texts: ['Hello', 'World'],
		});
		const typed = cohereEmbedFormat.parseRequest(
			{ ...body, embedding_types: ['float', 'int8', 'ubinary'] },
			modelId,
		) as EmbeddingRequest;
		expect(cohereEmbedFormat.renderResponse(result, typed)).toMatchObject({
			response_type: 'embeddings_by_type',
			embeddings: {
				float: result.embeddings,
				int8: [
					[64, -32],
					[-127, 127],
				],
				ubinary: [[128], [64]],
			},
		});
		expect(() =>
			cohereEmbedFormat.renderStreamChunks(makeGeneration(), {} as GenerationRequest),
		).toThrow('The model is unsupported for streaming.');
	});
});
