import { gemmaFormat } from '../../../emulator/native/gemma';
import type { GenerationRequest } from '../../../emulator/types';
import { makeGeneration, validationMessage, type Chunk } from './generations';

// https://docs.aws.amazon.com/bedrock/latest/userguide/models-api-compatibility.html
// https://docs.aws.amazon.com/bedrock/latest/userguide/inference-chat-completions.html
const modelId = 'google.gemma-3-12b-it';
const body = {
	messages: [
		{ role: 'system', content: 'Be brief.' },
		{ role: 'user', content: 'Hello' },
	],
	max_tokens: 256,
	temperature: 0.5,
	top_p: 0.9,
};

describe('Google Gemma native format', () => {
	it('parses a documented request', () => {
		expect(gemmaFormat.parseRequest(body, modelId)).toEqual({
			modelId,
			system: 'Be brief.',
			messages: [{ role: 'user', text: 'Hello' }],
			maxTokens: 256,
			temperature: 0.5,
			topP: 0.9,
		});
	});

	it('refuses what the model refuses', () => {
		expect(
			validationMessage(() => gemmaFormat.parseRequest({ ...body, max_tokens: 0 }, modelId)),
		).toContain('#/max_tokens: 0 is not greater or equal to 1');
	});

	it('renders the chat completion and the same reply as a stream', () => {
		const request = gemmaFormat.parseRequest(body, modelId) as GenerationRequest;
		const generation = makeGeneration({ stopReason: 'max_tokens' });
		const rendered = gemmaFormat.renderResponse(generation, request);
		expect(rendered).toMatchObject({
			object: 'chat.completion',
			model: modelId,
			choices: [
				{
					index: 0,
					message: { role: 'assistant', content: generation.text },
					finish_reason: 'length',
				},
			],
			usage: { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 },
		});
		const chunks = gemmaFormat.renderStreamChunks(generation, request) as Chunk[];
		expect(chunks.map((chunk) => chunk.choices[0].delta.content ?? '').join('')).toBe(
			generation.text,
		);
		expect(chunks.at(-1)).toMatchObject({
			object: 'chat.completion.chunk',
			choices: [{ finish_reason: 'length' }],
			usage: { completion_tokens: 9 },
		});
	});
});
