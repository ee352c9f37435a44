/**
 * What Converse, Invoke Model and Count Tokens share behaves the same in each: stop sequences,
 * knob checks, JSON fields, the missing model, and the end of a stream that fails part-way. These
 * were twins that had drifted apart; the README's "One behaviour in every operation" says which
 * behaviour was kept and why.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { n8nCredentialFor, start } from '../../../../emulator';
import type { RunningEmulator } from '../../../../emulator';
import { description as countTokensDescription } from '../../../../nodes/Bedrock/actions/text/countTokens.operation';
import { bedrockNode, runWorkflow } from '../../../helpers/workflow';

let emulator: RunningEmulator;
let credentials: Record<string, ICredentialDataDecryptedObject>;

beforeAll(async () => {
	emulator = await start({ port: 0 });
	credentials = { awsBedrockApi: n8nCredentialFor(emulator.url) };
});
afterAll(async () => await emulator.close());
beforeEach(async () => {
	emulator.requests.splice(0);
	await emulator.configure({ faults: {} });
});

const claude = { __rl: true, mode: 'id', value: 'us.anthropic.claude-3-5-haiku-20241022-v1:0' };

type Operation = 'converse' | 'invoke';

function node(operation: Operation, parameters: IDataObject) {
	return {
		...bedrockNode('Bedrock', { operation, model: claude, prompt: 'Hello there.', ...parameters }),
		onError: 'continueRegularOutput' as const,
	};
}

async function run(operation: Operation, parameters: IDataObject, streaming = false) {
	const result = await runWorkflow({
		nodes: [node(operation, parameters)],
		input: [{ json: {} }],
		credentials,
		streaming,
	});
	return { item: result.output('Bedrock')[0], chunks: result.chunks };
}

const sentBodies = () => emulator.requests.map((request) => request.body as IDataObject);

describe.each<Operation>(['converse', 'invoke'])('%s', (operation) => {
	it('reads `\\n` typed in Stop Sequences as a newline', async () => {
		const { item } = await run(operation, { options: { stopSequences: 'END, \\n\\nHuman:' } });
		expect(item.json.error).toBeUndefined();
		const body = sentBodies()[0];
		const sent =
			operation === 'converse'
				? (body.inferenceConfig as IDataObject).stopSequences
				: body.stop_sequences;
		expect(sent).toEqual(['END', '\n\nHuman:']);
	});

	it.each([
		[{ temperature: 1.5 }, /Temperature must be between 0 and 1 for Anthropic Claude models/],
		[{ maxTokens: -5 }, /Max Tokens must be between 1 and 128000 for Anthropic Claude models/],
		[{ topP: 3 }, /Top P must be between 0 and 1/],
	])('refuses %j for the family before sending', async (options, message) => {
		const { item } = await run(operation, { options });
		expect(item.json.error).toMatchObject({
			code: 'InvalidInput',
			message: expect.stringMatching(message),
		});
		expect(emulator.requests).toHaveLength(0);
	});

	it('words bad JSON the same way', async () => {
		const parameters =
			operation === 'converse'
				? { options: { additionalModelRequestFields: '{"top_k": }' } }
				: { bodySource: 'json', body: '{"top_k": }' };
		const { item } = await run(operation, parameters);
		expect((item.json.error as IDataObject).message).toMatch(
			/is not valid JSON at line 1, column 11 \(near "/,
		);
		expect(emulator.requests).toHaveLength(0);
	});

	it('words a missing model the same way', async () => {
		const { item } = await run(operation, {
			model: { __rl: true, mode: 'id', value: '={{ $json.model ?? "" }}' },
		});
		expect((item.json.error as IDataObject).message).toMatch(/^No model is selected/);
		expect(emulator.requests).toHaveLength(0);
	});

	it('ends the chunk stream of a stream that fails part-way', async () => {
		await emulator.configure({ faults: { streamFailure: 1 } });
		const { item, chunks } = await run(
			operation,
			{
				prompt: 'One two three four five six seven eight nine ten eleven twelve.',
				options: { stream: true, maxAttempts: 1 },
			},
			true,
		);
		expect(item.json.error).toMatchObject({ code: 'ModelStreamErrorException' });
		const types = chunks.map((chunk) => chunk.type);
		expect(types[0]).toBe('begin');
		expect(types).toContain('item');
		expect(types[types.length - 1]).toBe('end');
	});

	it('reports timeToFirstTokenMs when streaming', async () => {
		const { item } = await run(operation, { options: { stream: true } });
		expect(item.json.timeToFirstTokenMs).toEqual(expect.any(Number));
		expect(item.json.timeToFirstTokenMs as number).toBeLessThanOrEqual(
			item.json.latencyMs as number,
		);
	});
});

describe('Count Tokens', () => {
	it('declares its own inputs, shown by its Count Tokens Of choice', () => {
		const shown = (name: string) =>
			countTokensDescription
				.filter((field) => field.name === name)
				.map((field) => field.displayOptions?.show);
		expect(shown('inputMode')).toEqual([{ operation: ['countTokens'], inputFormat: ['converse'] }]);
		expect(shown('bodySource')).toEqual([{ operation: ['countTokens'], inputFormat: ['invoke'] }]);
	});

	it('refuses what Converse refuses, before counting', async () => {
		const result = await runWorkflow({
			nodes: [
				{
					...bedrockNode('Bedrock', {
						operation: 'countTokens',
						model: claude,
						prompt: 'Hello',
						options: { estimateOnly: true },
					}),
					onError: 'continueRegularOutput' as const,
				},
			],
			input: [{ json: {} }],
			credentials,
		});
		expect(result.output('Bedrock')[0].json.inputTokens).toEqual(expect.any(Number));
	});
});
