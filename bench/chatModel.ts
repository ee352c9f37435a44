/**
 * `npm run bench:chat-model`: a Basic LLM Chain over 64 items in the real n8n 2.x app (server mode,
 * this package installed as a community package), once on the Amazon Bedrock Chat Model of this
 * package and once on n8n's built-in AWS Bedrock Chat Model, both against the local emulator with
 * the same latency and the same batch size. Each run is triggered by a webhook that answers when
 * the chain is done (the wall time), and the n8n process's CPU time is read from /proc before and
 * after (CPU per item). Prints both and the ratios (this package ÷ built-in); the median of the
 * rounds, after a warm-up run of each.
 */
import { readFileSync } from 'node:fs';

import { EMULATOR_CREDENTIALS, n8nCredentialFor, start } from '../emulator';
import type { N8nServer, WorkflowFile, WorkflowNode } from '../test/e2e/n8nApp';
import { N8nApp } from '../test/e2e/n8nApp';
import { median } from './measure';
import { ratio } from './report';

const ITEMS = 64;
const BATCH_SIZE = 8;
const LATENCY_MS = 100;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const N8N_VERSION = process.env.N8N_E2E_VERSION ?? '2.41.1';
const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const BEDROCK_CREDENTIAL = { id: 'benchBedrock', name: 'AWS Bedrock (bench emulator)' };
const AWS_CREDENTIAL = { id: 'benchAws', name: 'AWS (bench emulator)' };

/** The n8n process's CPU time (user + system) in milliseconds, from /proc/<pid>/stat. */
function cpuMs(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name (which may hold spaces), counted from field 3.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const ticks = Number(fields[11]) + Number(fields[12]);
	return (ticks * 1000) / 100;
}

function chainWorkflow(id: string, model: WorkflowNode): WorkflowFile {
	return {
		id,
		name: `bench ${id}`,
		nodes: [
			{
				parameters: { httpMethod: 'POST', path: id, responseMode: 'lastNode', options: {} },
				id: `${id}-webhook`,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: `${id}-webhook-id`,
			},
			{
				parameters: {
					mode: 'raw',
					jsonOutput: `={{ { items: Array.from({ length: ${ITEMS} }, (_, i) => ({ text: 'Summarise support ticket ' + i + '. The customer asks about a refund.' })) } }}`,
					options: {},
				},
				id: `${id}-items`,
				name: 'Make items',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
			},
			{
				parameters: { fieldToSplitOut: 'items', options: {} },
				id: `${id}-split`,
				name: 'Split items',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [400, 0],
			},
			{
				parameters: {
					promptType: 'define',
					text: '={{ $json.text }}',
					batching: { batchSize: BATCH_SIZE },
				},
				id: `${id}-chain`,
				name: 'Summarise',
				type: '@n8n/n8n-nodes-langchain.chainLlm',
				typeVersion: 1.7,
				position: [600, 0],
			},
			{ ...model, name: 'Model', position: [600, 200] },
		],
		connections: {
			Webhook: { main: [[{ node: 'Make items', type: 'main', index: 0 }]] },
			'Make items': { main: [[{ node: 'Split items', type: 'main', index: 0 }]] },
			'Split items': { main: [[{ node: 'Summarise', type: 'main', index: 0 }]] },
			Model: { ai_languageModel: [[{ node: 'Summarise', type: 'ai_languageModel', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	} as unknown as WorkflowFile;
}

const VARIANTS = {
	package: chainWorkflow('benchChatPackage', {
		parameters: {
			model: { __rl: true, mode: 'id', value: MODEL },
			options: { maxTokens: 256, temperature: 0.2 },
		},
		id: 'bench-package-model',
		name: 'Model',
		type: 'n8n-nodes-bedrock.lmChatAmazonBedrock',
		typeVersion: 1,
		position: [0, 0],
		credentials: { awsBedrockApi: BEDROCK_CREDENTIAL },
	} as WorkflowNode),
	builtIn: chainWorkflow('benchChatBuiltIn', {
		parameters: {
			modelSource: 'onDemand',
			model: MODEL,
			options: { maxTokensToSample: 256, temperature: 0.2 },
		},
		id: 'bench-builtin-model',
		name: 'Model',
		type: '@n8n/n8n-nodes-langchain.lmChatAwsBedrock',
		typeVersion: 1.1,
		position: [0, 0],
		credentials: { aws: AWS_CREDENTIAL },
	} as WorkflowNode),
};

interface RunFigures {
	wallMs: number;
	cpuMs: number;
}

async function runOnce(server: N8nServer, workflow: WorkflowFile): Promise<RunFigures> {
	const pid = server.pid as number;
	const cpuBefore = cpuMs(pid);
	const started = performance.now();
	const response = await fetch(server.webhookUrl(workflow.id as string), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: '{}',
	});
	const body = await response.text();
	const wallMs = performance.now() - started;
	const cpu = cpuMs(pid) - cpuBefore;
	if (response.status !== 200) throw new Error(`${workflow.id}: HTTP ${response.status}: ${body}`);
	return { wallMs, cpuMs: cpu };
}

async function main(): Promise<void> {
	process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
	const emulator = await start({ port: 0, latencyMs: LATENCY_MS });
	const app = await N8nApp.create({ n8nVersion: N8N_VERSION });
	let server: N8nServer | undefined;
	try {
		await app.importCredentials([
			{ ...BEDROCK_CREDENTIAL, type: 'awsBedrockApi', data: n8nCredentialFor(emulator.url) },
			{
				...AWS_CREDENTIAL,
				type: 'aws',
				data: {
					region: EMULATOR_CREDENTIALS.region,
					accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
					secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
					customEndpoints: true,
					bedrockRuntimeEndpoint: emulator.url,
				},
			},
		]);
		await app.importWorkflows([VARIANTS.package, VARIANTS.builtIn]);
		for (const workflow of Object.values(VARIANTS)) await app.activate(workflow.id as string);
		server = await app.startServer();
		for (const workflow of Object.values(VARIANTS)) {
			await server.waitForWebhook(workflow.id as string);
		}

		const figures: Record<keyof typeof VARIANTS, RunFigures[]> = { package: [], builtIn: [] };
		const connections: Record<keyof typeof VARIANTS, number[]> = { package: [], builtIn: [] };
		// A warm-up run of each loads the modules and the token estimator; then alternating rounds.
		for (const workflow of Object.values(VARIANTS)) await runOnce(server, workflow);
		for (let round = 0; round < ROUNDS; round++) {
			for (const name of ['package', 'builtIn'] as const) {
				emulator.resetStats();
				const connectionsBefore = emulator.connections();
				figures[name].push(await runOnce(server, VARIANTS[name]));
				connections[name].push(emulator.connections() - connectionsBefore);
				const calls = emulator.stats().byOperation.Converse ?? 0;
				if (calls !== ITEMS) throw new Error(`${name}: ${calls} model calls for ${ITEMS} items`);
			}
		}

		const summary = (name: keyof typeof VARIANTS) => ({
			wallMs: median(figures[name].map((run) => run.wallMs)),
			cpuPerItemMs: median(figures[name].map((run) => run.cpuMs)) / ITEMS,
			connections: median(connections[name]),
		});
		const ours = summary('package');
		const builtIn = summary('builtIn');
		console.log(
			`Basic LLM Chain, ${ITEMS} items, batch size ${BATCH_SIZE}, emulator latency ${LATENCY_MS} ms, n8n ${N8N_VERSION}, median of ${ROUNDS} rounds`,
		);
		console.log('model                          wall (ms)  CPU/item (ms)  connections');
		for (const [label, figuresOf] of [
			['Amazon Bedrock Chat Model', ours],
			['built-in AWS Bedrock Chat Model', builtIn],
		] as const) {
			console.log(
				`${label.padEnd(31)}${figuresOf.wallMs.toFixed(0).padStart(9)}  ${figuresOf.cpuPerItemMs.toFixed(2).padStart(13)}  ${String(figuresOf.connections).padStart(11)}`,
			);
		}
		console.log(`wall time ratio (package ÷ built-in):    ${ratio(ours.wallMs / builtIn.wallMs)}`);
		console.log(
			`CPU per item ratio (package ÷ built-in): ${ratio(ours.cpuPerItemMs / builtIn.cpuPerItemMs)}`,
		);
	} finally {
		await server?.stop();
		await app.dispose();
		await emulator.close();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
