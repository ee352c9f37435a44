import { deepseekV3Format } from '../../../emulator/native/deepseekV3';
import type { GenerationRequest } from '../../../emulator/types';
import { makeGeneration, validationMessage, type Chunk } from './generations';

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-deepseek.html
// https://docs.aws.amazon.com/bedrock/latest/userguide/inference-chat-completions.html
const modelId = 'deepseek.v3-v1:0';
const body = {
	messages: [
		{ role: 'system', content: 'Be brief.' },
		{ role: 'user', content: 'Hello' },
	],
	max_tokens: 256,
	temperature: 0.5,
	top_p: 0.9,
};

describe('DeepSeek V3 native format', () => {
	it('parses a documented request', () => {
		expect(deepseekV3Format.parseRequest(body, modelId)).toEqual({
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
				deepseekV3Format.parseRequest({ ...body, temperature: 2.5 }, modelId),
			),
		).toContain('#/temperature: 2.5 is not less or equal to 2');
	});

	it('renders the chat completion and the same reply as a stream', () => {
		const request = deepseekV3Format.parseRequest(body, modelId) as GenerationRequest;
		const generation = makeGeneration({ reasoning: 'Thinking.', stopReason: 'max_tokens' });
		const rendered = deepseekV3Format.renderResponse(generation, request);
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
		const chunks = deepseekV3Format.renderStreamChunks(generation, request) as Chunk[];
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
