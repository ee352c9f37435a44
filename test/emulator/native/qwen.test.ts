import { qwenFormat } from '../../../emulator/native/qwen';
import type { GenerationRequest } from '../../../emulator/types';
import { makeGeneration, validationMessage, type Chunk } from './generations';

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-cards-qwen.html
// https://docs.aws.amazon.com/bedrock/latest/userguide/inference-chat-completions.html
const modelId = 'qwen.qwen3-32b-v1:0';
const body = {
	messages: [
		{ role: 'system', content: 'Be brief.' },
		{ role: 'user', content: 'Hello' },
	],
	max_tokens: 256,
	temperature: 0.5,
	top_p: 0.9,
};

describe('Qwen native format', () => {
	it('parses a documented request', () => {
		expect(qwenFormat.parseRequest(body, modelId)).toEqual({
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
			validationMessage(() => qwenFormat.parseRequest({ ...body, temperature: 2.5 }, modelId)),
		).toContain('#/temperature: 2.5 is not less or equal to 2');
	});

	it('renders the chat completion and the same reply as a stream', () => {
		const request = qwenFormat.parseRequest(body, modelId) as GenerationRequest;
		const generation = makeGeneration({ reasoning: 'Thinking.', stopReason: 'max_tokens' });
		const rendered = qwenFormat.renderResponse(generation, request);
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
		const chunks = qwenFormat.renderStreamChunks(generation, request) as Chunk[];
		expect(chunks.map((chunk) => chunk.choices[0].delta.content ?? '').join('')).toBe(
			generation.text,
		);
		expect(chunks.at(-1)).toMatchObject({
			object: 'chat.completion.chunk',
			choices: [{ finish_reason: 'length' }],
			usage: { completion_tokens: 9 },
		});
		expect(rendered).toMatchObject({ choices: [{ message: { reasoning_content: 'Thinking.' } }] });
		expect(chunks.map((chunk) => chunk.choices[0].delta.reasoning_content ?? '').join('')).toBe(
			'Thinking.',
		);
	});
});
