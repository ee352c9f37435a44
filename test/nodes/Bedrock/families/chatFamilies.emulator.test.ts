import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { n8nCredentialFor, start } from '../../../../emulator';
import type { RunningEmulator } from '../../../../emulator';
import { bedrockNode, runWorkflow } from '../../../helpers/workflow';

// The families that take an OpenAI-style chat body, end to end: Invoke Model (plain and streamed)
// and Converse through the real SDK against the emulator, whose formats are written separately.
let emulator: RunningEmulator;
let credentials: Record<string, ICredentialDataDecryptedObject>;

beforeAll(async () => {
	emulator = await start({ port: 0 });
	credentials = { awsBedrockApi: n8nCredentialFor(emulator.url) };
});
afterAll(async () => await emulator.close());

// The third value: whether the model always reasons (then the reasoning comes apart from the text).
const MODELS: Array<[string, string, boolean]> = [
	['qwen.qwen3-32b-v1:0', 'qwen', false],
	['moonshot.kimi-k2-thinking', 'kimi', true],
	['deepseek.v3-v1:0', 'deepseekV3', false],
	['minimax.minimax-m2', 'minimax', true],
	['google.gemma-3-12b-it', 'gemma', false],
	['us.writer.palmyra-x5-v1:0', 'writerPalmyra', false],
	['mistral.mistral-large-3-675b-instruct', 'mistralChat', false],
];

async function run(parameters: IDataObject): Promise<IDataObject> {
	const result = await runWorkflow({
		nodes: [bedrockNode('Bedrock', parameters)],
		input: [{ json: {} }],
		credentials,
	});
	return result.output('Bedrock')[0].json;
}

describe.each(MODELS)('%s (%s family)', (modelId, _family, reasons) => {
	const model = { __rl: true, mode: 'id', value: modelId };
	const prompt = 'Rivers flow to the sea. Tell me more.';

	it('answers through Invoke Model, streamed or not, with the same text', async () => {
		const options = { maxTokens: 200, temperature: 0.5 };
		const plain = await run({
			operation: 'invoke',
			model,
			prompt,
			systemPrompt: 'Be brief.',
			options,
		});
		expect(plain).toMatchObject({
			text: expect.stringMatching(/\S/),
			stopReason: 'end_turn',
			usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number) },
			modelId,
		});
		expect(String(plain.text)).not.toMatch(/<\/?(?:think|reasoning)>/);
		expect(typeof plain.reasoning === 'string').toBe(reasons);
		const streamed = await run({
			operation: 'invoke',
			model,
			prompt,
			systemPrompt: 'Be brief.',
			options: { ...options, stream: true },
		});
		expect(streamed.text).toBe(plain.text);
		expect(streamed.reasoning).toEqual(plain.reasoning);
	});

	it('answers through Converse, and refuses Top K before sending', async () => {
		const reply = await run({ model, prompt, options: { maxTokens: 200 } });
		expect(reply).toMatchObject({ text: expect.stringMatching(/\S/), stopReason: 'end_turn' });
		const before = emulator.requests.length;
		const result = await runWorkflow({
			nodes: [
				{
					...bedrockNode('Bedrock', { model, prompt, options: { topK: 20 } }),
					onError: 'continueRegularOutput' as const,
				},
			],
			input: [{ json: {} }],
			credentials,
		});
		expect(result.output('Bedrock')[0].json.error).toMatchObject({
			message: expect.stringMatching(/Top K is not supported by/),
		});
		expect(emulator.requests.length).toBe(before);
	});
});
