import {
	CountTokensCommand,
	InvokeModelCommand,
	InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';

import { start } from '../../emulator';
import type { RunningEmulator } from '../../emulator';
import { runtimeClient } from './client';
import type { Transport } from './client';

const LLAMA = 'meta.llama3-8b-instruct-v1:0';
const SONNET_4 = 'anthropic.claude-sonnet-4-20250514-v1:0';

let emulator: RunningEmulator;
beforeAll(async () => {
	emulator = await start();
});
afterAll(async () => {
	await emulator.close();
});

const decode = (bytes: Uint8Array | undefined) =>
	JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;

describe.each<Transport>(['http2', 'http1'])('InvokeModel over %s', (transport) => {
	it('answers in the family’s native format with token headers', async () => {
		const client = runtimeClient(emulator.url, transport);
		const response = await client.send(
			new InvokeModelCommand({
				modelId: LLAMA,
				contentType: 'application/json',
				body: JSON.stringify({ prompt: 'Reply briefly. Nothing more. Ignored.', max_gen_len: 50 }),
			}),
		);
		expect(response.contentType).toBe('application/json');
		expect(decode(response.body)).toMatchObject({
			generation: 'Reply briefly. Nothing more.',
			stop_reason: 'stop',
		});
		expect(response.$metadata.httpStatusCode).toBe(200);
		expect(emulator.requests.at(-1)).toMatchObject({
			operation: 'InvokeModel',
			body: { prompt: 'Reply briefly. Nothing more. Ignored.', max_gen_len: 50 },
		});
		client.destroy();
	});

	it('streams chunks carrying invocation metrics on the last one', async () => {
		const client = runtimeClient(emulator.url, transport);
		const body = JSON.stringify({
			anthropic_version: 'bedrock-2023-05-31',
			max_tokens: 100,
			messages: [{ role: 'user', content: 'Stream me a sentence with several words in it.' }],
		});
		const response = await client.send(
			new InvokeModelWithResponseStreamCommand({ modelId: `us.${SONNET_4}`, body }),
		);
		const chunks: Array<Record<string, unknown>> = [];
		for await (const event of response.body ?? []) chunks.push(decode(event.chunk?.bytes));
		const text = chunks
			.map((chunk) => (chunk.delta as { text?: string } | undefined)?.text ?? '')
			.join('');
		expect(text).toBe('Stream me a sentence with several words in it.');
		expect(chunks.at(-1)?.['amazon-bedrock-invocationMetrics']).toMatchObject({
			inputTokenCount: 10,
			outputTokenCount: 10,
		});
		const counted = await client.send(
			new CountTokensCommand({
				modelId: SONNET_4,
				input: { invokeModel: { body: new TextEncoder().encode(body) } },
			}),
		);
		expect(counted.inputTokens).toBe(10);
		client.destroy();
	});
});

describe('InvokeModel details', () => {
	it('reports token counts in the x-amzn-bedrock headers', async () => {
		const seen: Record<string, string | undefined> = {};
		const client = runtimeClient(emulator.url, 'http1');
		client.middlewareStack.add(
			(next) => async (args) => {
				const result = await next(args);
				const headers = (result.response as { headers: Record<string, string> }).headers;
				for (const name of [
					'x-amzn-bedrock-input-token-count',
					'x-amzn-bedrock-output-token-count',
				]) {
					seen[name] = headers[name];
				}
				return result;
			},
			{ step: 'deserialize' },
		);
		await client.send(
			new InvokeModelCommand({
				modelId: LLAMA,
				body: JSON.stringify({ prompt: 'Four tokens here.' }),
			}),
		);
		expect(seen).toEqual({
			'x-amzn-bedrock-input-token-count': '4',
			'x-amzn-bedrock-output-token-count': '4',
		});
		client.destroy();
	});

	it('embeds text deterministically as unit vectors', async () => {
		const client = runtimeClient(emulator.url);
		const send = async (inputText: string, dimensions: number) =>
			decode(
				(
					await client.send(
						new InvokeModelCommand({
							modelId: 'amazon.titan-embed-text-v2:0',
							body: JSON.stringify({ inputText, dimensions }),
						}),
					)
				).body,
			) as { embedding: number[]; inputTextTokenCount: number };
		const first = await send('Embed this text.', 256);
		expect(first.embedding).toHaveLength(256);
		expect(Math.hypot(...first.embedding)).toBeCloseTo(1, 6);
		expect(first.inputTextTokenCount).toBe(4);
		expect((await send('Embed this text.', 256)).embedding).toEqual(first.embedding);
		expect((await send('Something else.', 256)).embedding).not.toEqual(first.embedding);
		client.destroy();
	});

	it('answers a malformed native body with the family’s ValidationException', async () => {
		const client = runtimeClient(emulator.url);
		await expect(
			client.send(
				new InvokeModelCommand({ modelId: LLAMA, body: JSON.stringify({ max_gen_len: 10 }) }),
			),
		).rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
		await expect(
			client.send(new InvokeModelCommand({ modelId: LLAMA, body: '{not json' })),
		).rejects.toMatchObject({
			name: 'ValidationException',
		});
		client.destroy();
	});

	it('pads replies to streamReplyBytes', async () => {
		emulator.configure({ streamReplyBytes: 4096 });
		const client = runtimeClient(emulator.url);
		const response = await client.send(
			new InvokeModelCommand({ modelId: LLAMA, body: JSON.stringify({ prompt: 'Short.' }) }),
		);
		expect(Buffer.byteLength(String(decode(response.body).generation))).toBe(4096);
		emulator.configure({ streamReplyBytes: undefined });
		client.destroy();
	});
});
