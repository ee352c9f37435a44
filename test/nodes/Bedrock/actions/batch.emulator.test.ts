import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { startRemoteEmulator } from '../../../../bench/remoteEmulator';
import type { RemoteEmulator } from '../../../../bench/remoteEmulator';
import { n8nCredentialFor } from '../../../../emulator';
import { bedrockNode, runWorkflow } from '../../../helpers/workflow';

// The batch runner through the node, the real SDK and the emulator's faults, in n8n's engine.
// The emulator runs in its own process here, as Bedrock does: with cancelled and aborted HTTP/2
// streams on both ends of one process, Node 20's native HTTP/2 code has corrupted its heap.
let emulator: RemoteEmulator;
let credentials: Record<string, ICredentialDataDecryptedObject>;

beforeAll(async () => {
	emulator = await startRemoteEmulator({ port: 0, seed: 11 });
	credentials = {
		awsBedrockApi: n8nCredentialFor(emulator.url),
	};
});
afterAll(async () => await emulator.close());
beforeEach(async () => {
	await emulator.configure({ faults: {}, latencyMs: 0, quota: {}, accessDeniedModels: [] });
	await emulator.resetStats();
});

const model = { __rl: true, mode: 'id', value: 'anthropic.claude-3-5-haiku-20241022-v1:0' };
const questions = (count: number) =>
	Array.from({ length: count }, (_, index) => ({ json: { text: `Question number ${index}.` } }));

function batchNode(options: IDataObject, stream = false) {
	return {
		...bedrockNode('Batch', {
			model,
			prompt: '={{ $json.text }}',
			options: { stream, ...options },
		}),
		onError: 'continueRegularOutput' as const,
	};
}

describe('batches against the emulator', () => {
	it('keeps order and pairing under concurrency with random latencies', async () => {
		await emulator.configure({ latencyMs: { min: 0, max: 40 } });
		const result = await runWorkflow({
			nodes: [batchNode({ concurrency: 8 })],
			input: questions(40),
			credentials,
		});
		const items = result.output('Batch');
		expect(items.map((item) => item.json.text)).toEqual(
			questions(40).map((question) => question.json.text),
		);
		expect(items.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
	});

	it.each([
		['internalServer', 'InternalServerException'],
		['serviceUnavailable', 'ServiceUnavailableException'],
		['modelTimeout', 'ModelTimeoutException'],
		['dropConnection', 'ECONNRESET'],
	])('retries %s until attempts run out', async (fault, code) => {
		await emulator.configure({ faults: { [fault]: 1 } });
		const result = await runWorkflow({
			nodes: [batchNode({ maxAttempts: 2, concurrency: 1 })],
			input: questions(1),
			credentials,
		});
		const [item] = result.output('Batch');
		expect((await emulator.stats()).requests).toBe(2);
		expect(item.json.error).toMatchObject({ retryable: true });
		if (fault !== 'dropConnection') expect(item.json.error).toMatchObject({ code });
	});

	it.each([
		['throttling', 'ThrottlingException'],
		['modelNotReady', 'ModelNotReadyException'],
	])('retries %s beyond max attempts, until the retry time runs out', async (fault, code) => {
		await emulator.configure({ faults: { [fault]: 1 } });
		const result = await runWorkflow({
			nodes: [batchNode({ maxAttempts: 1, maxRetryTimeMs: 1_500, concurrency: 1 })],
			input: questions(1),
			credentials,
		});
		const [item] = result.output('Batch');
		expect((await emulator.stats()).requests).toBeGreaterThan(1);
		expect(item.json.error).toMatchObject({ code, retryable: true });
	});

	it('retries a stream that fails before the client saw any delta', async () => {
		await emulator.configure({ faults: { streamFailure: 1 } });
		const result = await runWorkflow({
			nodes: [batchNode({ maxAttempts: 2 }, true)],
			input: questions(1),
			credentials,
		});
		expect((await emulator.stats()).requests).toBe(2);
		expect(result.output('Batch')[0].json.error).toMatchObject({
			code: 'ModelStreamErrorException',
		});
	});

	it('does not retry a stream that failed after deltas reached the client', async () => {
		await emulator.configure({ faults: { streamFailure: 1 } });
		const result = await runWorkflow({
			nodes: [batchNode({ maxAttempts: 3 }, true)],
			input: [
				{ json: { text: 'One two three four five six seven eight nine ten eleven twelve.' } },
			],
			credentials,
			streaming: true,
		});
		expect((await emulator.stats()).requests).toBe(1);
		expect(result.output('Batch')[0].json.error).toMatchObject({
			code: 'ModelStreamErrorException',
		});
	});

	it.each([
		['modelError', 'ModelErrorException'],
		['access denied', 'AccessDeniedException'],
	])('does not retry %s', async (fault, code) => {
		if (fault === 'modelError') await emulator.configure({ faults: { modelError: 1 } });
		const node =
			fault === 'modelError'
				? batchNode({ maxAttempts: 4 })
				: {
						...batchNode({ maxAttempts: 4 }),
						parameters: {
							...batchNode({}).parameters,
							model: { __rl: true, mode: 'id', value: 'amazon.titan-text-lite-v1' },
						},
					};
		if (fault === 'access denied')
			await emulator.configure({ accessDeniedModels: ['amazon.titan-text-lite-v1'] });
		const result = await runWorkflow({ nodes: [node], input: questions(1), credentials });
		expect((await emulator.stats()).requests).toBe(1);
		expect(result.output('Batch')[0].json.error).toMatchObject({ code, retryable: false });
		await emulator.configure({ accessDeniedModels: [] });
	});

	it('with Continue On Fail, the full fault mix yields exactly one output per input, none lost', async () => {
		await emulator.configure({
			faults: {
				throttling: 0.05,
				internalServer: 0.02,
				dropConnection: 0.01,
				streamFailure: 0.01,
				modelError: 0.01,
			},
		});
		const input = questions(120);
		const result = await runWorkflow({
			nodes: [batchNode({ concurrency: 8, maxAttempts: 6 }, true)],
			input,
			credentials,
		});
		const items = result.output('Batch');
		expect(items).toHaveLength(120);
		expect(items.map((item) => item.pairedItem)).toEqual(input.map((_, item) => ({ item })));
		for (const [index, item] of items.entries()) {
			if (item.json.error) {
				expect((item.json.error as IDataObject).code).toBe('ModelErrorException');
			} else {
				expect(item.json.text).toBe(input[index].json.text);
			}
		}
		expect((await emulator.stats()).requests).toBeGreaterThan(120);
	});

	it('without Continue On Fail, stops at the failing item with its index', async () => {
		await emulator.configure({ accessDeniedModels: ['amazon.titan-text-lite-v1'] });
		const result = await runWorkflow({
			nodes: [
				bedrockNode('Batch', {
					model: { __rl: true, mode: 'id', value: 'amazon.titan-text-lite-v1' },
					prompt: '={{ $json.text }}',
				}),
			],
			input: questions(3),
			credentials,
		});
		expect(result.error?.message).toContain('AccessDeniedException');
		expect(result.error).toMatchObject({ context: { itemIndex: 0 } });
		await emulator.configure({ accessDeniedModels: [] });
	});

	it('cancelling the execution stops the requests in flight', async () => {
		await emulator.configure({ latencyMs: 2_000 });
		const started = Date.now();
		await runWorkflow({
			nodes: [batchNode({ concurrency: 4 })],
			input: questions(20),
			credentials,
			onStarted: (cancel) => setTimeout(cancel, 200),
		});
		expect((await emulator.stats()).requests).toBe(4);
		// Nothing waited for the emulator's 2 s replies.
		expect(Date.now() - started).toBeLessThan(1_800);
	});
});
