import { ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import type {
	ConverseCommandInput,
	ConverseStreamOutput,
	Message,
} from '@aws-sdk/client-bedrock-runtime';

import { start } from '../../emulator';
import type { RunningEmulator } from '../../emulator';
import { runtimeClient, userMessage } from './client';

const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const SONNET_4 = 'us.anthropic.claude-sonnet-4-20250514-v1:0';

let emulator: RunningEmulator;
beforeAll(async () => {
	emulator = await start();
});
afterAll(async () => {
	await emulator.close();
});

const weatherTool = {
	toolSpec: {
		name: 'get_weather',
		description: 'Weather for a city',
		inputSchema: {
			json: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
		},
	},
};

async function send(input: ConverseCommandInput) {
	const client = runtimeClient(emulator.url);
	try {
		return await client.send(new ConverseCommand(input));
	} finally {
		client.destroy();
	}
}

async function stream(input: ConverseCommandInput) {
	const client = runtimeClient(emulator.url);
	try {
		const response = await client.send(new ConverseStreamCommand(input));
		const events: ConverseStreamOutput[] = [];
		for await (const event of response.stream ?? []) events.push(event);
		return events;
	} finally {
		client.destroy();
	}
}

describe('tool use', () => {
	it('calls a tool, then answers its result', async () => {
		const first: Message = userMessage('Use get_weather for Paris.');
		const called = await send({
			modelId: HAIKU,
			messages: [first],
			toolConfig: { tools: [weatherTool] },
		});
		expect(called.stopReason).toBe('tool_use');
		const content = called.output?.message?.content ?? [];
		expect(content[0]).toEqual({ text: 'Calling get_weather.' });
		const toolUse = content[1].toolUse;
		expect(toolUse).toMatchObject({
			name: 'get_weather',
			input: { city: 'Use get_weather for Paris.' },
		});

		const answered = await send({
			modelId: HAIKU,
			toolConfig: { tools: [weatherTool] },
			messages: [
				first,
				{ role: 'assistant', content },
				{
					role: 'user',
					content: [
						{
							toolResult: { toolUseId: toolUse?.toolUseId, content: [{ json: { sky: 'clear' } }] },
						},
					],
				},
			],
		});
		expect(answered.output?.message?.content).toEqual([{ text: 'Tool result: {"sky":"clear"}' }]);
		expect(answered.stopReason).toBe('end_turn');
	});

	it('streams the tool call as start, input delta and stop', async () => {
		const events = await stream({
			modelId: HAIKU,
			messages: [userMessage('Anything at all.')],
			toolConfig: { tools: [weatherTool], toolChoice: { tool: { name: 'get_weather' } } },
		});
		const start = events.find((event) => event.contentBlockStart)?.contentBlockStart;
		expect(start).toMatchObject({
			contentBlockIndex: 1,
			start: { toolUse: { name: 'get_weather' } },
		});
		const input = events
			.filter((event) => event.contentBlockDelta?.delta?.toolUse)
			.map((event) => event.contentBlockDelta?.delta?.toolUse?.input)
			.join('');
		expect(JSON.parse(input)).toEqual({ city: 'Anything at all.' });
		expect(events.find((event) => event.messageStop)?.messageStop?.stopReason).toBe('tool_use');
	});
});

describe('reasoning', () => {
	it('returns a reasoning block first when Claude thinking is enabled', async () => {
		const response = await send({
			modelId: SONNET_4,
			messages: [userMessage('Explain tides. Briefly.')],
			additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 1024 } },
		});
		const content = response.output?.message?.content ?? [];
		expect(content[0].reasoningContent?.reasoningText).toEqual({
			text: 'Thinking about: Explain tides. Briefly.',
			signature: expect.any(String),
		});
		expect(content[1]).toEqual({ text: 'Explain tides. Briefly.' });
		expect(response.usage?.outputTokens).toBe(5 + 8);
	});

	it('always reasons for DeepSeek R1, and streams the reasoning before the text', async () => {
		const events = await stream({
			modelId: 'us.deepseek.r1-v1:0',
			messages: [userMessage('Why? Because.')],
		});
		const reasoning = events
			.map((event) => event.contentBlockDelta?.delta?.reasoningContent?.text ?? '')
			.join('');
		expect(reasoning).toBe('Thinking about: Why? Because.');
		const firstText = events.findIndex(
			(event) => event.contentBlockDelta?.delta?.text !== undefined,
		);
		const lastReasoning = events
			.map((event) => Boolean(event.contentBlockDelta?.delta?.reasoningContent))
			.lastIndexOf(true);
		expect(firstText).toBeGreaterThan(lastReasoning);
	});
});

describe('prompt caching', () => {
	it('writes the cached prefix first and reads it afterwards', async () => {
		const system = [
			{ text: 'A long and stable system prompt for caching.' },
			{ cachePoint: { type: 'default' as const } },
		];
		const first = await send({
			modelId: SONNET_4,
			system,
			messages: [userMessage('First question.')],
		});
		expect(first.usage).toEqual({
			inputTokens: 3,
			outputTokens: 3,
			totalTokens: 15,
			cacheReadInputTokens: 0,
			cacheWriteInputTokens: 9,
		});
		const second = await send({
			modelId: SONNET_4,
			system,
			messages: [userMessage('Second question.')],
		});
		expect(second.usage).toMatchObject({
			inputTokens: 3,
			cacheReadInputTokens: 9,
			cacheWriteInputTokens: 0,
		});
	});
});

describe('attachments', () => {
	it('describes images and documents and counts them', async () => {
		const response = await send({
			modelId: HAIKU,
			messages: [
				{
					role: 'user',
					content: [
						{ image: { format: 'png', source: { bytes: new Uint8Array(1234) } } },
						{
							document: {
								format: 'txt',
								name: 'notes',
								source: { bytes: new TextEncoder().encode('12345678') },
							},
						},
						{ text: 'Summarise.' },
					],
				},
			],
		});
		expect(response.output?.message?.content?.[0].text).toBe(
			'I see 1 image (png, 1234 bytes). I read notes. Summarise.',
		);
		expect(response.usage?.inputTokens).toBe(85 + 1 + 2 + 2);
	});
});

describe('inference configuration', () => {
	it('applies stopSequences and maxTokens', async () => {
		const stopped = await send({
			modelId: HAIKU,
			messages: [userMessage('Keep this END drop this.')],
			inferenceConfig: { stopSequences: ['END'] },
		});
		expect(stopped).toMatchObject({
			stopReason: 'stop_sequence',
			output: { message: { content: [{ text: 'Keep this ' }] } },
		});
		const cut = await send({
			modelId: HAIKU,
			messages: [userMessage('One two three four five.')],
			inferenceConfig: { maxTokens: 2 },
		});
		expect(cut).toMatchObject({ stopReason: 'max_tokens', usage: { outputTokens: 2 } });
		expect(cut.output?.message?.content?.[0].text).toBe('One two');
	});
});

describe('validation', () => {
	it.each<[string, Partial<ConverseCommandInput>, string]>([
		['empty messages', { messages: [] }, 'A conversation must start with a user message.'],
		[
			'an assistant first',
			{ messages: [{ role: 'assistant', content: [{ text: 'Hi' }] }] },
			'A conversation must start with a user message.',
		],
		[
			'two user messages in a row',
			{ messages: [userMessage('a'), userMessage('b')] },
			'A conversation must alternate between user and assistant roles.',
		],
		[
			'maxTokens below 1',
			{ messages: [userMessage('a')], inferenceConfig: { maxTokens: 0 } },
			"Value '0' at 'inferenceConfig.maxTokens' failed to satisfy constraint",
		],
	])('refuses %s with ValidationException', async (_case, input, message) => {
		await expect(send({ modelId: HAIKU, messages: [], ...input })).rejects.toMatchObject({
			name: 'ValidationException',
			message: expect.stringContaining(message),
			$metadata: { httpStatusCode: 400 },
		});
	});

	it('refuses an embedding model', async () => {
		await expect(
			send({ modelId: 'amazon.titan-embed-text-v2:0', messages: [userMessage('a')] }),
		).rejects.toMatchObject({ name: 'ValidationException' });
	});
});
