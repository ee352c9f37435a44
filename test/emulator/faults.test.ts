import { ListInferenceProfilesCommand } from '@aws-sdk/client-bedrock';
import {
	ConverseCommand,
	ConverseStreamCommand,
	InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';

import { start } from '../../emulator';
import type { FaultName, RunningEmulator } from '../../emulator';
import { controlClient, runtimeClient, userMessage } from './client';

const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const LLAMA = 'meta.llama3-8b-instruct-v1:0';
const converse = (modelId = HAIKU) =>
	new ConverseCommand({ modelId, messages: [userMessage('One. Two. Three.')] });

let emulator: RunningEmulator;
beforeAll(async () => {
	emulator = await start();
});
afterEach(() => {
	emulator.configure({ faults: {}, quota: {}, models: {}, accessDeniedModels: [] });
	emulator.resetStats();
});
afterAll(async () => {
	await emulator.close();
});

describe('injected faults', () => {
	it.each<[FaultName, string, number]>([
		['throttling', 'ThrottlingException', 429],
		['internalServer', 'InternalServerException', 500],
		['serviceUnavailable', 'ServiceUnavailableException', 503],
		['modelTimeout', 'ModelTimeoutException', 408],
		['modelNotReady', 'ModelNotReadyException', 429],
		['modelError', 'ModelErrorException', 424],
	])('%s surfaces as %s (%i)', async (fault, name, status) => {
		emulator.configure({ faults: { [fault]: 1 } });
		for (const transport of ['http2', 'http1'] as const) {
			const client = runtimeClient(emulator.url, transport);
			await expect(client.send(converse())).rejects.toMatchObject({
				name,
				$metadata: { httpStatusCode: status },
			});
			client.destroy();
		}
		expect(emulator.stats().faults[fault]).toBe(2);
	});

	it('drops the connection without a response', async () => {
		emulator.configure({ faults: { dropConnection: 1 } });
		for (const transport of ['http2', 'http1'] as const) {
			const client = runtimeClient(emulator.url, transport);
			await expect(client.send(converse())).rejects.toBeInstanceOf(Error);
			client.destroy();
		}
		expect(emulator.stats().faults.dropConnection).toBe(2);
	});

	it('fails a ConverseStream midway with ModelStreamErrorException', async () => {
		emulator.configure({ faults: { streamFailure: 1 } });
		const client = runtimeClient(emulator.url);
		const response = await client.send(
			new ConverseStreamCommand({
				modelId: HAIKU,
				messages: [userMessage('A long enough reply to be split in several deltas.')],
			}),
		);
		const received: string[] = [];
		await expect(
			(async () => {
				for await (const event of response.stream ?? []) received.push(Object.keys(event)[0]);
			})(),
		).rejects.toMatchObject({ name: 'ModelStreamErrorException' });
		expect(received[0]).toBe('messageStart');
		expect(received).not.toContain('messageStop');
		client.destroy();
	});

	it('fails an InvokeModelWithResponseStream midway with ModelStreamErrorException', async () => {
		emulator.configure({ faults: { streamFailure: 1 } });
		const client = runtimeClient(emulator.url, 'http1');
		const response = await client.send(
			new InvokeModelWithResponseStreamCommand({
				modelId: LLAMA,
				body: JSON.stringify({ prompt: 'Say something long enough to stream in pieces, please.' }),
			}),
		);
		let chunks = 0;
		await expect(
			(async () => {
				for await (const event of response.body ?? []) if (event.chunk) chunks++;
			})(),
		).rejects.toMatchObject({ name: 'ModelStreamErrorException' });
		expect(chunks).toBeGreaterThan(0);
		client.destroy();
	});

	it('applies per-model fault overrides only to that model', async () => {
		emulator.configure({ models: { [LLAMA]: { faults: { modelError: 1 } } } });
		const client = runtimeClient(emulator.url);
		await expect(client.send(converse(LLAMA))).rejects.toMatchObject({
			name: 'ModelErrorException',
		});
		await expect(client.send(converse(HAIKU))).resolves.toMatchObject({ stopReason: 'end_turn' });
		client.destroy();
	});

	it('replays the same faults for the same seed', async () => {
		const outcomes = async () => {
			emulator.configure({ seed: 42, faults: { internalServer: 0.5 } });
			const client = runtimeClient(emulator.url);
			const results: string[] = [];
			for (let call = 0; call < 10; call++) {
				results.push(
					await client.send(converse()).then(
						() => 'ok',
						(error: Error) => error.name,
					),
				);
			}
			client.destroy();
			return results;
		};
		const first = await outcomes();
		expect(await outcomes()).toEqual(first);
		expect(first).toContain('ok');
		expect(first).toContain('InternalServerException');
	});
});

describe('quotas', () => {
	it('throttles requests beyond requestsPerMinute', async () => {
		emulator.configure({ quota: { requestsPerMinute: 5 } });
		const client = runtimeClient(emulator.url);
		const results = await Promise.allSettled(
			Array.from({ length: 8 }, () => client.send(converse())),
		);
		const throttled = results.filter(
			(result) =>
				result.status === 'rejected' && (result.reason as Error).name === 'ThrottlingException',
		);
		expect(throttled).toHaveLength(3);
		expect((throttled[0] as PromiseRejectedResult).reason).toMatchObject({
			message: 'Too many requests, please wait before trying again.',
			$metadata: { httpStatusCode: 429 },
		});
		expect(emulator.stats()).toMatchObject({
			requests: 8,
			throttled: 3,
			byOperation: { Converse: 8 },
		});
		client.destroy();
	});

	it('throttles a model beyond its own tokensPerMinute', async () => {
		// Each call uses 6 input + 4 output tokens; the third finds 20 >= 20 used.
		emulator.configure({ models: { [HAIKU]: { quota: { tokensPerMinute: 20 } } } });
		const client = runtimeClient(emulator.url);
		const names: string[] = [];
		for (let call = 0; call < 3; call++) {
			names.push(
				await client.send(converse()).then(
					() => 'ok',
					(error: Error) => error.name,
				),
			);
		}
		expect(names).toEqual(['ok', 'ok', 'ThrottlingException']);
		await expect(client.send(converse(LLAMA))).resolves.toMatchObject({ stopReason: 'end_turn' });
		client.destroy();
	});
});

describe('model access', () => {
	it('refuses a profile-only model called by its bare ID', async () => {
		const client = runtimeClient(emulator.url);
		await expect(
			client.send(converse('anthropic.claude-3-7-sonnet-20250219-v1:0')),
		).rejects.toMatchObject({
			name: 'ValidationException',
			message:
				'Invocation of model ID anthropic.claude-3-7-sonnet-20250219-v1:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.',
			$metadata: { httpStatusCode: 400 },
		});
		await expect(
			client.send(converse('us.anthropic.claude-3-7-sonnet-20250219-v1:0')),
		).resolves.toMatchObject({
			stopReason: 'end_turn',
		});
		client.destroy();
	});

	it('accepts ARNs of foundation models, inference profiles and application inference profiles', async () => {
		const client = runtimeClient(emulator.url);
		const control = controlClient(emulator.url);
		const application = await control.send(
			new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' }),
		);
		const arns = [
			`arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}`,
			'arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0',
			application.inferenceProfileSummaries?.[0].inferenceProfileArn ?? '',
		];
		for (const arn of arns) {
			await expect(client.send(converse(arn))).resolves.toMatchObject({ stopReason: 'end_turn' });
			expect(emulator.requests.at(-1)?.modelId).toBe(arn);
		}
		client.destroy();
		control.destroy();
	});

	it('refuses unknown models and denied ones', async () => {
		emulator.configure({ accessDeniedModels: [LLAMA] });
		const client = runtimeClient(emulator.url);
		await expect(client.send(converse('anthropic.claude-nonexistent-v1:0'))).rejects.toMatchObject({
			name: 'ValidationException',
			message: 'The provided model identifier is invalid.',
		});
		await expect(client.send(converse('eu.meta.llama3-3-70b-instruct-v1:0'))).rejects.toMatchObject(
			{
				name: 'ValidationException',
			},
		);
		await expect(client.send(converse(LLAMA))).rejects.toMatchObject({
			name: 'AccessDeniedException',
			message: "You don't have access to the model with the specified model ID.",
			$metadata: { httpStatusCode: 403 },
		});
		client.destroy();
	});
});

describe('the request log: who sent a request and what refused it', () => {
	it('records the SDK application ID of the client, and a quota or a fault that refused the request', async () => {
		emulator.configure({ quota: { requestsPerMinute: 1 } });
		const tagged = runtimeClient(emulator.url, 'http2', { userAgentAppId: 'worker-a' });
		const untagged = runtimeClient(emulator.url, 'http1');
		await tagged.send(converse());
		await expect(untagged.send(converse())).rejects.toMatchObject({
			name: 'ThrottlingException',
		});
		emulator.configure({ quota: {}, faults: { internalServer: 1 } });
		await expect(tagged.send(converse())).rejects.toMatchObject({
			name: 'InternalServerException',
		});
		tagged.destroy();
		untagged.destroy();
		expect(
			emulator.requests.map(({ appId, refusedBy, status }) => ({ appId, refusedBy, status })),
		).toEqual([
			{ appId: 'worker-a', refusedBy: undefined, status: 200 },
			{ appId: undefined, refusedBy: 'quota', status: 429 },
			{ appId: 'worker-a', refusedBy: 'internalServer', status: 500 },
		]);
	});
});
