import { openaiGptOssFormat } from '../../../emulator/native/openaiGptOss';
import type { GenerationRequest } from '../../../emulator/types';
import { makeGeneration, validationMessage, type Chunk } from './generations';

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-openai.html
const modelId = 'openai.gpt-oss-20b-1:0';
const body = {
	messages: [
		{ role: 'developer', content: 'You are a helpful assistant.' },
		{ role: 'user', content: 'Hello!' },
	],
	max_completion_tokens: 150,
	temperature: 0.7,
	top_p: 0.9,
	stream: false,
};

describe('openai gpt-oss native format', () => {
	it('parses a documented request', () => {
		expect(openaiGptOssFormat.parseRequest(body, modelId)).toEqual({
			modelId,
			system: 'You are a helpful assistant.',
			messages: [{ role: 'user', text: 'Hello!' }],
			maxTokens: 150,
			temperature: 0.7,
			topP: 0.9,
			reasoning: {},
		});
	});

	it('refuses bad values and a mismatched model', () => {
		expect(
			validationMessage(() =>
				openaiGptOssFormat.parseRequest({ ...body, reasoning_effort: 'max' }, modelId),
			),
		).toContain('#/reasoning_effort: max is not a valid enum value');
		expect(
			validationMessage(() =>
				openaiGptOssFormat.parseRequest({ ...body, model: 'openai.gpt-oss-120b-1:0' }, modelId),
			),
		).toContain('does not match');
	});

	const request = openaiGptOssFormat.parseRequest(body, modelId) as GenerationRequest;

	it('renders a chat.completion with the reasoning in <reasoning> tags before the text', () => {
		const generation = makeGeneration({ reasoning: 'Greet back.' });
		const response = openaiGptOssFormat.renderResponse(generation, request) as Chunk;
		expect(response).toMatchObject({
			object: 'chat.completion',
			model: modelId,
			choices: [
				{
					index: 0,
					message: {
						role: 'assistant',
						content: `<reasoning>Greet back.</reasoning>${generation.text}`,
					},
					finish_reason: 'stop',
				},
			],
			usage: { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 },
		});
		expect(response.id).toMatch(/^chatcmpl-/);
		expect(typeof response.created).toBe('number');
	});

	it('streams chat.completion.chunk objects', () => {
		const generation = makeGeneration({ stopReason: 'max_tokens' });
		const chunks = openaiGptOssFormat.renderStreamChunks(generation, request) as Chunk[];
		expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
		expect(chunks[0].choices[0].delta.role).toBe('assistant');
		expect(chunks.map((chunk) => chunk.choices[0].delta.content ?? '').join('')).toBe(
			generation.text,
		);
		expect(chunks.at(-1)).toMatchObject({
			choices: [{ finish_reason: 'length' }],
			usage: { total_tokens: 21 },
		});
	});
});
