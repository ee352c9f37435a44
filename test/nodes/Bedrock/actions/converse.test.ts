import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	BedrockRuntimeClient,
	ConverseCommand,
	ConverseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import type {
	ConverseCommandInput,
	ConverseResponse,
	ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import type { IBinaryData, IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { description, execute } from '../../../../nodes/Bedrock/actions/text/converse.operation';
import { buildConverseRequest } from '../../../../nodes/Bedrock/actions/text/converseInput';
import type { OperationContext } from '../../../../nodes/Bedrock/actions/types';
import type { ChunkSink } from '../../../../nodes/Bedrock/transport/streaming';
import { BedrockClients } from '../../../../nodes/Bedrock/transport/clients';
import type { BedrockCredentials } from '../../../../nodes/Bedrock/transport/credentials';

const fixtures = join(__dirname, '../../../fixtures/converse');
function fixture<T>(name: string): T {
	const { _source, ...rest } = JSON.parse(readFileSync(join(fixtures, `${name}.json`), 'utf8'));
	void _source;
	return rest as T;
}

const node: INode = {
	id: 'bedrock',
	name: 'Amazon Bedrock',
	type: 'n8n-nodes-bedrock.bedrock',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

interface Binary {
	info: IBinaryData;
	bytes: Buffer;
}

function binaryFile(mimeType: string, fileName: string, bytes: Buffer): Binary {
	return { info: { data: '', mimeType, fileName }, bytes };
}

interface Setup {
	parameters: IDataObject;
	/** Parameters that differ per item. */
	perItem?: IDataObject[];
	binary?: Record<string, Binary>;
}

const credentials: BedrockCredentials = {
	authentication: 'accessKeys',
	region: 'us-east-1',
	accessKeyId: 'AKIAEXAMPLE',
	secretAccessKey: 'secret',
	assumeRole: false,
} as BedrockCredentials;

function chunkRecorder() {
	const calls: Array<[string, number, string?]> = [];
	const sink: ChunkSink = {
		active: true,
		begin: (itemIndex) => calls.push(['begin', itemIndex]),
		delta: (itemIndex, text) => calls.push(['item', itemIndex, text]),
		end: (itemIndex) => calls.push(['end', itemIndex]),
		sent: () => calls.length > 0,
	};
	return { calls, sink };
}

function context(setup: Setup, chunks = chunkRecorder().sink): OperationContext {
	const fn = {
		getNode: () => node,
		getNodeParameter(name: string, itemIndex: number, fallback?: unknown, options?: IDataObject) {
			const value = setup.perItem?.[itemIndex]?.[name] ?? setup.parameters[name];
			if (value === undefined) return fallback;
			if (options?.extractValue && typeof value === 'object' && value !== null) {
				return (value as IDataObject).value;
			}
			return value;
		},
		helpers: {
			assertBinaryData(_itemIndex: number, name: string) {
				const data = setup.binary?.[name];
				if (!data) throw new NodeOperationError(node, `No binary data property "${name}"`);
				return data.info;
			},
			async getBinaryDataBuffer(_itemIndex: number, name: string) {
				return setup.binary?.[name]?.bytes as Buffer;
			},
		},
	} as unknown as IExecuteFunctions;
	return {
		fn,
		clients: new BedrockClients(credentials),
		credentials,
		secrets: ['secret'],
		streaming: chunks.active,
		chunks,
	};
}

const MODEL = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
const base = { model: { __rl: true, mode: 'id', value: MODEL } };
const runtime = mockClient(BedrockRuntimeClient);

beforeEach(() => runtime.reset());

async function requestOf(setup: Setup, itemIndex = 0): Promise<ConverseCommandInput> {
	return (await buildConverseRequest(context(setup), itemIndex)).input;
}

/** The operation's output JSON (executors return n8n items). */
async function executeJson(...args: Parameters<typeof execute>) {
	return (await execute(...args)).json;
}

describe('Converse field descriptions', () => {
	// Count Tokens declares its own copies of these inputs (test/nodes/Bedrock/actions/parity.emulator.test.ts).
	it('shows its input fields and options for Converse only', () => {
		for (const field of description) {
			expect(field.displayOptions?.show?.operation).toEqual(['converse']);
		}
	});
});

describe('buildConverseRequest', () => {
	it('builds a prompt request with system prompt and settings', async () => {
		const input = await requestOf({
			parameters: {
				...base,
				prompt: 'Hello',
				systemPrompt: 'Be brief.',
				options: {
					maxTokens: 200,
					temperature: 0.2,
					topP: 0.9,
					stopSequences: 'END, \\n\\nHuman:',
				},
			},
		});
		expect(input).toEqual({
			modelId: MODEL,
			system: [{ text: 'Be brief.' }],
			messages: [{ role: 'user', content: [{ text: 'Hello' }] }],
			inferenceConfig: {
				maxTokens: 200,
				temperature: 0.2,
				topP: 0.9,
				stopSequences: ['END', '\n\nHuman:'],
			},
		});
	});

	it('refuses an empty model, naming what to do', async () => {
		await expect(
			buildConverseRequest(
				context({ parameters: { prompt: 'x', model: { mode: 'list', value: '' } } }),
				0,
			),
		).rejects.toThrow(/Choose a model/);
	});

	it('refuses an empty prompt with the item index', async () => {
		const error = await buildConverseRequest(
			context({ parameters: { ...base, prompt: ' ' } }),
			3,
		).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toMatch(/^Item 3: The prompt is empty/);
		expect(runtime.calls()).toHaveLength(0);
	});

	it('refuses a malformed conversation, naming the item and the message', async () => {
		await expect(
			requestOf(
				{
					parameters: {
						...base,
						inputMode: 'messages',
						messages: [{ role: 'user', content: 'a' }, { content: 'b' }],
					},
				},
				1,
			).catch((error: NodeOperationError) => {
				throw new Error(error.message);
			}),
		).rejects.toThrow(/Item 1: Message 1: unknown role/);
	});

	it('takes a conversation and a follow-up prompt', async () => {
		const input = await requestOf({
			parameters: {
				...base,
				inputMode: 'messages',
				messages: [
					{ role: 'system', content: 'Be brief.' },
					{ role: 'user', content: 'Name a colour' },
					{ role: 'assistant', content: [{ text: 'Blue' }] },
				],
				followUpPrompt: 'Another one?',
			},
		});
		expect(input.system).toEqual([{ text: 'Be brief.' }]);
		expect(input.messages).toEqual([
			{ role: 'user', content: [{ text: 'Name a colour' }] },
			{ role: 'assistant', content: [{ text: 'Blue' }] },
			{ role: 'user', content: [{ text: 'Another one?' }] },
		]);
	});

	it('puts binary attachments before the prompt', async () => {
		const input = await requestOf({
			parameters: { ...base, prompt: 'Summarise', attachments: 'data, sheet' },
			binary: {
				data: binaryFile('application/pdf', 'Annual report 2024.pdf', Buffer.from('%PDF')),
				sheet: binaryFile('image/png', 'chart.png', Buffer.from('png')),
			},
		});
		expect(input.messages?.[0].content).toEqual([
			{
				document: {
					format: 'pdf',
					name: 'Annual report 2024',
					source: { bytes: Buffer.from('%PDF') },
				},
			},
			{ image: { format: 'png', source: { bytes: Buffer.from('png') } } },
			{ text: 'Summarise' },
		]);
	});

	it('refuses a missing binary property', async () => {
		await expect(
			requestOf({ parameters: { ...base, prompt: 'x', attachments: 'nope' } }),
		).rejects.toThrow(/No binary data property "nope"/);
	});

	it('defines tools and the tool choice', async () => {
		const input = await requestOf({
			parameters: {
				...base,
				prompt: 'Weather in Paris?',
				tools: {
					tool: [
						{
							name: 'get_weather',
							description: 'Current weather',
							inputSchema: '{"type":"object","properties":{"city":{"type":"string"}}}',
						},
					],
				},
				toolChoice: 'tool',
				toolName: 'get_weather',
			},
		});
		expect(input.toolConfig).toEqual({
			tools: [
				{
					toolSpec: {
						name: 'get_weather',
						description: 'Current weather',
						inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } } } },
					},
				},
			],
			toolChoice: { tool: { name: 'get_weather' } },
		});
	});

	it('says where a tool schema stops being JSON', async () => {
		await expect(
			requestOf({
				parameters: {
					...base,
					prompt: 'x',
					tools: { tool: [{ name: 'a', inputSchema: '{\n  "type": object\n}' }] },
				},
			}),
		).rejects.toThrow(/input schema of tool "a" is not valid JSON at line 2/);
	});

	it('asks for tools when the conversation holds tool results', async () => {
		await expect(
			requestOf({
				parameters: {
					...base,
					inputMode: 'messages',
					messages: [
						{ role: 'user', content: 'Weather?' },
						{
							role: 'assistant',
							tool_calls: [{ id: 'c1', function: { name: 'w', arguments: '{}' } }],
						},
						{ role: 'tool', tool_call_id: 'c1', content: 'sunny' },
					],
				},
			}),
		).rejects.toThrow(/Add the tools under Tools/);
	});

	it.each([
		[MODEL, { top_k: 40 }],
		['mistral.mistral-7b-instruct-v0:2', { top_k: 40 }],
		['amazon.nova-pro-v1:0', { inferenceConfig: { topK: 40 } }],
		['cohere.command-r-v1:0', { k: 40 }],
	])('sends Top K in the request field of %s', async (model, fields) => {
		const input = await requestOf({ parameters: { model, prompt: 'x', options: { topK: 40 } } });
		expect(input.additionalModelRequestFields).toEqual(fields);
	});

	it('refuses Top K for models that lack it', async () => {
		await expect(
			requestOf({
				parameters: { model: 'meta.llama3-8b-instruct-v1:0', prompt: 'x', options: { topK: 5 } },
			}),
		).rejects.toThrow(/Top K is not supported by Meta Llama models/);
		// Mistral's chat completion body has no top_k: refused as Invoke Model refuses it.
		await expect(
			requestOf({
				parameters: {
					model: 'mistral.mistral-large-2407-v1:0',
					prompt: 'x',
					options: { topK: 5 },
				},
			}),
		).rejects.toThrow(/Top K is not supported by Mistral \(Chat Completion\) models/);
	});

	it('refuses a model of another partition than the credential’s before sending', async () => {
		await expect(
			requestOf({
				parameters: {
					model: 'us-gov.anthropic.claude-3-haiku-20240307-v1:0',
					prompt: 'x',
				},
			}),
		).rejects.toThrow(/Use a credential for region us-gov-west-1 or us-gov-east-1/);
	});

	it('sends Claude’s thinking with the budget on top of Max Tokens', async () => {
		const input = await requestOf({
			parameters: { ...base, prompt: 'x', options: { maxTokens: 1000, reasoningBudget: 2048 } },
		});
		expect(input.inferenceConfig).toEqual({ maxTokens: 3048 });
		expect(input.additionalModelRequestFields).toEqual({
			thinking: { type: 'enabled', budget_tokens: 2048 },
		});
		await expect(
			requestOf({
				parameters: { ...base, prompt: 'x', options: { temperature: 0.5, reasoningBudget: 2048 } },
			}),
		).rejects.toThrow(/does not take Temperature/);
	});

	it('sends reasoning effort for Nova 2 and OpenAI models', async () => {
		const nova = await requestOf({
			parameters: {
				model: 'us.amazon.nova-2-lite-v1:0',
				prompt: 'x',
				options: { reasoningEffort: 'medium' },
			},
		});
		expect(nova.additionalModelRequestFields).toEqual({
			reasoningConfig: { type: 'enabled', maxReasoningEffort: 'medium' },
		});
		const openai = await requestOf({
			parameters: {
				model: 'openai.gpt-oss-120b-1:0',
				prompt: 'x',
				options: { reasoningEffort: 'high' },
			},
		});
		expect(openai.additionalModelRequestFields).toEqual({ reasoning_effort: 'high' });
	});

	it('merges Additional Model Request Fields and says where bad JSON breaks', async () => {
		const input = await requestOf({
			parameters: {
				...base,
				prompt: 'x',
				options: { topK: 5, additionalModelRequestFields: '{"top_k": 9, "x": 1}' },
			},
		});
		expect(input.additionalModelRequestFields).toEqual({ top_k: 9, x: 1 });
		await expect(
			requestOf({
				parameters: {
					...base,
					prompt: 'x',
					options: { additionalModelRequestFields: '{"a": 1,}' },
				},
			}),
		).rejects.toThrow(/Additional Model Request Fields is not valid JSON at line 1, column/);
	});

	it('sends guardrail and latency settings', async () => {
		const input = await requestOf({
			parameters: {
				...base,
				prompt: 'x',
				options: {
					guardrailIdentifier: 'gr-1',
					guardrailVersion: '2',
					guardrailTrace: 'enabled',
					latency: 'optimized',
				},
			},
		});
		expect(input.guardrailConfig).toEqual({
			guardrailIdentifier: 'gr-1',
			guardrailVersion: '2',
			trace: 'enabled',
		});
		expect(input.performanceConfig).toEqual({ latency: 'optimized' });
	});

	it('places cache points after system, tools, history and attachments', async () => {
		const input = await requestOf({
			parameters: {
				...base,
				inputMode: 'messages',
				messages: [
					{ role: 'system', content: 'Long instructions' },
					{ role: 'user', content: 'First question' },
					{ role: 'assistant', content: 'First answer' },
					{ role: 'user', content: 'Second question' },
				],
				attachments: 'data',
				tools: { tool: [{ name: 'lookup', inputSchema: '{"type":"object"}' }] },
				options: { promptCaching: true },
			},
			binary: {
				data: binaryFile('text/plain', 'notes.txt', Buffer.from('n')),
			},
		});
		const cachePoint = { cachePoint: { type: 'default' } };
		expect(input.system).toEqual([{ text: 'Long instructions' }, cachePoint]);
		expect(input.toolConfig?.tools?.[1]).toEqual(cachePoint);
		expect(input.messages?.[1].content).toEqual([{ text: 'First answer' }, cachePoint]);
		expect(input.messages?.[2].content?.map((block) => Object.keys(block)[0])).toEqual([
			'document',
			'cachePoint',
			'text',
		]);
	});

	it('reads the region of an ARN model ID', async () => {
		const request = await buildConverseRequest(
			context({
				parameters: {
					model:
						'arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-3-haiku-20240307-v1:0',
					prompt: 'x',
				},
			}),
			0,
		);
		expect(request.region).toBe('eu-west-1');
	});
});

describe('execute', () => {
	it('calls Converse and returns the normalised output with the conversation', async () => {
		runtime.on(ConverseCommand).resolves({ ...fixture<ConverseResponse>('text'), $metadata: {} });
		const output = await executeJson(
			context({
				parameters: { ...base, prompt: 'How many r in strawberry?', systemPrompt: 'Count well.' },
			}),
			0,
		);
		expect(output).toMatchObject({
			text: expect.stringContaining('There are **3**'),
			stopReason: 'end_turn',
			usage: {
				inputTokens: 22,
				outputTokens: 57,
				totalTokens: 79,
				cacheReadInputTokens: 0,
				cacheWriteInputTokens: 0,
			},
			modelId: MODEL,
			latencyMs: expect.any(Number),
		});
		expect(output.raw).toBeUndefined();
		expect(output.messages).toEqual([
			{ role: 'system', content: 'Count well.' },
			{ role: 'user', content: [{ text: 'How many r in strawberry?' }] },
			{ role: 'assistant', content: [{ text: output.text }] },
		]);
		expect(runtime.commandCalls(ConverseCommand)[0].args[0].input.modelId).toBe(MODEL);
	});

	it('returns tool calls, and a second call with the tool result continues the conversation', async () => {
		runtime
			.on(ConverseCommand)
			.resolvesOnce(fixture<ConverseResponse>('tool-call'))
			.resolvesOnce(fixture('text'));
		const tools = { tool: [{ name: 'bash', inputSchema: '{"type":"object"}' }] };
		const first = await executeJson(
			context({ parameters: { ...base, prompt: 'List files', tools } }),
			0,
		);
		expect(first.toolCalls).toEqual([
			{ id: 'tool-use-id', name: 'bash', input: { command: 'ls -l' } },
		]);
		const conversation = [
			...(first.messages as IDataObject[]),
			{ role: 'tool', tool_call_id: 'tool-use-id', content: 'a.txt\nb.txt' },
		];
		await executeJson(
			context({ parameters: { ...base, inputMode: 'messages', messages: conversation, tools } }),
			0,
		);
		const sent = runtime.commandCalls(ConverseCommand)[1].args[0].input;
		expect(sent.messages?.[1].content?.[0].toolUse?.toolUseId).toBe('tool-use-id');
		expect(sent.messages?.[2]).toEqual({
			role: 'user',
			content: [{ toolResult: { toolUseId: 'tool-use-id', content: [{ text: 'a.txt\nb.txt' }] } }],
		});
	});

	it('adds the raw response on request', async () => {
		runtime
			.on(ConverseCommand)
			.resolves({ ...fixture<ConverseResponse>('reasoning'), $metadata: { requestId: 'r' } });
		const output = await executeJson(
			context({ parameters: { ...base, prompt: 'x', options: { includeRaw: true } } }),
			0,
		);
		expect(output.reasoning).toMatch(/^Let me count/);
		expect(output.raw).toMatchObject({ stopReason: 'end_turn', usage: { inputTokens: 51 } });
		expect((output.raw as IDataObject).$metadata).toBeUndefined();
	});

	it('turns an AWS error into a NodeApiError', async () => {
		runtime.on(ConverseCommand).rejects(
			Object.assign(new Error('Malformed input request'), {
				name: 'ValidationException',
				$fault: 'client',
				$metadata: { httpStatusCode: 400, requestId: 'req-1' },
			}),
		);
		await expect(
			executeJson(context({ parameters: { ...base, prompt: 'x' } }), 0),
		).rejects.toBeInstanceOf(NodeApiError);
	});

	describe('streaming', () => {
		async function* stream(list: ConverseStreamOutput[], failAfter?: number) {
			let index = 0;
			for (const event of list) {
				if (failAfter !== undefined && index++ === failAfter) {
					throw Object.assign(new Error('The model stream failed'), {
						name: 'ModelStreamErrorException',
						$fault: 'client',
						$metadata: {},
					});
				}
				yield event;
			}
		}

		it('gives the same output as Converse plus time to first token, and forwards text deltas', async () => {
			const events = fixture<{ events: ConverseStreamOutput[] }>('stream-text').events;
			runtime.on(ConverseStreamCommand).resolves({ stream: stream(events), $metadata: {} });
			const { calls, sink } = chunkRecorder();
			const output = await executeJson(
				context({ parameters: { ...base, prompt: 'x', options: { stream: true } } }, sink),
				2,
			);
			expect(output).toMatchObject({
				stopReason: 'end_turn',
				usage: { inputTokens: 22, outputTokens: 55, totalTokens: 77 },
				timeToFirstTokenMs: expect.any(Number),
			});
			expect(calls[0]).toEqual(['begin', 2]);
			expect(calls[calls.length - 1]).toEqual(['end', 2]);
			expect(
				calls
					.filter(([type]) => type === 'item')
					.map(([, , text]) => text)
					.join(''),
			).toBe(output.text);
			expect((output.messages as IDataObject[])[1]).toEqual({
				role: 'assistant',
				content: [{ text: output.text }],
			});
		});

		it('aggregates streamed tool calls', async () => {
			const events = fixture<{ events: ConverseStreamOutput[] }>('stream-tool-call').events;
			runtime.on(ConverseStreamCommand).resolves({ stream: stream(events), $metadata: {} });
			const output = await executeJson(
				context({
					parameters: {
						...base,
						prompt: 'x',
						tools: { tool: [{ name: 'test-tool' }] },
						options: { stream: true },
					},
				}),
				0,
			);
			expect(output.toolCalls).toEqual([
				{ id: 'tool-use-id', name: 'test-tool', input: { value: 'Sparkle Day' } },
			]);
			expect(output.stopReason).toBe('tool_use');
		});

		it('turns an exception event mid-stream into a NodeApiError and ends the chunk stream', async () => {
			const events = fixture<{ events: ConverseStreamOutput[] }>('stream-text').events;
			runtime.on(ConverseStreamCommand).resolves({ stream: stream(events, 4), $metadata: {} });
			const { calls, sink } = chunkRecorder();
			const error = await executeJson(
				context({ parameters: { ...base, prompt: 'x', options: { stream: true } } }, sink),
				0,
			).catch((caught: unknown) => caught);
			expect(error).toBeInstanceOf(NodeApiError);
			expect(calls[calls.length - 1]).toEqual(['end', 0]);
		});
	});
});
