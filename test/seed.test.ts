/**
 * Everything the tutorial this project grew from (../shared/seed-bedrock-api-module.txt) shows,
 * done through the node in n8n's engine against the local emulator, with the real SDK underneath.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import type { RunningEmulator } from '../emulator';
import { n8nCredentialFor, start } from '../emulator';
import { bedrockNode, chain, runWorkflow } from './helpers/workflow';

const CLAUDE = 'anthropic.claude-3-sonnet-20240229-v1:0';
const model = (value: string) => ({ __rl: true, mode: 'id', value });

describe('the seed tutorial, through the node', () => {
	let emulator: RunningEmulator;
	let credentials: Record<string, ICredentialDataDecryptedObject>;

	beforeAll(async () => {
		emulator = await start({
			port: 0,
			accessDeniedModels: ['anthropic.claude-3-opus-20240229-v1:0'],
		});
		credentials = {
			awsBedrockApi: n8nCredentialFor(emulator.url),
		};
	});

	afterAll(async () => await emulator.close());
	beforeEach(() => emulator.requests.splice(0));

	async function run(parameters: IDataObject, json: IDataObject = {}, streaming = false) {
		const result = await runWorkflow({
			nodes: [{ ...bedrockNode('Bedrock', parameters), onError: 'continueRegularOutput' }],
			input: [{ json }],
			credentials,
			streaming,
		});
		return { json: result.output('Bedrock')[0].json as IDataObject, chunks: result.chunks };
	}

	const lastBody = () => emulator.requests[emulator.requests.length - 1].body as IDataObject;

	it('Basic InvokeModel call: Claude from the form, result as text', async () => {
		const { json } = await run({
			operation: 'invoke',
			model: model(CLAUDE),
			prompt: 'What is machine learning?',
			options: { maxTokens: 1024 },
		});
		expect(lastBody()).toEqual({
			anthropic_version: 'bedrock-2023-05-31',
			max_tokens: 1024,
			messages: [{ role: 'user', content: 'What is machine learning?' }],
		});
		expect(json).toMatchObject({
			text: 'What is machine learning?',
			stopReason: 'end_turn',
			modelId: CLAUDE,
		});
	});

	it('the seed’s anthropic_version bedrock-2023-06-01 is refused as by Bedrock; the documented one works', async () => {
		const body = (version: string) =>
			JSON.stringify({
				anthropic_version: version,
				max_tokens: 1024,
				messages: [{ role: 'user', content: 'What is machine learning?' }],
			});
		const refused = await run({
			operation: 'invoke',
			model: model(CLAUDE),
			bodySource: 'json',
			body: body('bedrock-2023-06-01'),
		});
		expect(refused.json.error).toMatchObject({ code: 'ValidationException', httpStatus: 400 });
		const accepted = await run({
			operation: 'invoke',
			model: model(CLAUDE),
			bodySource: 'json',
			body: body('bedrock-2023-05-31'),
		});
		expect(accepted.json.text).toBe('What is machine learning?');
	});

	it.each([
		[
			'Llama',
			'meta.llama3-8b-instruct-v1:0',
			{
				prompt: 'What is AI?',
				metaRawPrompt: true,
				options: { maxTokens: 512, temperature: 0.7, topP: 0.9 },
			},
			{ prompt: 'What is AI?', max_gen_len: 512, temperature: 0.7, top_p: 0.9 },
		],
		[
			'Mistral',
			'mistral.mistral-7b-instruct-v0:2',
			{
				prompt: 'Explain quantum computing',
				mistralRawPrompt: true,
				options: { maxTokens: 512, temperature: 0.7 },
			},
			{ prompt: 'Explain quantum computing', max_tokens: 512, temperature: 0.7 },
		],
		[
			'Titan',
			'amazon.titan-text-express-v1',
			{
				prompt: 'Summarize AWS',
				titanTextRawPrompt: true,
				options: { maxTokens: 512, temperature: 0.7, topP: 0.9 },
			},
			{
				inputText: 'Summarize AWS',
				textGenerationConfig: { maxTokenCount: 512, temperature: 0.7, topP: 0.9 },
			},
		],
	])(
		'Model-specific request formats: the %s body comes from the form',
		async (_family, modelId, form, expected) => {
			const { json } = await run({ operation: 'invoke', model: model(modelId), ...form });
			expect(lastBody()).toEqual(expected);
			expect(json).toMatchObject({
				text: expect.any(String),
				stopReason: 'end_turn',
				usage: { inputTokens: expect.any(Number) },
			});
		},
	);

	it('Converse: a multi-turn conversation with a system prompt, continued by a second node', async () => {
		const first = bedrockNode('First', {
			operation: 'converse',
			model: model(CLAUDE),
			prompt: 'What is AWS Bedrock? It is a managed service.',
			systemPrompt: 'You are a helpful AWS expert.',
			options: { maxTokens: 1024, temperature: 0.7 },
		});
		const second = bedrockNode('Second', {
			operation: 'converse',
			model: model(CLAUDE),
			inputMode: 'messages',
			messages: '={{ $json.messages }}',
			followUpPrompt: 'How does it compare to OpenAI?',
			options: { maxTokens: 1024, temperature: 0.7 },
		});
		const result = await runWorkflow({
			nodes: [first, second],
			connections: chain('First', 'Second'),
			input: [{ json: {} }],
			credentials,
		});
		const reply = result.output('Second')[0].json;
		expect(reply.text).toBe('How does it compare to OpenAI?');
		const sent = lastBody();
		expect(sent.system).toEqual([{ text: 'You are a helpful AWS expert.' }]);
		expect(sent.inferenceConfig).toEqual({ maxTokens: 1024, temperature: 0.7 });
		expect((sent.messages as IDataObject[]).map((message) => message.role)).toEqual([
			'user',
			'assistant',
			'user',
		]);
	});

	it('Streaming: InvokeModelWithResponseStream and ConverseStream give the same text, forwarded as it arrives', async () => {
		const prompt = 'Write a 500-word essay on AI. It should be long.';
		for (const operation of ['invoke', 'converse']) {
			const plain = await run({
				operation,
				model: model(CLAUDE),
				prompt,
				options: { maxTokens: 1024 },
			});
			const streamed = await run(
				{ operation, model: model(CLAUDE), prompt, options: { maxTokens: 1024, stream: true } },
				{},
				true,
			);
			expect(streamed.json.text).toBe(plain.json.text);
			expect(streamed.json.timeToFirstTokenMs).toEqual(expect.any(Number));
			const deltas = streamed.chunks.filter((chunk) => chunk.type === 'item');
			expect(deltas.length).toBeGreaterThan(1);
			expect(deltas.map((chunk) => chunk.content).join('')).toBe(plain.json.text);
		}
	});

	it('Error handling: model access not enabled is AccessDeniedException, with the remedy', async () => {
		const { json } = await run({
			operation: 'converse',
			model: model('anthropic.claude-3-opus-20240229-v1:0'),
			prompt: 'Hello',
		});
		expect(json.error).toMatchObject({
			code: 'AccessDeniedException',
			httpStatus: 403,
			retryable: false,
		});
		expect((json.error as IDataObject).remedy).toMatch(/Model access/);
	});

	it('Error handling: an invalid request is ValidationException', async () => {
		const { json } = await run({
			operation: 'invoke',
			model: model(CLAUDE),
			bodySource: 'json',
			body: '{"messages": []}',
		});
		expect(json.error).toMatchObject({ code: 'ValidationException', httpStatus: 400 });
	});

	it('Token counting: usage.input_tokens / output_tokens come out as usage.inputTokens / outputTokens', async () => {
		const { json } = await run({
			operation: 'invoke',
			model: model(CLAUDE),
			prompt: 'What is AI?',
			options: { maxTokens: 1 },
		});
		expect(json.usage).toMatchObject({ inputTokens: 4, outputTokens: 1, totalTokens: 5 });
		expect(json.stopReason).toBe('max_tokens');
	});

	it('…and Count Tokens answers before invoking, with the cost', async () => {
		const { json } = await run({
			operation: 'countTokens',
			inputFormat: 'invoke',
			model: model('anthropic.claude-3-5-haiku-20241022-v1:0'),
			prompt: 'What is AI?',
		});
		expect(json).toMatchObject({ inputTokens: 4, method: 'api' });
		expect(json.estimatedCost).toMatchObject({
			inputUsd: expect.any(Number),
			maxOutputUsd: expect.any(Number),
		});
	});
});
