import {
	countRequestTokens,
	embed,
	generate,
	splitDeltas,
	tokenize,
	truncateToTokens,
} from '../../emulator';
import type { GenerationRequest } from '../../emulator/types';

const request = (text: string, extra: Partial<GenerationRequest> = {}): GenerationRequest => ({
	modelId: 'test.model-v1:0',
	messages: [{ role: 'user', text }],
	...extra,
});

describe('engine', () => {
	it('tokenizes words and punctuation', () => {
		expect(tokenize("Hello, world! It's 42.")).toEqual([
			'Hello',
			',',
			'world',
			'!',
			'It',
			"'",
			's',
			'42',
			'.',
		]);
	});

	it('replies with the first two sentences', () => {
		expect(generate(request('First one. Second one!  Third one?'))).toMatchObject({
			text: 'First one. Second one!',
			stopReason: 'end_turn',
			inputTokens: 9,
			outputTokens: 6,
		});
	});

	it('cuts at stop sequences and at maxTokens keeping spacing', () => {
		expect(
			generate(request('Alpha beta. Gamma delta.', { stopSequences: ['Gamma'] })),
		).toMatchObject({
			text: 'Alpha beta. ',
			stopReason: 'stop_sequence',
			stopSequence: 'Gamma',
		});
		expect(generate(request('Alpha,  beta gamma.', { maxTokens: 3 }))).toMatchObject({
			text: 'Alpha,  beta',
			stopReason: 'max_tokens',
			outputTokens: 3,
		});
		expect(truncateToTokens('a b c', 0)).toBe('');
	});

	it('splits deltas of three tokens that concatenate to the text', () => {
		const text = 'One two three four five, six seven.';
		const deltas = splitDeltas(text);
		expect(deltas).toEqual(['One two three ', 'four five, ', 'six seven.']);
		expect(deltas.join('')).toBe(text);
		expect(generate(request(text)).deltas.join('')).toBe(text);
	});

	it('describes images and documents', () => {
		const generation = generate({
			modelId: 'test.model-v1:0',
			messages: [
				{
					role: 'user',
					text: 'Look.',
					images: [{ format: 'png', bytes: 1234 }],
					documents: [{ format: 'pdf', name: 'report', bytes: 400 }],
				},
			],
		});
		expect(generation.text).toBe('I see 1 image (png, 1234 bytes). I read report. Look.');
		expect(generation.inputTokens).toBe(2 + 85 + 1 + 100);
	});

	it('calls a tool named in the text, filling required properties', () => {
		const generation = generate(
			request('Use get_weather for Paris.', {
				tools: [
					{
						name: 'get_weather',
						inputSchema: {
							type: 'object',
							properties: { city: { type: 'string' }, days: { type: 'integer' } },
							required: ['city', 'days'],
						},
					},
				],
			}),
		);
		expect(generation).toMatchObject({
			text: 'Calling get_weather.',
			stopReason: 'tool_use',
			toolUse: { name: 'get_weather', input: { city: 'Use get_weather for Paris.', days: 1 } },
		});
		expect(generation.toolUse?.toolUseId).toMatch(/^tooluse_/);
	});

	it('calls every tool the user names in one turn, in the order of the tools', () => {
		const generation = generate({
			modelId: 'test.model-v1:0',
			messages: [{ role: 'user', text: 'Use get_time and get_weather for Rome.' }],
			tools: [
				{ name: 'get_weather', inputSchema: {} },
				{ name: 'get_news', inputSchema: {} },
				{ name: 'get_time', inputSchema: {} },
			],
		});
		expect(generation.text).toBe('Calling get_weather and get_time.');
		expect(generation.stopReason).toBe('tool_use');
		expect(generation.toolUses?.map((call) => call.name)).toEqual(['get_weather', 'get_time']);
		expect(generation.toolUse).toEqual(generation.toolUses?.[0]);
		expect(new Set(generation.toolUses?.map((call) => call.toolUseId)).size).toBe(2);
	});

	it('answers tool results', () => {
		const generation = generate({
			modelId: 'test.model-v1:0',
			messages: [
				{ role: 'user', text: 'Weather?' },
				{
					role: 'assistant',
					text: '',
					toolUses: [{ toolUseId: 't1', name: 'weather', input: {} }],
				},
				{ role: 'user', text: '', toolResults: [{ toolUseId: 't1', text: 'Sunny, 21 C' }] },
			],
			tools: [{ name: 'weather', inputSchema: {} }],
			toolChoice: 'any',
		});
		expect(generation).toMatchObject({ text: 'Tool result: Sunny, 21 C', stopReason: 'end_turn' });
	});

	it('reasons about the first eight tokens and counts them', () => {
		const generation = generate(
			request('Why is the sky blue on a clear day?', { reasoning: { budgetTokens: 1024 } }),
		);
		expect(generation.reasoning).toBe('Thinking about: Why is the sky blue on a clear');
		expect(generation.outputTokens).toBe(10 + 11);
	});

	it('is deterministic', () => {
		const input = request('Same input. Same output.', {
			tools: [{ name: 'x', inputSchema: {} }],
			toolChoice: 'any',
		});
		expect(generate(input)).toEqual(generate(input));
		expect(countRequestTokens(input)).toBe(countRequestTokens(input));
	});

	it('embeds to deterministic unit vectors of the requested size', () => {
		const result = embed({
			modelId: 'amazon.titan-embed-text-v2:0',
			texts: ['a b', 'c'],
			dimensions: 512,
		});
		expect(result.embeddings.map((vector) => vector.length)).toEqual([512, 512]);
		expect(Math.hypot(...result.embeddings[0])).toBeCloseTo(1, 6);
		expect(result.inputTokens).toBe(3);
		expect(
			embed({ modelId: 'amazon.titan-embed-text-v2:0', texts: ['a b'] }).embeddings[0],
		).toHaveLength(1024);
	});
});
