import { mistralFormat, parseMistralPrompt } from '../../../emulator/native/mistral';
import { mistralChatFormat } from '../../../emulator/native/mistralChat';
import type { GenerationRequest } from '../../../emulator/types';
import { makeGeneration, validationMessage, type Chunk } from './generations';

// Text completion: https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-mistral-text-completion.html
// Chat completion: https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-mistral-chat-completion.html
describe('mistral text completion native format', () => {
	const modelId = 'mistral.mistral-7b-instruct-v0:2';

	it('matches the text-completion models only', () => {
		expect(mistralFormat.matches(modelId)).toBe(true);
		expect(mistralFormat.matches('mistral.mixtral-8x7b-instruct-v0:1')).toBe(true);
		expect(mistralFormat.matches('mistral.mistral-large-2402-v1:0')).toBe(true);
		expect(mistralFormat.matches('mistral.mistral-large-2407-v1:0')).toBe(false);
		expect(mistralChatFormat.matches('mistral.mistral-large-2407-v1:0')).toBe(true);
	});

	it('parses a documented request', () => {
		expect(
			mistralFormat.parseRequest(
				{
					prompt: '<s>[INST] What is your favourite condiment? [/INST]',
					max_tokens: 400,
					temperature: 0.7,
					top_p: 0.7,
					top_k: 50,
					stop: ['</s>'],
				},
				modelId,
			),
		).toEqual({
			modelId,
			messages: [{ role: 'user', text: 'What is your favourite condiment?' }],
			maxTokens: 400,
			temperature: 0.7,
			topP: 0.7,
			topK: 50,
			stopSequences: ['</s>'],
		});
		expect(parseMistralPrompt('<s>[INST] A [/INST] B</s>[INST] C [/INST]')).toEqual([
			{ role: 'user', text: 'A' },
			{ role: 'assistant', text: 'B' },
			{ role: 'user', text: 'C' },
		]);
	});

	it('refuses out-of-range values', () => {
		expect(
			validationMessage(() =>
				mistralFormat.parseRequest(
					{ prompt: 'x', max_tokens: 5000 },
					'mistral.mixtral-8x7b-instruct-v0:1',
				),
			),
		).toBe(
			'Malformed input request: #/max_tokens: 5000 is not less or equal to 4096, please reformat your input and try again.',
		);
		expect(
			validationMessage(() => mistralFormat.parseRequest({ prompt: 'x', top_k: 500 }, modelId)),
		).toContain('#/top_k: 500 is not less or equal to 200');
	});

	it('renders the response and stream chunks', () => {
		const request = mistralFormat.parseRequest({ prompt: 'x' }, modelId) as GenerationRequest;
		const generation = makeGeneration();
		expect(mistralFormat.renderResponse(generation, request)).toEqual({
			outputs: [{ text: generation.text, stop_reason: 'stop' }],
		});
		const chunks = mistralFormat.renderStreamChunks(
			makeGeneration({ stopReason: 'max_tokens' }),
			request,
		) as Chunk[];
		expect(chunks.map((chunk) => chunk.outputs[0].text).join('')).toBe(generation.text);
		expect(chunks.at(-1)?.outputs[0].stop_reason).toBe('length');
		expect(chunks[0].outputs[0].stop_reason).toBeNull();
	});
});

describe('mistral chat completion native format', () => {
	const modelId = 'mistral.mistral-large-2407-v1:0';

	it('parses messages, system prompt and tools', () => {
		const request = mistralChatFormat.parseRequest(
			{
				messages: [
					{ role: 'system', content: 'Be brief.' },
					{ role: 'user', content: 'What is the weather in Paris?' },
					{
						role: 'assistant',
						content: '',
						tool_calls: [
							{ id: 'abc123DEF', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
						],
					},
					{ role: 'tool', tool_call_id: 'abc123DEF', content: '18 °C' },
				],
				tools: [
					{
						type: 'function',
						function: {
							name: 'weather',
							description: 'Weather',
							parameters: { type: 'object', properties: { city: { type: 'string' } } },
						},
					},
				],
				tool_choice: 'auto',
				max_tokens: 512,
				temperature: 0.3,
			},
			modelId,
		) as GenerationRequest;
		expect(request.system).toBe('Be brief.');
		expect(request.messages[1].toolUses).toEqual([
			{ toolUseId: 'abc123DEF', name: 'weather', input: { city: 'Paris' } },
		]);
		expect(request.messages[2].toolResults).toEqual([{ toolUseId: 'abc123DEF', text: '18 °C' }]);
		expect(request.tools?.[0].name).toBe('weather');
		expect(request.toolChoice).toBe('auto');
	});

	it('refuses an unknown key and a bad role', () => {
		expect(
			validationMessage(() =>
				mistralChatFormat.parseRequest(
					{ messages: [{ role: 'user', content: 'x' }], prompt: 'x' },
					modelId,
				),
			),
		).toContain('#: extraneous key [prompt] is not permitted');
		expect(
			validationMessage(() =>
				mistralChatFormat.parseRequest({ messages: [{ role: 'bot', content: 'x' }] }, modelId),
			),
		).toContain('#/messages/0/role: bot is not a valid enum value');
	});

	it('renders the response and stream chunks, with tool calls', () => {
		const request = mistralChatFormat.parseRequest(
			{ messages: [{ role: 'user', content: 'x' }] },
			modelId,
		) as GenerationRequest;
		const generation = makeGeneration();
		expect(mistralChatFormat.renderResponse(generation, request)).toEqual({
			choices: [
				{ index: 0, message: { role: 'assistant', content: generation.text }, stop_reason: 'stop' },
			],
		});
		const toolGeneration = makeGeneration({
			text: '',
			deltas: [],
			stopReason: 'tool_use',
			toolUse: { toolUseId: 'abc123DEF', name: 'weather', input: { city: 'Paris' } },
		});
		expect(mistralChatFormat.renderResponse(toolGeneration, request)).toMatchObject({
			choices: [
				{
					message: {
						tool_calls: [
							{ id: 'abc123DEF', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
						],
					},
					stop_reason: 'tool_calls',
				},
			],
		});
		const chunks = mistralChatFormat.renderStreamChunks(generation, request) as Chunk[];
		expect(chunks.map((chunk) => chunk.choices[0].message.content).join('')).toBe(generation.text);
		expect(chunks.at(-1)?.choices[0].stop_reason).toBe('stop');
	});
});
