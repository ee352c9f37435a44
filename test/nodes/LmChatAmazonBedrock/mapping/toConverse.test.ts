import type { Message } from '@n8n/ai-node-sdk';

import {
	BEDROCK_BLOCK,
	toChatConverseRequest,
	toConversation,
} from '../../../../nodes/LmChatAmazonBedrock/mapping/toConverse';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

const weather = {
	name: 'get_weather',
	description: 'Weather of a city',
	inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

function request(messages: Message[], options = {}, tools = [weather]) {
	return toChatConverseRequest({
		modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
		options,
		messages,
		tools,
	}).input;
}

describe('n8n messages to a Converse request', () => {
	it('puts system messages into system and text into turns', () => {
		const input = request([
			{ role: 'user', content: [{ type: 'text', text: 'Hi.' }] },
			{ role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
		]);
		expect(input.system).toEqual([{ text: 'Be brief.' }]);
		expect(input.messages).toEqual([{ role: 'user', content: [{ text: 'Hi.' }] }]);
	});

	it('sends images as image blocks, from bytes, base64 or a data URL', () => {
		const input = request([
			{
				role: 'user',
				content: [
					{ type: 'text', text: 'What is this?' },
					{ type: 'file', mediaType: 'image/png', data: new Uint8Array(PNG) },
					{ type: 'file', mediaType: 'image/jpeg', data: PNG.toString('base64') },
					{ type: 'file', data: `data:image/webp;base64,${PNG.toString('base64')}` },
					{ type: 'file', mediaType: 'application/pdf', data: PNG.toString('base64') },
				],
			},
		]);
		const content = input.messages?.[0].content ?? [];
		expect(content.map((block) => block.image?.format ?? block.document?.format)).toEqual([
			undefined,
			'png',
			'jpeg',
			'webp',
			'pdf',
		]);
		expect(Buffer.from(content[2].image?.source?.bytes ?? [])).toEqual(PNG);
		expect(content[4].document?.name).toBe('document-1');
	});

	it('types a file from its bytes when n8n passes it untyped (the AI Agent’s PDFs)', () => {
		const pdf = Buffer.from('%PDF-1.7 test');
		const [entry] = toConversation([
			{
				role: 'user',
				content: [
					{
						type: 'file',
						data: pdf.toString('base64'),
						providerMetadata: { filename: 'Q3 report (final).pdf' },
					},
					{ type: 'file', data: new Uint8Array(PNG) },
				],
			},
		]);
		expect(entry.content[0]).toMatchObject({
			document: { format: 'pdf', name: 'Q3 report (final) 1' },
		});
		expect(entry.content[1]).toMatchObject({ image: { format: 'png' } });
	});

	it('refuses a web URL, which Bedrock does not fetch', () => {
		expect(() =>
			toConversation([
				{
					role: 'user',
					content: [{ type: 'file', mediaType: 'image/png', data: 'https://example.com/a.png' }],
				},
			]),
		).toThrow(/does not fetch/);
	});

	it('sends tool calls as toolUse and tool results of one turn in one user message', () => {
		const input = request([
			{ role: 'user', content: [{ type: 'text', text: 'Weather in Rome and Oslo?' }] },
			{
				role: 'assistant',
				content: [
					{ type: 'text', text: 'Checking.' },
					{
						type: 'tool-call',
						toolCallId: 't1',
						toolName: 'get_weather',
						input: '{"city":"Rome"}',
					},
					{
						type: 'tool-call',
						toolCallId: 't2',
						toolName: 'get_weather',
						input: '{"city":"Oslo"}',
					},
				],
			},
			{ role: 'tool', content: [{ type: 'tool-result', toolCallId: 't1', result: 'Sunny' }] },
			{
				role: 'tool',
				content: [
					{
						type: 'tool-result',
						toolCallId: 't2',
						result: [{ type: 'text', text: 'Snow' }],
						isError: true,
					},
				],
			},
		]);
		expect(input.messages).toEqual([
			{ role: 'user', content: [{ text: 'Weather in Rome and Oslo?' }] },
			{
				role: 'assistant',
				content: [
					{ text: 'Checking.' },
					{ toolUse: { toolUseId: 't1', name: 'get_weather', input: { city: 'Rome' } } },
					{ toolUse: { toolUseId: 't2', name: 'get_weather', input: { city: 'Oslo' } } },
				],
			},
			{
				role: 'user',
				content: [
					{ toolResult: { toolUseId: 't1', content: [{ text: 'Sunny' }] } },
					{ toolResult: { toolUseId: 't2', content: [{ text: 'Snow' }], status: 'error' } },
				],
			},
		]);
		expect(input.toolConfig?.tools?.[0].toolSpec?.name).toBe('get_weather');
	});

	it('joins a streamed reply’s text parts and sends signed reasoning back unchanged', () => {
		const reasoning = { reasoningContent: { reasoningText: { text: 'Hmm', signature: 'sig' } } };
		const [, assistant] = toConversation([
			{ role: 'user', content: [{ type: 'text', text: 'Hi.' }] },
			{
				role: 'assistant',
				content: [
					{ type: 'reasoning', text: 'Hmm' },
					{ type: 'provider', value: { [BEDROCK_BLOCK]: reasoning } },
					{ type: 'text', text: 'Hel' },
					{ type: 'text', text: 'lo.' },
				],
			},
		]);
		expect(assistant.content).toEqual([reasoning, { text: 'Hello.' }]);
	});

	it('adds the call’s stop sequences to the option’s', () => {
		const input = toChatConverseRequest({
			modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
			options: { stopSequences: 'END' },
			messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi.' }] }],
			tools: [],
			stopSequences: ['Observation:', 'END'],
		}).input;
		expect(input.inferenceConfig?.stopSequences).toEqual(['END', 'Observation:']);
	});

	it('places cache points after the system prompt, the tools and the history', () => {
		const input = request(
			[
				{ role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
				{ role: 'user', content: [{ type: 'text', text: 'First.' }] },
				{ role: 'assistant', content: [{ type: 'text', text: 'Ok.' }] },
				{ role: 'user', content: [{ type: 'text', text: 'Second.' }] },
			],
			{ promptCaching: true },
		);
		const point = { cachePoint: { type: 'default' } };
		expect(input.system?.[1]).toEqual(point);
		expect(input.toolConfig?.tools?.[1]).toEqual(point);
		expect(input.messages?.[1].content).toEqual([{ text: 'Ok.' }, point]);
	});

	it('sets reasoning per family from the registry, and refuses it where the family has none', () => {
		const claude = toChatConverseRequest({
			modelId: 'us.anthropic.claude-3-7-sonnet-20250219-v1:0',
			options: { reasoningBudget: 2048, maxTokens: 1000 },
			messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi.' }] }],
			tools: [],
		}).input;
		expect(claude.additionalModelRequestFields).toMatchObject({
			thinking: { type: 'enabled', budget_tokens: 2048 },
		});
		expect(() =>
			toChatConverseRequest({
				modelId: 'meta.llama3-8b-instruct-v1:0',
				options: { reasoningEffort: 'high' },
				messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi.' }] }],
				tools: [],
			}),
		).toThrow(/Reasoning Effort applies to/);
	});

	it('adds guardrail, latency and additional model request fields', () => {
		const input = request([{ role: 'user', content: [{ type: 'text', text: 'Hi.' }] }], {
			guardrailIdentifier: 'gr-1',
			latency: 'optimized',
			additionalModelRequestFields: '{"top_k": 5}',
		});
		expect(input.guardrailConfig).toEqual({
			guardrailIdentifier: 'gr-1',
			guardrailVersion: 'DRAFT',
			trace: 'disabled',
		});
		expect(input.performanceConfig).toEqual({ latency: 'optimized' });
		expect(input.additionalModelRequestFields).toEqual({ top_k: 5 });
	});

	it('refuses a tool name Bedrock does not take', () => {
		expect(() =>
			request([{ role: 'user', content: [{ type: 'text', text: 'Hi.' }] }], {}, [
				{ ...weather, name: 'get weather' },
			]),
		).toThrow(/tool names must be/);
	});
});
