/**
 * The chat model against the emulator through the real AWS SDK clients, on its own and wrapped by
 * n8n's AI node SDK adapter (the LangChain model n8n's agents and chains call).
 */
import { LangchainChatModelAdapter } from '@n8n/ai-utilities';
import type { Message, StreamChunk } from '@n8n/ai-node-sdk';
import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { RunningEmulator } from '../../../emulator';
import { n8nCredentialFor, start } from '../../../emulator';
import type { ConverseOptions } from '../../../nodes/Bedrock/mapping/converseRequest';
import { BedrockClients } from '../../../nodes/Bedrock/transport/clients';
import { toBedrockCredentials } from '../../../nodes/Bedrock/transport/credentials';
import { BedrockChatModel } from '../../../nodes/LmChatAmazonBedrock/model/BedrockChatModel';
import { createConverseTransport } from '../../../nodes/LmChatAmazonBedrock/transport/converseTransport';

const NODE: INode = {
	id: 'chat-model',
	name: 'Amazon Bedrock Chat Model',
	type: 'n8n-nodes-bedrock.lmChatAmazonBedrock',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const CLAUDE = 'anthropic.claude-3-haiku-20240307-v1:0';

const weatherTool = {
	type: 'function' as const,
	name: 'get_weather',
	description: 'The weather of a city',
	inputSchema: {
		type: 'object' as const,
		properties: { city: { type: 'string' as const } },
		required: ['city'],
	},
};
const timeTool = {
	type: 'function' as const,
	name: 'get_time',
	description: 'The local time of a city',
	inputSchema: {
		type: 'object' as const,
		properties: { city: { type: 'string' as const } },
		required: ['city'],
	},
};

let emulator: RunningEmulator;
let clients: BedrockClients;

function modelFor(modelId = CLAUDE, options: ConverseOptions = {}, maxRetryTimeMs = 60_000) {
	const transport = createConverseTransport(clients, {
		node: NODE,
		itemIndex: 0,
		secrets: [],
		maxRetryTimeMs,
	});
	return new BedrockChatModel({
		modelId,
		region: 'us-east-1',
		options,
		node: NODE,
		itemIndex: 0,
		transport,
	});
}

const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });

async function collect(stream: AsyncIterable<StreamChunk>): Promise<StreamChunk[]> {
	const chunks: StreamChunk[] = [];
	for await (const chunk of stream) chunks.push(chunk);
	return chunks;
}

beforeAll(async () => {
	emulator = await start({ port: 0 });
	clients = new BedrockClients(toBedrockCredentials(n8nCredentialFor(emulator.url)), {
		maxAttempts: 1,
	});
});

afterAll(async () => {
	await clients.destroy();
	await emulator.close();
});

beforeEach(() => {
	emulator.configure({ faults: {}, seed: 1 });
	emulator.resetStats();
});

describe('generate', () => {
	it('answers text with usage, finish reason and Bedrock figures', async () => {
		const result = await modelFor().generate([
			{ role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
			user('Hello there. How are you? Fine.'),
		]);
		expect(result.message.content).toEqual([{ type: 'text', text: 'Hello there. How are you?' }]);
		expect(result.finishReason).toBe('stop');
		expect(result.usage).toMatchObject({
			completionTokens: 7,
			inputTokenDetails: { cacheRead: 0 },
		});
		expect(result.providerMetadata).toMatchObject({
			stopReason: 'end_turn',
			cost: { totalUsd: expect.any(Number) },
		});
		const [request] = emulator.requests;
		expect(request.body).toMatchObject({ system: [{ text: 'Be brief.' }] });
	});

	it('calls the tool the prompt names, then answers from its result', async () => {
		const model = modelFor().withTools([weatherTool]);
		const first = await model.generate([user('Use get_weather for Paris.')]);
		expect(first.finishReason).toBe('tool-calls');
		const call = first.message.content.find((part) => part.type === 'tool-call');
		expect(call).toMatchObject({ toolName: 'get_weather' });
		const second = await model.generate([
			user('Use get_weather for Paris.'),
			first.message,
			{
				role: 'tool',
				content: [
					{
						type: 'tool-result',
						toolCallId: (call as { toolCallId: string }).toolCallId,
						result: 'Sunny, 21 C',
					},
				],
			},
		]);
		expect(second.finishReason).toBe('stop');
		expect(second.message.content).toEqual([{ type: 'text', text: 'Tool result: Sunny, 21 C' }]);
	});

	it('sends several tool results of one turn back in one user message', async () => {
		const model = modelFor().withTools([weatherTool, timeTool]);
		const first = await model.generate([user('Use get_weather and get_time for Rome.')]);
		const calls = first.message.content.filter((part) => part.type === 'tool-call');
		expect(calls.map((call) => (call as { toolName: string }).toolName)).toEqual([
			'get_weather',
			'get_time',
		]);
		const results: Message[] = calls.map((call, index) => ({
			role: 'tool',
			content: [
				{
					type: 'tool-result',
					toolCallId: (call as { toolCallId: string }).toolCallId,
					result: index === 0 ? 'Rainy' : '14:00',
				},
			],
		}));
		const second = await model.generate([
			user('Use get_weather and get_time for Rome.'),
			first.message,
			...results,
		]);
		expect(second.message.content).toEqual([{ type: 'text', text: 'Tool result: Rainy\n14:00' }]);
		const body = emulator.requests[1].body as {
			messages: Array<{ role: string; content: unknown[] }>;
		};
		expect(body.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
		expect(body.messages[2].content).toHaveLength(2);
	});

	it('with Prompt Caching, reports the cache write of the first call and the read of the next', async () => {
		const model = modelFor(CLAUDE, { promptCaching: true }).withTools([weatherTool]);
		const conversation: Message[] = [
			{
				role: 'system',
				content: [{ type: 'text', text: 'You answer questions about the weather.' }],
			},
			user('First question.'),
		];
		const first = await model.generate(conversation);
		expect(first.usage?.additionalMetadata).toMatchObject({
			cacheWriteInputTokens: expect.any(Number),
			cacheReadInputTokens: 0,
		});
		expect(Number(first.usage?.additionalMetadata?.cacheWriteInputTokens)).toBeGreaterThan(0);
		const second = await model.generate(conversation);
		expect(second.usage?.inputTokenDetails?.cacheRead).toBeGreaterThan(0);
		expect(second.providerMetadata).toMatchObject({
			bedrockUsage: { cacheReadInputTokens: second.usage?.inputTokenDetails?.cacheRead },
		});
	});

	it('refuses a wrong option before anything is sent', async () => {
		const model = modelFor('amazon.titan-text-express-v1', { reasoningBudget: 2048 });
		await expect(model.generate([user('Hi.')])).rejects.toThrow(NodeOperationError);
		expect(emulator.stats().requests).toBe(0);
	});

	it('turns Bedrock errors into NodeApiError with the code and a remedy', async () => {
		const model = modelFor('anthropic.claude-no-such-model-v1:0');
		const error = (await model
			.generate([user('Hi.')])
			.catch((caught: unknown) => caught)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/ValidationException|ResourceNotFoundException/);
		expect(error.description).toBeTruthy();
	});

	it('retries throttled calls with backoff instead of failing', async () => {
		emulator.configure({ faults: { throttling: 0.5 }, seed: 3 });
		const model = modelFor();
		for (let call = 0; call < 4; call++) {
			const result = await model.generate([user(`Call ${call}.`)]);
			expect(result.message.content).toEqual([{ type: 'text', text: `Call ${call}.` }]);
		}
		expect(emulator.stats().throttled).toBeGreaterThan(0);
	}, 60_000);
});

describe('stream', () => {
	it('streams text deltas as they arrive, then the finish chunk with usage', async () => {
		const chunks = await collect(modelFor().stream([user('One two three four five six seven.')]));
		const deltas = chunks.filter((chunk) => chunk.type === 'text-delta');
		expect(deltas.length).toBeGreaterThan(1);
		expect(deltas.map((chunk) => (chunk as { delta: string }).delta).join('')).toBe(
			'One two three four five six seven.',
		);
		expect(chunks[chunks.length - 1]).toMatchObject({
			type: 'finish',
			finishReason: 'stop',
			usage: { completionTokens: 8 },
		});
	});

	it('streams several tool calls of one turn, each whole', async () => {
		const chunks = await collect(
			modelFor()
				.withTools([weatherTool, timeTool])
				.stream([user('Use get_weather and get_time for Oslo.')]),
		);
		const calls = chunks.filter((chunk) => chunk.type === 'tool-call-delta');
		expect(calls).toEqual([
			{
				type: 'tool-call-delta',
				id: expect.stringMatching(/^tooluse_/),
				name: 'get_weather',
				argumentsDelta: JSON.stringify({ city: 'Use get_weather and get_time for Oslo.' }),
			},
			expect.objectContaining({ name: 'get_time' }),
		]);
		expect(chunks[chunks.length - 1]).toMatchObject({ type: 'finish', finishReason: 'tool-calls' });
	});

	it('falls back to one plain call for models that take tools only without streaming', async () => {
		const chunks = await collect(
			modelFor('cohere.command-r-v1:0')
				.withTools([weatherTool])
				.stream([user('Use get_weather for Lima.')]),
		);
		expect(chunks.filter((chunk) => chunk.type === 'tool-call-delta')).toHaveLength(1);
		expect(emulator.stats().byOperation).toMatchObject({ ConverseStream: 1, Converse: 1 });
	});

	it('streams signed reasoning as a content part that goes back to the model unchanged', async () => {
		const chunks = await collect(
			modelFor('us.anthropic.claude-3-7-sonnet-20250219-v1:0', { reasoningBudget: 1024 }).stream([
				user('Think about this.'),
			]),
		);
		expect(chunks.some((chunk) => chunk.type === 'reasoning-delta')).toBe(true);
		const content = chunks.find((chunk) => chunk.type === 'content') as {
			content: { type: string; value: Record<string, unknown> };
		};
		expect(content.content.value.bedrockContentBlock).toMatchObject({
			reasoningContent: { reasoningText: { signature: expect.any(String) } },
		});
	});
});

describe('through n8n’s AI node SDK adapter (LangChain)', () => {
	it('binds tools, and a streamed turn with two tool calls aggregates into two calls', async () => {
		const adapter = new LangchainChatModelAdapter(modelFor()).bindTools([
			{
				type: 'function',
				function: {
					name: 'get_weather',
					description: 'weather',
					parameters: weatherTool.inputSchema,
				},
			},
			{
				type: 'function',
				function: { name: 'get_time', description: 'time', parameters: timeTool.inputSchema },
			},
		]);
		const prompt = 'Use get_weather and get_time for Oslo.';
		// The adapter's own LangChain copy: messages go in as plain message-likes.
		const stream = await adapter.stream([['human', prompt]]);
		let aggregate: (typeof stream extends AsyncIterable<infer Chunk> ? Chunk : never) | undefined;
		for await (const chunk of stream) aggregate = aggregate ? aggregate.concat(chunk) : chunk;
		expect(aggregate?.tool_calls?.map((call) => call.name)).toEqual(['get_weather', 'get_time']);
		expect(aggregate?.tool_calls?.[0].args).toEqual({ city: prompt });

		const reply = await adapter.invoke([
			['human', prompt],
			aggregate as NonNullable<typeof aggregate>,
			{ role: 'tool', content: 'Snow', tool_call_id: aggregate?.tool_calls?.[0].id ?? '' },
			{ role: 'tool', content: '09:00', tool_call_id: aggregate?.tool_calls?.[1].id ?? '' },
		]);
		expect(reply.text).toBe('Tool result: Snow\n09:00');
		expect(reply.usage_metadata).toMatchObject({ output_tokens: expect.any(Number) });
	});
});
