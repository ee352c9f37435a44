import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { n8nCredentialFor, start } from '../../../../emulator';
import type { RunningEmulator } from '../../../../emulator';
import { bedrockNode, chain, runWorkflow } from '../../../helpers/workflow';

// Converse through the real SDK, over HTTP/2, against the local emulator.
let emulator: RunningEmulator;
let credentials: Record<string, ICredentialDataDecryptedObject>;

beforeAll(async () => {
	emulator = await start({ port: 0 });
	credentials = {
		awsBedrockApi: n8nCredentialFor(emulator.url),
	};
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.requests.splice(0));

const model = { __rl: true, mode: 'id', value: 'us.anthropic.claude-3-5-haiku-20241022-v1:0' };

function converseBodies(): IDataObject[] {
	return emulator.requests
		.filter((request) => request.operation.startsWith('Converse'))
		.map((request) => request.body as IDataObject);
}

describe('Converse against the emulator', () => {
	it('a second node sees the first reply', async () => {
		const result = await runWorkflow({
			nodes: [
				bedrockNode('First', { model, prompt: 'The sky is blue.', systemPrompt: 'Be brief.' }),
				bedrockNode('Second', {
					model,
					inputMode: 'messages',
					messages: '={{ $json.messages }}',
					followUpPrompt: 'Grass is green.',
				}),
			],
			connections: chain('First', 'Second'),
			input: [{ json: {} }],
			credentials,
		});
		const first = result.output('First')[0].json;
		expect(first.text).toEqual(expect.any(String));
		expect(first.usage).toMatchObject({ inputTokens: expect.any(Number) });
		const second = converseBodies()[1];
		expect(second.system).toEqual([{ text: 'Be brief.' }]);
		expect(second.messages).toEqual([
			{ role: 'user', content: [{ text: 'The sky is blue.' }] },
			{ role: 'assistant', content: [{ text: first.text }] },
			{ role: 'user', content: [{ text: 'Grass is green.' }] },
		]);
		expect(result.output('Second')[0].json.stopReason).toBe('end_turn');
	});

	it('streams deltas that reassemble to the same text as the plain call', async () => {
		const plain = await runWorkflow({
			nodes: [bedrockNode('Bedrock', { model, prompt: 'Tell me about rivers. They flow.' })],
			input: [{ json: {} }],
			credentials,
		});
		const streamed = await runWorkflow({
			nodes: [
				bedrockNode('Bedrock', {
					model,
					prompt: 'Tell me about rivers. They flow.',
					options: { stream: true },
				}),
			],
			input: [{ json: {} }],
			credentials,
			streaming: true,
		});
		const output = streamed.output('Bedrock')[0].json;
		const deltas = streamed.chunks
			.filter((chunk) => chunk.type === 'item')
			.map((chunk) => chunk.content);
		expect(deltas.join('')).toBe(output.text);
		const plainOutput = plain.output('Bedrock')[0].json;
		expect(output.text).toBe(plainOutput.text);
		expect(output.usage).toEqual(plainOutput.usage);
		expect(output.timeToFirstTokenMs).toEqual(expect.any(Number));
	});

	it('round-trips a tool call', async () => {
		const tools = {
			tool: [
				{
					name: 'get_weather',
					inputSchema: '{"type":"object","properties":{"city":{"type":"string"}}}',
				},
			],
		};
		const result = await runWorkflow({
			nodes: [
				bedrockNode('Ask', {
					model,
					prompt: 'Use get_weather for Paris',
					tools,
					toolChoice: 'any',
				}),
				bedrockNode('Answer', {
					model,
					inputMode: 'messages',
					messages:
						'={{ [...$json.messages, { role: "tool", tool_call_id: $json.toolCalls[0].id, content: "21 degrees" }] }}',
					tools,
				}),
			],
			connections: chain('Ask', 'Answer'),
			input: [{ json: {} }],
			credentials,
		});
		const ask = result.output('Ask')[0].json;
		expect(ask.stopReason).toBe('tool_use');
		expect((ask.toolCalls as IDataObject[])[0]).toMatchObject({ name: 'get_weather' });
		expect(result.output('Answer')[0].json.text).toContain('21 degrees');
	});

	it('sends an image attachment from binary data and the model sees it', async () => {
		// A 1x1 PNG.
		const png = Buffer.from(
			'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
			'base64',
		);
		const result = await runWorkflow({
			nodes: [
				bedrockNode('Vision', { model, prompt: 'What is in this picture?', attachments: 'data' }),
			],
			input: [
				{
					json: {},
					binary: {
						data: {
							data: png.toString('base64'),
							mimeType: 'image/png',
							fileName: 'pixel.png',
							fileExtension: 'png',
						},
					},
				},
			],
			credentials,
		});
		const [item] = result.output('Vision');
		expect(item.json.text).toBe(
			`I see 1 image (png, ${png.length} bytes). What is in this picture?`,
		);
		const [body] = converseBodies();
		const content = (body.messages as Array<{ content: IDataObject[] }>)[0].content;
		expect(content.map((block) => Object.keys(block)[0])).toEqual(['image', 'text']);
	});

	it('with Continue On Fail, one bad item among good ones gives exactly one output per input, pairing intact', async () => {
		const node = {
			...bedrockNode('Batch', { model, prompt: '={{ $json.text }}', options: { concurrency: 3 } }),
			onError: 'continueRegularOutput' as const,
		};
		const texts = ['First question here.', '', 'Third question here.', 'Fourth question here.'];
		const result = await runWorkflow({
			nodes: [node],
			input: texts.map((text) => ({ json: { text } })),
			credentials,
		});
		const items = result.output('Batch');
		expect(items).toHaveLength(4);
		expect(items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(items[1].json.error).toMatchObject({
			code: 'InvalidInput',
			httpStatus: null,
			retryable: false,
		});
		expect([0, 2, 3].map((index) => items[index].json.text)).toEqual([
			texts[0],
			texts[2],
			texts[3],
		]);
		expect(converseBodies()).toHaveLength(3);
	});
});
