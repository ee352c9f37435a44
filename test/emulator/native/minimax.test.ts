import { minimaxFormat } from '../../../emulator/native/minimax';
import type { GenerationRequest } from '../../../emulator/types';
import { makeGeneration, validationMessage, type Chunk } from './generations';

// https://docs.aws.amazon.com/bedrock/latest/userguide/models-api-compatibility.html
// https://docs.aws.amazon.com/bedrock/latest/userguide/inference-chat-completions.html
const modelId = 'minimax.minimax-m2';
const body = {
	messages: [
		{ role: 'system', content: 'Be brief.' },
		{ role: 'user', content: 'Hello' },
	],
	max_tokens: 256,
	temperature: 0.5,
	top_p: 0.9,
};

describe('MiniMax native format', () => {
	it('parses a documented request', () => {
		expect(minimaxFormat.parseRequest(body, modelId)).toEqual({
			modelId,
			system: 'Be brief.',
			messages: [{ role: 'user', text: 'Hello' }],
			maxTokens: 256,
			temperature: 0.5,
			topP: 0.9,
			reasoning: {},
		});
	});

	it('refuses what the model refuses', () => {
		expect(
			validationMessage(() => minimaxFormat.parseRequest({ ...body, temperature: 1.2 }, modelId)),
		).toContain('#/temperature: 1.2 is not less or equal to 1');
	});

	it('renders the chat completion and the same reply as a stream', () => {
		const request = minimaxFormat.parseRequest(body, modelId) as GenerationRequest;
		const generation = makeGeneration({ reasoning: 'Thinking.', stopReason: 'max_tokens' });
		const rendered = minimaxFormat.renderResponse(generation, request);
		expect(rendered).toMatchObject({
			object: 'chat.completion',
			model: modelId,
			choices: [
				{
					index: 0,
					message: { role: 'assistant', content: `<think>Thinking.</think>${generation.text}` },
					finish_reason: 'length',
				},
			],
			usage: { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 },
		});
		const chunks = minimaxFormat.renderStreamChunks(generation, request) as Chunk[];
		expect(chunks.map((chunk) => chunk.choices[0].delta.content ?? '').join('')).toBe(
			`<think>Thinking.</think>${generation.text}`,
		);
		expect(chunks.at(-1)).toMatchObject({
			object: 'chat.completion.chunk',
			choices: [{ finish_reason: 'length' }],
			usage: { completion_tokens: 9 },
		});
	});
});
