import {
	ConverseCommand,
	ConverseStreamCommand,
	CountTokensCommand,
} from '@aws-sdk/client-bedrock-runtime';
import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';

import { start } from '../../emulator';
import type { RunningEmulator } from '../../emulator';
import { runtimeClient, userMessage } from './client';
import type { Transport } from './client';

const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0';

let emulator: RunningEmulator;
beforeAll(async () => {
	emulator = await start();
});
afterAll(async () => {
	await emulator.close();
});

async function collect(stream: AsyncIterable<ConverseStreamOutput> | undefined) {
	const events: ConverseStreamOutput[] = [];
	for await (const event of stream ?? []) events.push(event);
	return events;
}

describe.each<Transport>(['http2', 'http1'])('Converse over %s', (transport) => {
	it('answers with the first two sentences of the user text', async () => {
		const client = runtimeClient(emulator.url, transport);
		const response = await client.send(
			new ConverseCommand({
				modelId: HAIKU,
				messages: [userMessage('Hello there. How are you? Third sentence.')],
			}),
		);
		expect(response.output?.message?.content).toEqual([{ text: 'Hello there. How are you?' }]);
		expect(response.stopReason).toBe('end_turn');
		expect(response.usage).toEqual({ inputTokens: 10, outputTokens: 7, totalTokens: 17 });
		expect(response.$metadata.httpStatusCode).toBe(200);
		expect(emulator.requests.at(-1)).toMatchObject({
			operation: 'Converse',
			modelId: HAIKU,
			auth: 'sigv4',
			httpVersion: transport === 'http2' ? '2.0' : '1.1',
		});
		client.destroy();
	});

	it('streams events that reassemble to the Converse reply', async () => {
		const client = runtimeClient(emulator.url, transport);
		const input = {
			modelId: `us.${HAIKU}`,
			messages: [
				userMessage('Streaming works one token group at a time. Really it does! Not this.'),
			],
		};
		const whole = await client.send(new ConverseCommand(input));
		const streamed = await client.send(new ConverseStreamCommand(input));
		const events = await collect(streamed.stream);
		const text = events.map((event) => event.contentBlockDelta?.delta?.text ?? '').join('');
		expect(text).toBe(whole.output?.message?.content?.[0].text);
		expect(events[0]).toEqual({ messageStart: { role: 'assistant' } });
		expect(events.filter((event) => event.contentBlockDelta).length).toBeGreaterThan(1);
		expect(events.find((event) => event.messageStop)?.messageStop?.stopReason).toBe('end_turn');
		expect(events.at(-1)?.metadata?.usage).toEqual(whole.usage);
		client.destroy();
	});
});

describe('Converse features', () => {
	const client = () => runtimeClient(emulator.url);

	it('counts tokens exactly as Converse reports them', async () => {
		const request = {
			system: [{ text: 'You are terse.' }],
			messages: [
				userMessage('What is the weather in Paris?'),
				{ role: 'assistant' as const, content: [{ text: 'Sunny.' }] },
				userMessage('And tomorrow?'),
			],
		};
		const runtime = client();
		const converse = await runtime.send(new ConverseCommand({ modelId: HAIKU, ...request }));
		const counted = await runtime.send(
			new CountTokensCommand({ modelId: HAIKU, input: { converse: request } }),
		);
		expect(counted.inputTokens).toBe(converse.usage?.inputTokens);
		expect(counted.inputTokens).toBe(4 + 7 + 2 + 3);
		runtime.destroy();
	});

	it('counts tokens of an InvokeModel body as InvokeModel reports them', async () => {
		const runtime = client();
		const body = JSON.stringify({
			anthropic_version: 'bedrock-2023-05-31',
			max_tokens: 100,
			messages: [{ role: 'user', content: 'Count these words, please.' }],
		});
		const counted = await runtime.send(
			new CountTokensCommand({
				modelId: HAIKU,
				input: { invokeModel: { body: new TextEncoder().encode(body) } },
			}),
		);
		expect(counted.inputTokens).toBe(6);
		runtime.destroy();
	});

	it('refuses to count tokens for a model without support and for profile IDs', async () => {
		const runtime = client();
		await expect(
			runtime.send(
				new CountTokensCommand({
					modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
					input: { converse: { messages: [userMessage('hi')] } },
				}),
			),
		).rejects.toMatchObject({
			name: 'ValidationException',
			message: "The provided model doesn't support counting tokens.",
		});
		await expect(
			runtime.send(
				new CountTokensCommand({
					modelId: `us.${HAIKU}`,
					input: { converse: { messages: [userMessage('hi')] } },
				}),
			),
		).rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
		runtime.destroy();
	});
});
