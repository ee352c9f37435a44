import { ai21JambaFormat } from '../../../emulator/native/ai21Jamba';
import type { GenerationRequest } from '../../../emulator/types';
import { makeGeneration, validationMessage, type Chunk } from './generations';

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-jamba.html
const modelId = 'ai21.jamba-1-5-mini-v1:0';
const body = {
	messages: [
		{ role: 'system', content: 'You are a helpful assistant.' },
		{ role: 'user', content: 'Which countries are in Europe?' },
	],
	max_tokens: 256,
	temperature: 1.0,
	top_p: 0.8,
	stop: ['\n'],
	n: 1,
};

describe('ai21 jamba native format', () => {
	it('parses a documented request', () => {
		expect(ai21JambaFormat.parseRequest(body, modelId)).toEqual({
			modelId,
			system: 'You are a helpful assistant.',
			messages: [{ role: 'user', text: 'Which countries are in Europe?' }],
			maxTokens: 256,
			temperature: 1,
			topP: 0.8,
			stopSequences: ['\n'],
		});
	});

	it('refuses out-of-range values', () => {
		expect(
			validationMessage(() => ai21JambaFormat.parseRequest({ ...body, temperature: 2.5 }, modelId)),
		).toContain('#/temperature: 2.5 is not less or equal to 2');
		expect(
			validationMessage(() => ai21JambaFormat.parseRequest({ ...body, n: 17 }, modelId)),
		).toContain('#/n: 17 is not less or equal to 16');
	});

	const request = ai21JambaFormat.parseRequest(body, modelId) as GenerationRequest;

	it('renders the OpenAI-like response and stream chunks', () => {
		const generation = makeGeneration({ stopReason: 'max_tokens' });
		expect(ai21JambaFormat.renderResponse(generation, request)).toMatchObject({
			choices: [
				{
					index: 0,
					message: { role: 'assistant', content: generation.text },
					finish_reason: 'length',
				},
			],
			usage: { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 },
		});
		const chunks = ai21JambaFormat.renderStreamChunks(generation, request) as Chunk[];
		expect(chunks.map((chunk) => chunk.choices[0].delta.content ?? '').join('')).toBe(
			generation.text,
		);
		expect(chunks.at(-1)).toMatchObject({
			choices: [{ finish_reason: 'length' }],
			usage: { completion_tokens: 9 },
		});
	});
});
