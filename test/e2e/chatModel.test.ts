/**
 * The Amazon Bedrock Chat Model sub-node in the real n8n app, against the emulator: an AI Agent
 * that calls one of n8n's own tools (the Code tool) and answers from its result, a Basic LLM Chain
 * over 20 items sharing one connection, and an agent behind a streaming Webhook whose text deltas
 * reach the caller as they arrive, and the same behind a streaming Chat Trigger.
 *
 * The sub-node is built on n8n's AI node SDK, which n8n 1.x does not have: there only the check
 * that the package (the Amazon Bedrock node, the credential, and the sub-node's description) still
 * loads runs, and the runs are skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import type { RunningEmulator } from '../../emulator';
import { n8nCredentialFor, splitDeltas, start } from '../../emulator';
import type { N8nServer, WorkflowFile, WorkflowNode } from './n8nApp';
import {
	BEDROCK_NODE_TYPE,
	BUILT_NODE_PATH,
	DEFAULT_N8N_VERSION,
	N8nApp,
	REPOSITORY_ROOT,
} from './n8nApp';

const CHAT_MODEL_TYPE = 'n8n-nodes-bedrock.lmChatAmazonBedrock';
const EXAMPLE = path.join(REPOSITORY_ROOT, 'examples', 'ai-agent-chat-model-tool.json');
const CREDENTIAL = { id: 'e2eBedrockEmulator', name: 'AWS Bedrock (e2e emulator)' };
const MODEL = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
const CHUNK_DELAY_MS = 40;
const CHAIN_ITEMS = 20;

const built = existsSync(BUILT_NODE_PATH);
const major = Number(DEFAULT_N8N_VERSION.split('.')[0]);
if (!built) console.warn('Skipping the chat model end-to-end test: run `npm run build` first.');
else if (major < 2) {
	console.warn(
		`Skipping the chat model runs on n8n ${DEFAULT_N8N_VERSION}: n8n 1.x has no AI node SDK (@n8n/ai-node-sdk); only the package loading is checked.`,
	);
}
const describeBuilt = built ? describe : describe.skip;
const itOn2x = major >= 2 ? it : it.skip;

function chatModelNode(name: string, position: [number, number]): WorkflowNode {
	return {
		parameters: {
			model: { __rl: true, mode: 'id', value: MODEL },
			options: { maxTokens: 512 },
		},
		id: `${name.replace(/\W/g, '').toLowerCase()}-model`,
		name,
		type: CHAT_MODEL_TYPE,
		typeVersion: 1,
		position,
		credentials: { awsBedrockApi: CREDENTIAL },
	} as WorkflowNode;
}

/** Manual Trigger → 20 items (Set, Split Out) → Basic LLM Chain on the chat model. */
function chainWorkflow(): WorkflowFile {
	return {
		id: 'e2eChatModelChain',
		name: 'Basic LLM Chain over 20 items',
		nodes: [
			{
				parameters: {},
				id: 'chain-start',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
			},
			{
				parameters: {
					mode: 'raw',
					jsonOutput: `={{ { items: Array.from({ length: ${CHAIN_ITEMS} }, (_, i) => ({ text: 'Summarise item ' + i + '. Ignore this part.' })) } }}`,
					options: {},
				},
				id: 'chain-items',
				name: 'Make items',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
			},
			{
				parameters: { fieldToSplitOut: 'items', options: {} },
				id: 'chain-split',
				name: 'Split items',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [400, 0],
			},
			{
				parameters: { promptType: 'define', text: '={{ $json.text }}', batching: { batchSize: 5 } },
				id: 'chain-llm',
				name: 'Summarise',
				type: '@n8n/n8n-nodes-langchain.chainLlm',
				typeVersion: 1.7,
				position: [600, 0],
			},
			chatModelNode('Chain model', [600, 200]),
		],
		connections: {
			Start: { main: [[{ node: 'Make items', type: 'main', index: 0 }]] },
			'Make items': { main: [[{ node: 'Split items', type: 'main', index: 0 }]] },
			'Split items': { main: [[{ node: 'Summarise', type: 'main', index: 0 }]] },
			'Chain model': {
				ai_languageModel: [[{ node: 'Summarise', type: 'ai_languageModel', index: 0 }]],
			},
		},
		settings: { executionOrder: 'v1' },
	} as unknown as WorkflowFile;
}

const STREAM_PATH = 'chat-model-stream';
const STREAM_QUESTION =
	'Amazon Bedrock serves foundation models from many providers through one API with streaming replies. It also offers guardrails.';

const CHAT_WEBHOOK_ID = 'c3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const CHAT_PATH = `${CHAT_WEBHOOK_ID}/chat`;

const webhookTrigger: WorkflowNode = {
	parameters: { httpMethod: 'POST', path: STREAM_PATH, responseMode: 'streaming', options: {} },
	id: 'stream-webhook',
	name: 'Trigger',
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2.1,
	position: [0, 0],
	webhookId: 'b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
} as WorkflowNode;

/** A public Chat Trigger (embedded chat, called as a webhook) answering by streaming. */
const chatTrigger: WorkflowNode = {
	parameters: { public: true, mode: 'webhook', options: { responseMode: 'streaming' } },
	id: 'stream-chat-trigger',
	name: 'Trigger',
	type: '@n8n/n8n-nodes-langchain.chatTrigger',
	typeVersion: 1.2,
	position: [0, 0],
	webhookId: CHAT_WEBHOOK_ID,
} as WorkflowNode;

/** A streaming trigger in front of an AI Agent (3.x, streaming on) on the chat model. */
function streamingWorkflow(id: string, trigger: WorkflowNode, prompt: string): WorkflowFile {
	return {
		id,
		name: `Streaming agent on the chat model (${trigger.type})`,
		nodes: [
			trigger,
			{
				parameters: { promptType: 'define', text: prompt, options: { enableStreaming: true } },
				id: `${id}-agent`,
				name: 'Streaming agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3.1,
				position: [220, 0],
			},
			chatModelNode('Stream model', [220, 200]),
		],
		connections: {
			Trigger: { main: [[{ node: 'Streaming agent', type: 'main', index: 0 }]] },
			'Stream model': {
				ai_languageModel: [[{ node: 'Streaming agent', type: 'ai_languageModel', index: 0 }]],
			},
		},
		settings: { executionOrder: 'v1' },
	} as unknown as WorkflowFile;
}

const STREAMING_WORKFLOWS = [
	streamingWorkflow('e2eChatModelStream', webhookTrigger, '={{ $json.body.question }}'),
	streamingWorkflow('e2eChatModelChat', chatTrigger, '={{ $json.chatInput }}'),
];

interface StreamLine {
	type: string;
	content?: string;
	metadata?: { nodeName?: string };
}

/** POSTs and records each JSON line with the time it arrived. */
async function postAndReadLines(
	url: string,
	body: unknown,
): Promise<{ status: number; lines: Array<{ line: StreamLine; arrivedAtMs: number }> }> {
	const sentAt = performance.now();
	return await new Promise((resolve, reject) => {
		const req = http.request(
			url,
			{ method: 'POST', headers: { 'content-type': 'application/json' } },
			(res) => {
				const lines: Array<{ line: StreamLine; arrivedAtMs: number }> = [];
				let pending = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => {
					pending += chunk;
					let newline = pending.indexOf('\n');
					while (newline !== -1) {
						const text = pending.slice(0, newline).trim();
						pending = pending.slice(newline + 1);
						if (text !== '') {
							lines.push({
								line: JSON.parse(text) as StreamLine,
								arrivedAtMs: performance.now() - sentAt,
							});
						}
						newline = pending.indexOf('\n');
					}
				});
				res.on('end', () => resolve({ status: res.statusCode ?? 0, lines }));
				res.on('error', reject);
			},
		);
		req.on('error', reject);
		req.end(JSON.stringify(body));
	});
}

describeBuilt('the Amazon Bedrock Chat Model sub-node in the real n8n app', () => {
	let emulator: RunningEmulator;
	let app: N8nApp;
	let example: WorkflowFile;

	beforeAll(async () => {
		emulator = await start({ port: 0, chunkDelayMs: CHUNK_DELAY_MS });
		app = await N8nApp.create();
		await app.importCredentials([
			{ ...CREDENTIAL, type: 'awsBedrockApi', data: n8nCredentialFor(emulator.url) },
		]);
		const file = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as WorkflowFile;
		example = {
			...file,
			id: 'exAiAgentChatModel',
			nodes: file.nodes.map((node) =>
				node.credentials?.awsBedrockApi
					? { ...node, credentials: { awsBedrockApi: CREDENTIAL } }
					: node,
			),
		};
		if (major >= 2) await app.importWorkflows([example, chainWorkflow(), ...STREAMING_WORKFLOWS]);
	});

	afterAll(async () => {
		await app?.dispose();
		await emulator?.close();
	});

	beforeEach(() => emulator.resetStats());

	it('n8n loads the package: the Amazon Bedrock node, the credential and the chat model', async () => {
		const output = `${app.userFolder}/nodes.json`;
		const { exitCode, stdout } = await app.command(['export:nodes', `--output=${output}`]);
		expect({ exitCode, stdout: exitCode === 0 ? '' : stdout }).toEqual({ exitCode: 0, stdout: '' });
		const nodes = JSON.parse(readFileSync(output, 'utf8')) as Array<{
			name: string;
			credentials?: Array<{ name: string }>;
		}>;
		const names = nodes.map((node) => node.name);
		expect(names).toContain(BEDROCK_NODE_TYPE);
		expect(names).toContain(CHAT_MODEL_TYPE);
		const bedrock = nodes.find((node) => node.name === BEDROCK_NODE_TYPE);
		expect(bedrock?.credentials?.map((credential) => credential.name)).toContain('awsBedrockApi');
	});

	itOn2x(
		'an AI Agent on the chat model calls n8n’s Code tool and answers from its result',
		async () => {
			const result = await app.execute(example.id);
			expect(result.error?.message).toBeUndefined();
			expect(result.ran('Refund policy')).toBe(true);
			const [answer] = result.items('Support agent');
			expect(String(answer?.output)).toContain('Tool result:');
			expect(String(answer?.output)).toContain('Refunds are paid within 14 days');
			// One call that asks for the tool, one that answers from its result.
			expect(emulator.stats().byOperation.Converse).toBe(2);
			const second = emulator.requests.filter((request) => request.operation === 'Converse')[1];
			const body = second.body as {
				messages: Array<{ role: string; content: Array<Record<string, unknown>> }>;
				toolConfig: { tools: Array<Record<string, unknown>> };
				system: Array<Record<string, unknown>>;
			};
			expect(body.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
			expect(body.messages[2].content[0]).toMatchObject({
				toolResult: { content: [{ text: expect.stringContaining('Refunds are paid') }] },
			});
			// Prompt Caching is on in the example: cache points after the system prompt and the tools.
			expect(body.system[body.system.length - 1]).toEqual({ cachePoint: { type: 'default' } });
			expect(body.toolConfig.tools[body.toolConfig.tools.length - 1]).toEqual({
				cachePoint: { type: 'default' },
			});
			// The token usage of each model call is in the execution log of the sub-node.
			const usage = result
				.allItems('Amazon Bedrock Chat Model')
				.filter((entry) => entry.tokenUsage !== undefined);
			expect(usage.length).toBe(2);
			expect(usage[0].tokenUsage).toMatchObject({
				promptTokens: expect.any(Number),
				completionTokens: expect.any(Number),
			});
		},
	);

	itOn2x(`a Basic LLM Chain runs ${CHAIN_ITEMS} items over one connection`, async () => {
		const connectionsBefore = emulator.connections();
		const result = await app.execute('e2eChatModelChain');
		expect(result.error?.message).toBeUndefined();
		const outputs = result.items('Summarise');
		expect(outputs).toHaveLength(CHAIN_ITEMS);
		outputs.forEach((output, index) => {
			expect(output.text).toBe(`Summarise item ${index}. Ignore this part.`);
		});
		expect(emulator.stats().byOperation.Converse).toBe(CHAIN_ITEMS);
		// n8n asks the sub-node for its model once per item; the execution shares one HTTP/2 session.
		expect(emulator.connections() - connectionsBefore).toBe(1);
	});

	describe('streaming', () => {
		let server: N8nServer | undefined;
		const expected = splitDeltas(STREAM_QUESTION);

		beforeAll(async () => {
			if (major < 2) return;
			for (const workflow of STREAMING_WORKFLOWS) await app.activate(workflow.id as string);
			server = await app.startServer();
			await server.waitForWebhook(STREAM_PATH);
			await server.waitForWebhook(CHAT_PATH);
		});

		afterAll(async () => await server?.stop());

		/** The deltas came as one item line each, all of them, spread over time as produced. */
		function expectStreamed(lines: Array<{ line: StreamLine; arrivedAtMs: number }>) {
			const items = lines.filter(({ line }) => line.type === 'item');
			expect(lines[0]?.line.type).toBe('begin');
			expect(lines[lines.length - 1]?.line.type).toBe('end');
			expect(items.map(({ line }) => line.content).join('')).toBe(expected.join(''));
			expect(items.length).toBeGreaterThanOrEqual(expected.length);
			expect(items.every(({ line }) => line.metadata?.nodeName === 'Streaming agent')).toBe(true);
			// The emulator waits CHUNK_DELAY_MS between events: passed on as produced, the deltas
			// arrive spread over time, not in one burst at the end.
			const spread = items[items.length - 1].arrivedAtMs - items[0].arrivedAtMs;
			expect(spread).toBeGreaterThan(((expected.length - 1) * CHUNK_DELAY_MS) / 2);
			expect(emulator.stats().byOperation.ConverseStream).toBe(1);
		}

		itOn2x('an agent behind a streaming Webhook sends the text deltas as they arrive', async () => {
			const response = await postAndReadLines((server as N8nServer).webhookUrl(STREAM_PATH), {
				question: STREAM_QUESTION,
			});
			expect(response.status).toBe(200);
			expectStreamed(response.lines);
		});

		itOn2x('a streaming Chat Trigger receives the agent’s deltas as they arrive', async () => {
			const response = await postAndReadLines((server as N8nServer).webhookUrl(CHAT_PATH), {
				action: 'sendMessage',
				sessionId: 'e2e-session',
				chatInput: STREAM_QUESTION,
			});
			expect(response.status).toBe(200);
			expectStreamed(response.lines);
		});
	});
});
