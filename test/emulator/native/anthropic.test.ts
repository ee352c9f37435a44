import { anthropicFormat, anthropicModelName } from '../../../emulator/native/anthropic';
import type { GenerationRequest } from '../../../emulator/types';
import { EmulatorValidationError } from '../../../emulator/types';
import { makeGeneration, type Chunk } from './generations';

// Request/response shapes: https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html
const modelId = 'anthropic.claude-3-haiku-20240307-v1:0';

function parse(body: unknown): GenerationRequest {
	return anthropicFormat.parseRequest(body, modelId) as GenerationRequest;
}

function parseError(body: unknown): string {
	try {
		parse(body);
	} catch (error) {
		expect(error).toBeInstanceOf(EmulatorValidationError);
		return (error as Error).message;
	}
	throw new Error('expected a validation error');
}

const documentedBody = {
	anthropic_version: 'bedrock-2023-05-31',
	max_tokens: 1024,
	system: 'You are a helpful assistant.',
	messages: [
		{ role: 'user', content: [{ type: 'text', text: 'Hello world' }] },
		{ role: 'assistant', content: 'Hi, what can I do?' },
		{
			role: 'user',
			content: [
				{ type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: 'AAAA' } },
				{ type: 'text', text: 'What is in this image?' },
			],
		},
	],
	temperature: 0.5,
	top_p: 0.9,
	top_k: 250,
	stop_sequences: ['\n\nHuman:'],
};

describe('anthropic native format', () => {
	it('matches Claude model IDs, with or without a cross-region prefix', () => {
		expect(anthropicFormat.matches(modelId)).toBe(true);
		expect(anthropicFormat.matches('us.anthropic.claude-sonnet-4-20250514-v1:0')).toBe(true);
		expect(anthropicFormat.matches('meta.llama3-8b-instruct-v1:0')).toBe(false);
		expect(anthropicModelName('us.anthropic.claude-3-5-sonnet-20240620-v1:0')).toBe(
			'claude-3-5-sonnet-20240620',
		);
	});

	it('parses a documented request', () => {
		expect(parse(documentedBody)).toEqual({
			modelId,
			system: 'You are a helpful assistant.',
			messages: [
				{ role: 'user', text: 'Hello world' },
				{ role: 'assistant', text: 'Hi, what can I do?' },
				{ role: 'user', text: 'What is in this image?', images: [{ format: 'jpeg', bytes: 3 }] },
			],
			maxTokens: 1024,
			temperature: 0.5,
			topP: 0.9,
			topK: 250,
			stopSequences: ['\n\nHuman:'],
		});
	});

	it('parses tools, tool results and extended thinking', () => {
		const request = parse({
			anthropic_version: 'bedrock-2023-05-31',
			max_tokens: 4000,
			thinking: { type: 'enabled', budget_tokens: 2000 },
			tools: [
				{
					name: 'get_weather',
					description: 'Weather for a city',
					input_schema: { type: 'object', properties: { city: { type: 'string' } } },
				},
			],
			tool_choice: { type: 'tool', name: 'get_weather' },
			messages: [
				{ role: 'user', content: 'Weather in Paris?' },
				{
					role: 'assistant',
					content: [
						{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
					],
				},
				{
					role: 'user',
					content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '18 °C' }],
				},
			],
		});
		expect(request.reasoning).toEqual({ budgetTokens: 2000 });
		expect(request.toolChoice).toEqual({ tool: 'get_weather' });
		expect(request.tools?.[0].name).toBe('get_weather');
		expect(request.messages[1].toolUses).toEqual([
			{ toolUseId: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
		]);
		expect(request.messages[2].toolResults).toEqual([
			{ toolUseId: 'toolu_1', text: '18 °C', status: 'success' },
		]);
	});

	it('refuses bad bodies with Bedrock wording', () => {
		const withoutMaxTokens: Record<string, unknown> = { ...documentedBody };
		delete withoutMaxTokens.max_tokens;
		expect(parseError(withoutMaxTokens)).toBe(
			'Malformed input request: #: required key [max_tokens] not found, please reformat your input and try again.',
		);
		expect(parseError({ ...documentedBody, foo: 1 })).toBe(
			'Malformed input request: #: extraneous key [foo] is not permitted, please reformat your input and try again.',
		);
		expect(parseError({ ...documentedBody, temperature: 1.5 })).toBe(
			'Malformed input request: #/temperature: 1.5 is not less or equal to 1, please reformat your input and try again.',
		);
		expect(parseError({ ...documentedBody, max_tokens: '10' })).toContain(
			'#/max_tokens: expected type: Integer, found: String',
		);
		expect(parseError({ ...documentedBody, anthropic_version: 'bedrock-2024' })).toContain(
			'#/anthropic_version: bedrock-2024 is not a valid enum value',
		);
		expect(parseError({ max_tokens: 10, messages: [], foo: 1 })).toBe(
			'Malformed input request: 2 schema violations found, please reformat your input and try again.',
		);
		expect(
			parseError({
				...documentedBody,
				messages: [
					{ role: 'user', content: 'a' },
					{ role: 'user', content: 'b' },
				],
			}),
		).toContain('roles must alternate');
		expect(
			parseError({ ...documentedBody, thinking: { type: 'enabled', budget_tokens: 100 } }),
		).toContain('greater than or equal to 1024');
	});

	const request = parse(documentedBody);

	it('renders the Messages response', () => {
		const generation = makeGeneration({ stopReason: 'stop_sequence', stopSequence: '\n\nHuman:' });
		const response = anthropicFormat.renderResponse(generation, request) as Record<string, unknown>;
		expect(response).toMatchObject({
			type: 'message',
			role: 'assistant',
			model: 'claude-3-haiku-20240307',
			content: [{ type: 'text', text: generation.text }],
			stop_reason: 'stop_sequence',
			stop_sequence: '\n\nHuman:',
			usage: { input_tokens: 12, output_tokens: 9 },
		});
		expect(response.id).toMatch(/^msg_bdrk_\w{24}$/);
		expect(anthropicFormat.renderResponse(generation, request)).toEqual(response);
	});

	it('renders thinking and tool_use blocks', () => {
		const generation = makeGeneration({
			text: '',
			deltas: [],
			reasoning: 'The user wants the weather.',
			stopReason: 'tool_use',
			toolUse: { toolUseId: 'toolu_2', name: 'get_weather', input: { city: 'Paris' } },
		});
		const response = anthropicFormat.renderResponse(generation, request) as {
			content: Array<Record<string, unknown>>;
		};
		expect(response.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
		expect(response.content[0].thinking).toBe('The user wants the weather.');
		expect(typeof response.content[0].signature).toBe('string');
		expect(response.content[1]).toEqual({
			type: 'tool_use',
			id: 'toolu_2',
			name: 'get_weather',
			input: { city: 'Paris' },
		});
	});

	it('streams the Messages events', () => {
		const generation = makeGeneration({
			reasoning: 'Think first.',
			stopReason: 'tool_use',
			toolUse: { toolUseId: 'toolu_3', name: 'lookup', input: { q: 'x' } },
		});
		const chunks = anthropicFormat.renderStreamChunks(generation, request) as Chunk[];
		expect(chunks[0]).toMatchObject({
			type: 'message_start',
			message: { role: 'assistant', usage: { input_tokens: 12 } },
		});
		expect(chunks.at(-1)).toEqual({ type: 'message_stop' });
		expect(chunks.at(-2)).toEqual({
			type: 'message_delta',
			delta: { stop_reason: 'tool_use', stop_sequence: null },
			usage: { output_tokens: 9 },
		});
		const deltas = (kind: string) =>
			chunks.filter((chunk) => chunk.delta?.type === kind).map((chunk) => chunk.delta);
		expect(
			deltas('text_delta')
				.map((delta) => delta.text)
				.join(''),
		).toBe(generation.text);
		expect(
			deltas('thinking_delta')
				.map((delta) => delta.thinking)
				.join(''),
		).toBe('Think first.');
		expect(
			JSON.parse(
				deltas('input_json_delta')
					.map((delta) => delta.partial_json)
					.join(''),
			),
		).toEqual({
			q: 'x',
		});
		expect(
			chunks.filter((chunk) => chunk.type === 'content_block_start').map((chunk) => chunk.index),
		).toEqual([0, 1, 2]);
		expect(anthropicFormat.streamMetrics).toBe(true);
	});
});
