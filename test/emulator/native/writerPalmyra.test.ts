import { writerPalmyraFormat } from '../../../emulator/native/writerPalmyra';
import type { GenerationRequest } from '../../../emulator/types';
import { makeGeneration, validationMessage, type Chunk } from './generations';

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-palmyra-x5.html
// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-writer-palmyra.html
const modelId = 'writer.palmyra-x5-v1:0';
const body = {
	messages: [
		{ role: 'system', content: 'Be brief.' },
		{ role: 'user', content: { text: 'Hello' } },
	],
	max_tokens: 256,
	temperature: 0.5,
	top_p: 0.9,
};

describe('Writer Palmyra native format', () => {
	it('parses a documented request', () => {
		expect(writerPalmyraFormat.parseRequest(body, modelId)).toEqual({
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
			validationMessage(() =>
				writerPalmyraFormat.parseRequest({ ...body, max_tokens: 9000 }, modelId),
			),
		).toContain('#/max_tokens: 9000 is not less or equal to 8192');
	});

	it('renders the chat completion and the same reply as a stream', () => {
		const request = writerPalmyraFormat.parseRequest(body, modelId) as GenerationRequest;
		const generation = makeGeneration({ stopReason: 'max_tokens' });
		const rendered = writerPalmyraFormat.renderResponse(generation, request);
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
		const chunks = writerPalmyraFormat.renderStreamChunks(generation, request) as Chunk[];
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
