import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import type { INode } from 'n8n-workflow';

import type { RunningEmulator } from '../../emulator';
import { n8nCredentialFor, start } from '../../emulator';
import { bedrockNode, runWorkflow, BEDROCK_NODE_TYPE } from '../helpers/workflow';

const examplesDir = path.join(__dirname, '..', '..', 'examples');

interface ExampleWorkflow {
	name: string;
	nodes: INode[];
}

function example(file: string): ExampleWorkflow {
	return JSON.parse(readFileSync(path.join(examplesDir, file), 'utf8')) as ExampleWorkflow;
}

function bedrockNodesOf(workflow: ExampleWorkflow): INode[] {
	return workflow.nodes.filter((node) => node.type === BEDROCK_NODE_TYPE);
}

describe('example workflows, their Bedrock nodes run in the n8n engine against the emulator', () => {
	let emulator: RunningEmulator;
	let credentials: Record<string, Record<string, string>>;

	beforeAll(async () => {
		emulator = await start({ port: 0 });
		credentials = {
			awsBedrockApi: n8nCredentialFor(emulator.url),
		};
	});

	afterAll(async () => await emulator.close());

	it('every example is an importable workflow using the node type and credential of the contract', () => {
		const files = readdirSync(examplesDir).filter((file) => file.endsWith('.json'));
		expect(files.length).toBeGreaterThanOrEqual(6);
		for (const file of files) {
			const workflow = example(file);
			const nodes = bedrockNodesOf(workflow);
			expect(nodes.length).toBeGreaterThan(0);
			for (const node of nodes) {
				expect(node.typeVersion).toBe(1);
				expect(Object.keys(node.credentials ?? {})).toEqual(['awsBedrockApi']);
			}
		}
	});

	it('Invoke Model with every family’s form gives the normalised output', async () => {
		const workflow = example('invoke-every-family.json');
		const nodes = bedrockNodesOf(workflow);
		expect(nodes).toHaveLength(12);
		for (const node of nodes) {
			const result = await runWorkflow({
				nodes: [bedrockNode(node.name, node.parameters)],
				input: [{ json: {} }],
				credentials,
			});
			expect(result.error).toBeUndefined();
			const [item] = result.output(node.name);
			const json = item.json as Record<string, unknown>;
			const modelId = (node.parameters.model as { value: string }).value;
			expect(json.modelId).toBe(modelId);
			expect(json.usage).toMatchObject({ inputTokens: expect.any(Number) });
			if (modelId.includes('embed')) {
				expect(Array.isArray(json.embedding)).toBe(true);
			} else {
				expect(json.text).toEqual(expect.stringContaining('machine learning'));
				expect(json.stopReason).toBe('end_turn');
				expect((json.usage as { outputTokens: number }).outputTokens).toBeGreaterThan(0);
			}
		}
	});

	it('the same family forms stream to the same output', async () => {
		const workflow = example('invoke-every-family.json');
		for (const node of bedrockNodesOf(workflow).filter(
			(candidate) => !JSON.stringify(candidate.parameters).includes('embed'),
		)) {
			const plain = await runWorkflow({
				nodes: [bedrockNode(node.name, node.parameters)],
				input: [{ json: {} }],
				credentials,
			});
			const streamedParameters = {
				...node.parameters,
				options: { ...(node.parameters.options as object), stream: true },
			};
			const streamed = await runWorkflow({
				nodes: [bedrockNode(node.name, streamedParameters)],
				input: [{ json: {} }],
				credentials,
				streaming: true,
			});
			const [plainItem] = plain.output(node.name);
			const [streamedItem] = streamed.output(node.name);
			expect(streamedItem.json.text).toBe(plainItem.json.text);
			expect(streamedItem.json.stopReason).toBe(plainItem.json.stopReason);
			expect(streamedItem.json.usage).toEqual(plainItem.json.usage);
			const forwarded = streamed.chunks
				.filter((chunk) => chunk.type === 'item')
				.map((chunk) => chunk.content)
				.join('');
			expect({ node: node.name, forwarded }).toEqual({
				node: node.name,
				forwarded: streamedItem.json.text,
			});
		}
	});

	it('batch summarisation: one summary per ticket, in order, with cost', async () => {
		const workflow = example('batch-summarisation.json');
		const [summarise] = bedrockNodesOf(workflow);
		const setNode = workflow.nodes.find((node) => node.name === 'Sample tickets');
		const tickets = (
			JSON.parse(String(setNode?.parameters.jsonOutput)) as { tickets: Array<{ body: string }> }
		).tickets;
		const result = await runWorkflow({
			nodes: [bedrockNode(summarise.name, summarise.parameters)],
			input: tickets.map((ticket) => ({ json: ticket })),
			credentials,
		});
		const items = result.output(summarise.name);
		expect(items).toHaveLength(tickets.length);
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(tickets[index].body.startsWith(String(item.json.text))).toBe(true);
			expect(item.json.cost).toMatchObject({ totalUsd: expect.any(Number) });
		});
	});

	it('count tokens equals the usage the same request reports', async () => {
		const workflow = example('count-gate-invoke.json');
		const [count, invoke] = bedrockNodesOf(workflow);
		const input = [{ json: { text: 'Write a haiku about serverless computing.' } }];
		const counted = await runWorkflow({
			nodes: [bedrockNode(count.name, count.parameters)],
			input,
			credentials,
		});
		const [countItem] = counted.output(count.name);
		expect(countItem.json).toMatchObject({ method: 'api', inputTokens: expect.any(Number) });
		expect(countItem.json.estimatedCost).toMatchObject({
			inputUsd: expect.any(Number),
			maxOutputUsd: expect.any(Number),
		});
		const invoked = await runWorkflow({
			nodes: [bedrockNode(invoke.name, { ...invoke.parameters, prompt: '={{ $json.text }}' })],
			input,
			credentials,
		});
		const [invokeItem] = invoked.output(invoke.name);
		expect((invokeItem.json.usage as { inputTokens: number }).inputTokens).toBe(
			countItem.json.inputTokens,
		);
	});
});
