import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import {
	DEFAULT_AGENT,
	DEFAULT_KNOWLEDGE_BASE,
	n8nCredentialFor,
	start,
} from '../../../../emulator';
import type { RunningEmulator } from '../../../../emulator';
import { bedrockNode, chain, runWorkflow } from '../../../helpers/workflow';

// Agent → Invoke through the real SDK (InvokeAgent's event stream) and the n8n engine.
let emulator: RunningEmulator;
let credentials: Record<string, ICredentialDataDecryptedObject>;

const agent = { __rl: true, mode: 'id', value: 'EMULATORAG' };
const draftAlias = { __rl: true, mode: 'id', value: 'TSTALIASID' };
const plainAgent = { __rl: true, mode: 'id', value: 'PLAINAGENT' };

beforeAll(async () => {
	emulator = await start({ port: 0 });
	emulator.configure({
		agents: [
			DEFAULT_AGENT,
			{ id: 'PLAINAGENT', name: 'plain', aliases: [{ id: 'LIVE000001', name: 'live' }] },
		],
	});
	credentials = { awsBedrockApi: n8nCredentialFor(emulator.url) };
});
afterAll(async () => await emulator.close());
beforeEach(() => {
	emulator.resetStats();
	emulator.configure({ faults: {}, deniedActions: [] });
});

function invokeBodies(): Array<{ path: string; body: IDataObject }> {
	return emulator.requests
		.filter((request) => request.operation === 'InvokeAgent')
		.map((request) => ({ path: request.path, body: request.body as IDataObject }));
}

async function runAgent(
	parameters: IDataObject,
	options: { input?: INodeExecutionData[]; continueOnFail?: boolean; streaming?: boolean } = {},
) {
	const node = {
		...bedrockNode('Agent', {
			resource: 'agent',
			operation: 'invoke',
			agentId: agent,
			agentAliasId: draftAlias,
			...parameters,
		}),
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	return await runWorkflow({
		nodes: [node],
		input: options.input ?? [{ json: {} }],
		credentials,
		streaming: options.streaming,
	});
}

describe('Agent → Invoke against the emulator', () => {
	it('joins the completion into text, with citations and a new session ID', async () => {
		const result = await runAgent(
			{ prompt: '={{ $json.chatInput }}' },
			{
				input: [{ json: { chatInput: 'How are refunds paid?' } }],
			},
		);
		const [item] = result.output('Agent');
		expect(item.json).toEqual({
			text: 'Refunds are paid within 14 days.',
			sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
			citations: [
				{
					text: 'Refunds are paid within 14 days.',
					span: { start: 0, end: 31 },
					sources: [
						expect.objectContaining({
							text: DEFAULT_KNOWLEDGE_BASE.documents[1].text,
							location: { type: 'S3', uri: 's3://emulator-kb-emulatorkb/doc-2.txt' },
						}),
					],
				},
			],
			latencyMs: expect.any(Number),
			// InvokeAgent always streams.
			timeToFirstTokenMs: expect.any(Number),
		});
		const [call] = invokeBodies();
		expect(call.path).toBe(
			`/agents/EMULATORAG/agentAliases/TSTALIASID/sessions/${String(item.json.sessionId)}/text`,
		);
		expect(call.body).toEqual({ inputText: 'How are refunds paid?' });
	});

	it('continues a session in a follow-up turn, keeping session attributes', async () => {
		const result = await runWorkflow({
			nodes: [
				bedrockNode('First', {
					resource: 'agent',
					operation: 'invoke',
					agentId: agent,
					agentAliasId: draftAlias,
					prompt: 'Tell me about refunds.',
					options: { sessionAttributes: '{ "customerId": "c-7", "tier": 2 }' },
				}),
				bedrockNode('Second', {
					resource: 'agent',
					operation: 'invoke',
					agentId: agent,
					agentAliasId: draftAlias,
					prompt: 'How long does that take?',
					options: { sessionId: '={{ $json.sessionId }}', enableTrace: true },
				}),
			],
			connections: chain('First', 'Second'),
			input: [{ json: {} }],
			credentials,
		});
		const first = result.output('First')[0].json;
		const second = result.output('Second')[0].json;
		expect(second.sessionId).toBe(first.sessionId);
		// The follow-up is answered with the first turn's words too ("refunds").
		expect(second.text).toBe('Refunds are paid within 14 days.');
		const [modelInput] = (second.trace as IDataObject[]).map(
			(part) =>
				((part.trace as IDataObject).orchestrationTrace as IDataObject).modelInvocationInput as
					| IDataObject
					| undefined,
		);
		expect(JSON.parse(String(modelInput?.text))).toEqual({
			inputText: 'How long does that take?',
			turn: 2,
			sessionAttributes: { customerId: 'c-7', tier: '2' },
			promptSessionAttributes: {},
		});
		expect(invokeBodies()[0].body.sessionState).toEqual({
			sessionAttributes: { customerId: 'c-7', tier: '2' },
		});
		// Alone, the second question finds nothing in the knowledge base.
		const alone = await runAgent({ prompt: 'How long does that take?' });
		expect(alone.output('Agent')[0].json.text).toBe(
			'Sorry, I am unable to assist you with this request.',
		);
	});

	it('streams the final response: chunks go out as they arrive and join to the text', async () => {
		const result = await runAgent(
			{
				agentId: plainAgent,
				agentAliasId: { __rl: true, mode: 'id', value: 'LIVE000001' },
				prompt: 'Rivers flow to the sea. They carry water. Lakes are still.',
				options: { streamFinalResponse: true },
			},
			{ streaming: true },
		);
		const [item] = result.output('Agent');
		expect(item.json.text).toBe('Rivers flow to the sea. They carry water.');
		expect(item.json.citations).toBeUndefined();
		const deltas = result.chunks.filter((chunk) => chunk.type === 'item');
		expect(deltas.length).toBeGreaterThan(3);
		expect(deltas.map((chunk) => chunk.content).join('')).toBe(item.json.text);
		expect(result.chunks[0].type).toBe('begin');
		expect(result.chunks[result.chunks.length - 1].type).toBe('end');
		expect(invokeBodies()[0].body.streamingConfigurations).toEqual({ streamFinalResponse: true });
	});

	it('returns control to the workflow, which answers with the results in a follow-up Invoke', async () => {
		const result = await runWorkflow({
			nodes: [
				bedrockNode('Ask', {
					resource: 'agent',
					operation: 'invoke',
					agentId: agent,
					agentAliasId: draftAlias,
					prompt: 'Please run get_order_status for me',
					options: { sessionAttributes: '{ "orderId": "ORD-42" }' },
				}),
				bedrockNode('Answer', {
					resource: 'agent',
					operation: 'invoke',
					agentId: agent,
					agentAliasId: draftAlias,
					prompt: '',
					options: {
						sessionId: '={{ $json.sessionId }}',
						returnControlResults:
							'={{ [{ ...$json.returnControl.invocations[0], body: { status: "shipped", orderId: $json.returnControl.invocations[0].parameters.orderId } }] }}',
					},
				}),
			],
			connections: chain('Ask', 'Answer'),
			input: [{ json: {} }],
			credentials,
		});
		const asked = result.output('Ask')[0].json;
		const invocationId = (asked.returnControl as IDataObject).invocationId;
		expect(asked).toMatchObject({
			text: '',
			returnControl: {
				invocationId: expect.any(String),
				invocations: [
					{
						invocationId,
						type: 'function',
						actionGroup: 'orders',
						function: 'get_order_status',
						parameters: { orderId: 'ORD-42' },
						agentId: 'EMULATORAG',
					},
				],
			},
		});
		expect(result.output('Answer')[0].json.text).toBe(
			'Tool result: {"status":"shipped","orderId":"ORD-42"}',
		);
		expect(invokeBodies()[1].body).toEqual({
			sessionState: {
				invocationId,
				returnControlInvocationResults: [
					{
						functionResult: {
							actionGroup: 'orders',
							function: 'get_order_status',
							responseBody: { TEXT: { body: '{"status":"shipped","orderId":"ORD-42"}' } },
						},
					},
				],
			},
		});
	});

	it('refuses bad input before anything is sent', async () => {
		const cases: Array<[IDataObject, RegExp]> = [
			[{ prompt: '={{ $json.missing }}' }, /prompt is empty/],
			[
				{ agentId: { __rl: true, mode: 'id', value: '={{ "bad id" }}' }, prompt: 'hi' },
				/Agent 'bad id' is not valid/,
			],
			[
				{ agentAliasId: { __rl: true, mode: 'id', value: '={{ "" }}' }, prompt: 'hi' },
				/Agent Alias is empty/,
			],
			[{ prompt: 'hi', options: { sessionId: 'x' } }, /Session ID 'x' is not valid/],
			[
				{ prompt: 'hi', options: { sessionAttributes: '[1, 2]' } },
				/Session Attributes must be a JSON object/,
			],
			[
				{ prompt: 'hi', options: { sessionAttributes: '{ oops' } },
				/Session Attributes is not valid JSON/,
			],
			[
				{ prompt: '', options: { returnControlResults: '[{ "body": "x" }]' } },
				/names no actionGroup/,
			],
			[
				{
					prompt: '',
					options: {
						returnControlResults: '[{ "actionGroup": "orders", "function": "f", "body": "x" }]',
					},
				},
				/need the invocation they answer/,
			],
			[{ prompt: '', options: { returnControlResults: '[]' } }, /empty list/],
		];
		for (const [parameters, message] of cases) {
			const result = await runAgent(parameters, { continueOnFail: true });
			const error = result.output('Agent')[0].json.error as IDataObject;
			expect({ parameters, message: error.message }).toEqual({
				parameters,
				message: expect.stringMatching(message),
			});
		}
		expect(emulator.requests).toEqual([]);
	});

	it('gives error items for an unknown agent or alias, denied access and a wrong invocation ID', async () => {
		const unknownAgent = await runAgent(
			{ agentId: { __rl: true, mode: 'id', value: 'NOSUCHAGNT' }, prompt: 'hi' },
			{ continueOnFail: true },
		);
		expect(unknownAgent.output('Agent')[0].json.error).toMatchObject({
			code: 'ResourceNotFoundException',
			httpStatus: 404,
			remedy: expect.stringContaining('Agent NOSUCHAGNT with alias TSTALIASID was not found'),
		});
		const unknownAlias = await runAgent(
			{ agentAliasId: { __rl: true, mode: 'id', value: 'NOSUCHALIA' }, prompt: 'hi' },
			{ continueOnFail: true },
		);
		expect(unknownAlias.output('Agent')[0].json.error).toMatchObject({
			code: 'ResourceNotFoundException',
		});
		emulator.configure({ deniedActions: ['bedrock:InvokeAgent'] });
		const denied = await runAgent({ prompt: 'hi' }, { continueOnFail: true });
		expect(denied.output('Agent')[0].json.error).toMatchObject({
			code: 'AccessDeniedException',
			httpStatus: 403,
			message: expect.stringContaining('not authorized to perform: bedrock:InvokeAgent'),
			remedy: expect.stringContaining('may not call bedrock:InvokeAgent'),
		});
		emulator.configure({ deniedActions: [] });
		const wrong = await runAgent(
			{
				prompt: '',
				options: {
					sessionId: 'session-without-pending',
					returnControlInvocationId: 'abc',
					returnControlResults:
						'[{ "actionGroup": "orders", "function": "get_order_status", "body": "x" }]',
				},
			},
			{ continueOnFail: true },
		);
		expect(wrong.output('Agent')[0].json.error).toMatchObject({ code: 'ValidationException' });
	});

	it('retries throttled invocations, then gives every item its answer in order', async () => {
		emulator.configure({ seed: 5, faults: { throttling: 0.4 } });
		const prompts = ['One. Two.', 'Three. Four.', 'Five. Six.', 'Seven. Eight.'];
		const result = await runAgent(
			{ agentId: plainAgent, agentAliasId: draftAlias, prompt: '={{ $json.p }}' },
			{ input: prompts.map((p) => ({ json: { p } })) },
		);
		expect(result.output('Agent').map((item) => item.json.text)).toEqual(prompts);
		expect(emulator.stats().throttled).toBeGreaterThan(0);
	});
});
