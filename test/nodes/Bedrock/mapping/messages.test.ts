import {
	ConversationError,
	conversationToJson,
	parseConversation,
	promptConversation,
} from '../../../../nodes/Bedrock/mapping/messages';

const PNG_BASE64 =
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('parseConversation', () => {
	it('turns string content into text blocks and keeps the order', () => {
		const { system, messages } = parseConversation([
			{ role: 'user', content: 'Hi' },
			{ role: 'assistant', content: 'Hello!' },
			{ role: 'user', content: 'How are you?' },
		]);
		expect(system).toEqual([]);
		expect(messages).toEqual([
			{ role: 'user', content: [{ text: 'Hi' }] },
			{ role: 'assistant', content: [{ text: 'Hello!' }] },
			{ role: 'user', content: [{ text: 'How are you?' }] },
		]);
	});

	it('moves leading system messages to system', () => {
		const { system, messages } = parseConversation([
			{ role: 'system', content: 'Be brief.' },
			{ role: 'developer', content: [{ type: 'text', text: 'Answer in English.' }] },
			{ role: 'user', content: 'Hi' },
		]);
		expect(system).toEqual([{ text: 'Be brief.' }, { text: 'Answer in English.' }]);
		expect(messages).toHaveLength(1);
	});

	it('refuses a system message in the middle of the conversation', () => {
		expect(() =>
			parseConversation([
				{ role: 'user', content: 'Hi' },
				{ role: 'system', content: 'Late' },
			]),
		).toThrow(/Message 1: a system message can only come before/);
	});

	it('merges consecutive messages of one role', () => {
		const { messages } = parseConversation([
			{ role: 'user', content: 'First' },
			{ role: 'user', content: [{ text: 'Second' }] },
			{ role: 'assistant', content: 'Reply' },
		]);
		expect(messages).toEqual([
			{ role: 'user', content: [{ text: 'First' }, { text: 'Second' }] },
			{ role: 'assistant', content: [{ text: 'Reply' }] },
		]);
	});

	it('accepts the conversation as JSON text and as {messages}', () => {
		expect(parseConversation('[{"role":"user","content":"Hi"}]').messages).toEqual([
			{ role: 'user', content: [{ text: 'Hi' }] },
		]);
		expect(
			parseConversation({ messages: [{ role: 'user', content: 'Hi' }] }).messages,
		).toHaveLength(1);
	});

	it('maps OpenAI-style content parts, data-URL images, tool calls and tool messages', () => {
		const { messages } = parseConversation([
			{
				role: 'user',
				content: [
					{ type: 'text', text: 'What is in this image?' },
					{ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } },
				],
			},
			{
				role: 'assistant',
				content: null,
				tool_calls: [
					{
						id: 'call_1',
						type: 'function',
						function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
					},
				],
			},
			{ role: 'tool', tool_call_id: 'call_1', content: '{"temperature": 21}' },
		]);
		expect(messages[0].content?.[0]).toEqual({ text: 'What is in this image?' });
		const image = messages[0].content?.[1].image;
		expect(image?.format).toBe('png');
		expect(Buffer.from(image?.source?.bytes as Uint8Array).toString('base64')).toBe(PNG_BASE64);
		expect(messages[1]).toEqual({
			role: 'assistant',
			content: [
				{ toolUse: { toolUseId: 'call_1', name: 'get_weather', input: { city: 'Paris' } } },
			],
		});
		expect(messages[2]).toEqual({
			role: 'user',
			content: [
				{ toolResult: { toolUseId: 'call_1', content: [{ text: '{"temperature": 21}' }] } },
			],
		});
	});

	it('takes Converse toolResult blocks as they are and decodes base64 image bytes', () => {
		const { messages } = parseConversation([
			{ role: 'user', content: 'Weather?' },
			{
				role: 'assistant',
				content: [{ toolUse: { toolUseId: 't1', name: 'weather', input: { city: 'Oslo' } } }],
			},
			{
				role: 'user',
				content: [
					{ toolResult: { toolUseId: 't1', content: [{ json: { temperature: -3 } }] } },
					{ image: { format: 'png', source: { bytes: PNG_BASE64 } } },
				],
			},
		]);
		expect(messages[2].content?.[0]).toEqual({
			toolResult: { toolUseId: 't1', content: [{ json: { temperature: -3 } }] },
		});
		expect(messages[2].content?.[1].image?.source?.bytes).toBeInstanceOf(Uint8Array);
	});

	it.each([
		[[], /no user or assistant messages/],
		['not json', /not valid JSON/],
		[{ role: 'user' }, /must be an array/],
		[[{ role: 'assistant', content: 'Hi' }], /starts with an assistant message/],
		[[{ role: 'robot', content: 'Hi' }], /Message 0: unknown role the text "robot"/],
		[['hello'], /Message 0: expected an object/],
		[[{ role: 'user', content: '   ' }], /has no content/],
		[[{ role: 'user', content: 42 }], /"content" must be text or an array/],
		[[{ role: 'user', content: [{ foo: 1 }] }], /content block 0: not a content block/],
		[[{ role: 'user', content: [{ type: 'audio_url', x: 1 }] }], /"audio_url" is not supported/],
		[
			[{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }],
			/must be data URLs/,
		],
		[[{ role: 'tool', content: 'x' }], /needs "tool_call_id"/],
		[
			[
				{ role: 'user', content: 'x' },
				{ role: 'assistant', tool_calls: [{ id: 'a', function: { name: 'f', arguments: '{' } }] },
			],
			/tool call arguments must be a JSON object/,
		],
	])('refuses %j with a message saying what is wrong', (input, message) => {
		expect(() => parseConversation(input)).toThrow(ConversationError);
		expect(() => parseConversation(input)).toThrow(message);
	});
});

describe('promptConversation', () => {
	it('makes one user message and the system prompt', () => {
		expect(promptConversation('Hello', 'Be nice')).toEqual({
			system: [{ text: 'Be nice' }],
			messages: [{ role: 'user', content: [{ text: 'Hello' }] }],
		});
		expect(promptConversation('', '')).toEqual({ system: [], messages: [] });
	});
});

describe('conversationToJson', () => {
	it('puts the system prompt first, encodes bytes as base64 and leaves cache points out', () => {
		const json = conversationToJson(
			[{ text: 'Be brief.' }, { cachePoint: { type: 'default' } }],
			[
				{
					role: 'user',
					content: [
						{ image: { format: 'png', source: { bytes: Buffer.from(PNG_BASE64, 'base64') } } },
						{ cachePoint: { type: 'default' } },
						{ text: 'Describe' },
					],
				},
				{ role: 'assistant', content: [{ text: 'A pixel.' }] },
			],
		);
		expect(json).toEqual([
			{ role: 'system', content: 'Be brief.' },
			{
				role: 'user',
				content: [
					{ image: { format: 'png', source: { bytes: PNG_BASE64 } } },
					{ text: 'Describe' },
				],
			},
			{ role: 'assistant', content: [{ text: 'A pixel.' }] },
		]);
		// and reads back to the same conversation
		const again = parseConversation(json);
		expect(again.system).toEqual([{ text: 'Be brief.' }]);
		expect(again.messages[0].content?.[0].image?.source?.bytes).toBeInstanceOf(Uint8Array);
	});
});
