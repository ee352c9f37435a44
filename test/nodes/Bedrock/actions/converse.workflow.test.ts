import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	BedrockRuntimeClient,
	ConverseCommand,
	ConverseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import type {
	ContentBlock,
	ConverseCommandInput,
	ConverseCommandOutput,
	ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';

import { bedrockNode, chain, runWorkflow } from '../../../helpers/workflow';

// The n8n engine runs the node for real; Bedrock's runtime client is stubbed at the SDK's send.
const runtime = mockClient(BedrockRuntimeClient);
beforeEach(() => runtime.reset());

const credentials = {
	awsBedrockApi: {
		authentication: 'accessKeys',
		region: 'us-east-1',
		accessKeyId: 'AKIAEXAMPLEKEY000000',
		secretAccessKey: 'secret-that-must-not-leak',
	},
};
const model = { __rl: true, mode: 'id', value: 'anthropic.claude-3-5-haiku-20241022-v1:0' };

function reply(
	text: string,
	stopReason: 'end_turn' | 'tool_use' = 'end_turn',
	extra: ContentBlock[] = [],
): ConverseCommandOutput {
	return {
		output: { message: { role: 'assistant', content: [{ text }, ...extra] } },
		stopReason,
		usage: { inputTokens: 5, outputTokens: 3, totalTokens: 8 },
		metrics: { latencyMs: 10 },
		$metadata: {},
	};
}

function lastUserText(input: ConverseCommandInput): string {
	const user = [...(input.messages ?? [])].reverse().find((message) => message.role === 'user');
	return (user?.content ?? []).map((block) => block.text ?? '').join('');
}

describe('Converse in the n8n engine', () => {
	it('continues the first node’s conversation in a second node', async () => {
		runtime
			.on(ConverseCommand)
			.callsFake((input: ConverseCommandInput) => reply(`echo: ${lastUserText(input)}`));
		const result = await runWorkflow({
			nodes: [
				bedrockNode('First', { model, prompt: '={{ $json.question }}', systemPrompt: 'Be brief.' }),
				bedrockNode('Second', {
					model,
					inputMode: 'messages',
					messages: '={{ $json.messages }}',
					followUpPrompt: 'And again?',
				}),
			],
			connections: chain('First', 'Second'),
			input: [{ json: { question: 'Hi there' } }],
			credentials,
		});
		expect(result.output('First')[0].json.text).toBe('echo: Hi there');
		const second = runtime.commandCalls(ConverseCommand)[1].args[0].input;
		expect(second.system).toEqual([{ text: 'Be brief.' }]);
		expect(second.messages).toEqual([
			{ role: 'user', content: [{ text: 'Hi there' }] },
			{ role: 'assistant', content: [{ text: 'echo: Hi there' }] },
			{ role: 'user', content: [{ text: 'And again?' }] },
		]);
		expect(result.output('Second')[0].json.messages).toHaveLength(5);
	});

	it('runs a batch, each item with its own prompt, in order', async () => {
		runtime
			.on(ConverseCommand)
			.callsFake((input: ConverseCommandInput) => reply(lastUserText(input).toUpperCase()));
		const result = await runWorkflow({
			nodes: [
				bedrockNode('Bedrock', { model, prompt: '={{ $json.word }}', options: { concurrency: 3 } }),
			],
			input: ['one', 'two', 'three', 'four'].map((word) => ({ json: { word } })),
			credentials,
		});
		const items = result.output('Bedrock');
		expect(items.map((item) => item.json.text)).toEqual(['ONE', 'TWO', 'THREE', 'FOUR']);
		expect(items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
	});

	it('sends an image attachment from binary data', async () => {
		runtime.on(ConverseCommand).resolves(reply('A red pixel'));
		const png = Buffer.from(
			'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
			'base64',
		);
		const result = await runWorkflow({
			nodes: [bedrockNode('Bedrock', { model, prompt: 'Describe the image', attachments: 'data' })],
			input: [
				{
					json: {},
					binary: {
						data: { data: png.toString('base64'), mimeType: 'image/png', fileName: 'pixel.png' },
					},
				},
			],
			credentials,
		});
		expect(result.output('Bedrock')[0].json.text).toBe('A red pixel');
		const content = runtime.commandCalls(ConverseCommand)[0].args[0].input.messages?.[0].content;
		expect(content?.[0].image?.format).toBe('png');
		expect(Buffer.from(content?.[0].image?.source?.bytes as Uint8Array).equals(png)).toBe(true);
		expect(content?.[1]).toEqual({ text: 'Describe the image' });
	});

	it('round-trips a tool call', async () => {
		runtime
			.on(ConverseCommand)
			.resolvesOnce(
				reply('Let me check.', 'tool_use', [
					{ toolUse: { toolUseId: 'call-1', name: 'get_weather', input: { city: 'Paris' } } },
				]),
			)
			.resolvesOnce(reply('It is 21 degrees in Paris.'));
		const tools = { tool: [{ name: 'get_weather', inputSchema: '{"type":"object"}' }] };
		const result = await runWorkflow({
			nodes: [
				bedrockNode('Ask', { model, prompt: 'Weather in Paris?', tools }),
				bedrockNode('Answer', {
					model,
					inputMode: 'messages',
					messages:
						'={{ [...$json.messages, { role: "tool", tool_call_id: $json.toolCalls[0].id, content: JSON.stringify({ celsius: 21 }) }] }}',
					tools,
				}),
			],
			connections: chain('Ask', 'Answer'),
			input: [{ json: {} }],
			credentials,
		});
		expect(result.output('Ask')[0].json.toolCalls).toEqual([
			{ id: 'call-1', name: 'get_weather', input: { city: 'Paris' } },
		]);
		expect(result.output('Answer')[0].json.text).toBe('It is 21 degrees in Paris.');
		const sent = runtime.commandCalls(ConverseCommand)[1].args[0].input.messages;
		expect(sent?.[2]).toEqual({
			role: 'user',
			content: [{ toolResult: { toolUseId: 'call-1', content: [{ text: '{"celsius":21}' }] } }],
		});
	});

	it('streams text deltas that reassemble to the final text', async () => {
		const { events } = JSON.parse(
			readFileSync(join(__dirname, '../../../fixtures/converse/stream-text.json'), 'utf8'),
		) as { events: ConverseStreamOutput[] };
		runtime.on(ConverseStreamCommand).callsFake(() => ({
			stream: (async function* () {
				yield* events;
			})(),
			$metadata: {},
		}));
		const result = await runWorkflow({
			nodes: [bedrockNode('Bedrock', { model, prompt: 'Count', options: { stream: true } })],
			input: [{ json: {} }],
			credentials,
			streaming: true,
		});
		const output = result.output('Bedrock')[0].json;
		const deltas = result.chunks
			.filter((chunk) => chunk.type === 'item')
			.map((chunk) => chunk.content);
		expect(deltas.length).toBeGreaterThan(1);
		expect(deltas.join('')).toBe(output.text);
		expect(output.timeToFirstTokenMs).toEqual(expect.any(Number));
	});

	it('fails only the bad item under Continue On Fail', async () => {
		runtime
			.on(ConverseCommand)
			.callsFake((input: ConverseCommandInput) => reply(`ok ${lastUserText(input)}`));
		const result = await runWorkflow({
			nodes: [
				{
					...bedrockNode('Bedrock', {
						model,
						inputMode: 'messages',
						messages: '={{ $json.messages }}',
					}),
					onError: 'continueRegularOutput' as const,
				},
			],
			input: [
				{ json: { messages: [{ role: 'user', content: 'a' }] } },
				{ json: { messages: [{ role: 'assistant', content: 'no user first' }] } },
				{ json: { messages: [{ role: 'user', content: 'c' }] } },
			],
			credentials,
		});
		const items = result.output('Bedrock');
		expect(items[0].json.text).toBe('ok a');
		expect(items[1].json.error).toMatchObject({
			code: 'InvalidInput',
			message: expect.stringMatching(/^Item 1: The conversation starts with an assistant message/),
		});
		expect(items[2].json.text).toBe('ok c');
		expect(runtime.commandCalls(ConverseCommand)).toHaveLength(2);
	});
});
