/**
 * `npm run demo`: the main job, scheduled batch summarisation (examples/batch-summarisation.json),
 * run through the Amazon Bedrock node in n8n's own execution engine (in-process), against the local
 * Bedrock emulator. `npm run demo -- --aws` runs it against Amazon Bedrock with the credentials of
 * the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN or a profile,
 * AWS_REGION) and the model in BEDROCK_DEMO_MODEL.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import type { ICredentialDataDecryptedObject, IDataObject, INode } from 'n8n-workflow';

import { bedrockNode, runWorkflow } from './engine';
import { n8nCredentialFor, start } from '../emulator';

interface Ticket extends IDataObject {
	id: string;
	customer: string;
	body: string;
}

interface ExampleWorkflow {
	nodes: INode[];
}

function loadExample(): { summarise: INode; tickets: Ticket[] } {
	const file = path.join(__dirname, '..', 'examples', 'batch-summarisation.json');
	const workflow = JSON.parse(readFileSync(file, 'utf8')) as ExampleWorkflow;
	const summarise = workflow.nodes.find((node) => node.type === 'n8n-nodes-bedrock.bedrock');
	const sample = workflow.nodes.find((node) => node.name === 'Sample tickets');
	if (!summarise || !sample) throw new Error(`${file} lacks its Summarise or Sample tickets node`);
	const { tickets } = JSON.parse(String(sample.parameters.jsonOutput)) as { tickets: Ticket[] };
	return { summarise, tickets };
}

function cell(text: string, width: number): string {
	const flat = text.replace(/\s+/g, ' ');
	return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat.padEnd(width);
}

function usd(value: unknown): string {
	return typeof value === 'number' ? `$${value.toFixed(6)}` : 'n/a';
}

async function main(): Promise<void> {
	const { values } = parseArgs({ options: { aws: { type: 'boolean', default: false } } });
	process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
	const { summarise, tickets } = loadExample();
	const parameters = { ...summarise.parameters } as IDataObject;

	let credentials: ICredentialDataDecryptedObject;
	let close = async () => {};
	let backend: string;
	if (values.aws) {
		const model = process.env.BEDROCK_DEMO_MODEL;
		if (!model)
			throw new Error('Set BEDROCK_DEMO_MODEL to a model or inference profile ID you can call');
		parameters.model = { __rl: true, mode: 'id', value: model };
		credentials = { authentication: 'defaultChain', region: process.env.AWS_REGION ?? 'us-east-1' };
		backend = `Amazon Bedrock (${String(credentials.region)})`;
	} else {
		// Model latency as users see it, so that the batch's concurrency shows.
		const emulator = await start({ port: 0, latencyMs: { min: 150, max: 450 }, seed: 7 });
		close = async () => await emulator.close();
		credentials = n8nCredentialFor(emulator.url);
		backend = `the local Bedrock emulator at ${emulator.url}`;
	}

	const model = (parameters.model as { value: string }).value;
	const options = parameters.options as IDataObject;
	console.log(`Batch summarisation: ${tickets.length} support tickets → Amazon Bedrock (Converse)`);
	console.log(`Model ${model}, concurrency ${String(options.concurrency)}, against ${backend}`);
	console.log("Workflow: examples/batch-summarisation.json, run by n8n-core's WorkflowExecute\n");

	const startedAt = performance.now();
	try {
		const result = await runWorkflow({
			nodes: [bedrockNode(summarise.name, parameters)],
			input: tickets.map((ticket) => ({ json: ticket })),
			credentials: { awsBedrockApi: credentials },
		});
		if (result.error) throw new Error(result.error.message);
		const wallMs = performance.now() - startedAt;
		const items = result.output(summarise.name);

		const header = `${'#'.padEnd(3)} ${'ticket'.padEnd(8)} ${'summary'.padEnd(64)} ${'tokens'.padStart(6)} ${'cost'.padStart(10)} ${'latency'.padStart(8)}`;
		console.log(header);
		console.log('-'.repeat(header.length));
		let inputTokens = 0;
		let outputTokens = 0;
		let cost = 0;
		let failed = 0;
		items.forEach((item, index) => {
			const json = item.json as IDataObject;
			const ticket = tickets[index];
			if (json.error) {
				failed++;
				const error = json.error as IDataObject;
				console.log(
					`${String(index + 1).padEnd(3)} ${ticket.id.padEnd(8)} ERROR ${String(error.code)}: ${String(error.message)}`,
				);
				return;
			}
			const usage = json.usage as {
				inputTokens: number;
				outputTokens: number;
				totalTokens: number;
			};
			const itemCost = (json.cost as IDataObject | undefined)?.totalUsd;
			inputTokens += usage.inputTokens;
			outputTokens += usage.outputTokens;
			if (typeof itemCost === 'number') cost += itemCost;
			console.log(
				`${String(index + 1).padEnd(3)} ${ticket.id.padEnd(8)} ${cell(String(json.text), 64)} ${String(usage.totalTokens).padStart(6)} ${usd(itemCost).padStart(10)} ${`${String(json.latencyMs)} ms`.padStart(8)}`,
			);
		});
		console.log('-'.repeat(header.length));
		console.log(
			`${items.length} items (${failed} failed) in ${Math.round(wallMs)} ms · tokens ${inputTokens} in + ${outputTokens} out · estimated cost ${usd(cost)}`,
		);
	} finally {
		await close();
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : String(error));
	process.exit(1);
});
