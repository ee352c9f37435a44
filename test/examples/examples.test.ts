import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject, INode } from 'n8n-workflow';

import type { RunningEmulator } from '../../emulator';
import { n8nCredentialFor, start } from '../../emulator';
import { bedrockNode, chain, runWorkflow, BEDROCK_NODE_TYPE } from '../helpers/workflow';
import { EmbeddingsAmazonBedrock } from '../../nodes/EmbeddingsAmazonBedrock/EmbeddingsAmazonBedrock.node';
import type { BedrockEmbeddings } from '../../nodes/EmbeddingsAmazonBedrock/embeddings';

const examplesDir = path.join(__dirname, '..', '..', 'examples');

const EMBEDDINGS_NODE_TYPE = 'n8n-nodes-bedrock.embeddingsAmazonBedrock';

interface ExampleWorkflow {
	name: string;
	nodes: INode[];
}

function example(file: string): ExampleWorkflow {
	return JSON.parse(readFileSync(path.join(examplesDir, file), 'utf8')) as ExampleWorkflow;
}

const CHAT_MODEL_NODE_TYPE = 'n8n-nodes-bedrock.lmChatAmazonBedrock';

/** The nodes of this package in a workflow: the action node, as an AI Agent's tool, the sub-nodes. */
function bedrockNodesOf(workflow: ExampleWorkflow): INode[] {
	return workflow.nodes.filter(
		(node) =>
			node.type === BEDROCK_NODE_TYPE ||
			node.type === `${BEDROCK_NODE_TYPE}Tool` ||
			node.type === CHAT_MODEL_NODE_TYPE ||
			node.type === EMBEDDINGS_NODE_TYPE,
	);
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

	it('the examples from before resources have no resource parameter and still run as Text operations', () => {
		// Their Bedrock nodes ran above; here: none of them names a resource.
		for (const file of [
			'batch-summarisation.json',
			'continue-on-fail.json',
			'count-gate-invoke.json',
			'invoke-every-family.json',
			'multi-turn-conversation.json',
			'streaming-webhook.json',
		]) {
			for (const node of bedrockNodesOf(example(file))) {
				expect({ file, node: node.name, resource: node.parameters.resource }).toEqual({
					file,
					node: node.name,
					resource: undefined,
				});
			}
		}
	});

	/** Runs an example's Bedrock nodes one after another (other nodes' work given as `input`). */
	async function runChain(
		file: string,
		input: IDataObject[],
		override: Record<string, IDataObject> = {},
	) {
		const nodes = bedrockNodesOf(example(file)).map((node) =>
			bedrockNode(node.name, { ...node.parameters, ...override[node.name] }),
		);
		const result = await runWorkflow({
			nodes,
			connections: chain(...nodes.map((node) => node.name)),
			input: input.map((json) => ({ json })),
			credentials,
		});
		expect(result.error).toBeUndefined();
		return result;
	}

	it('knowledge base search and rerank: billing passages, the best two reranked', async () => {
		const question = 'How long do refunds take and where do I ask for one?';
		const result = await runChain('knowledge-base-retrieve-rerank.json', [{ question }], {
			'Rerank the passages': { query: question },
		});
		const passages = result.output('Search the knowledge base')[0].json.results as Array<{
			text: string;
			metadata: { category: string };
		}>;
		expect(passages.length).toBeGreaterThan(0);
		expect(passages.every((passage) => passage.metadata.category === 'billing')).toBe(true);
		const ranked = result.output('Rerank the passages')[0].json.results as Array<{
			index: number;
			document: string;
		}>;
		expect(ranked.length).toBeLessThanOrEqual(2);
		expect(ranked[0].document).toBe(passages[ranked[0].index].text);
	});

	it('knowledge base answer and follow-up: citations, and the same session', async () => {
		const result = await runChain('knowledge-base-answer-follow-up.json', [
			{ question: 'How are refunds paid?' },
		]);
		const [answer] = result.output('Answer with citations');
		const [followUp] = result.output('Follow-up question');
		expect(answer.json.text).toBe('Refunds are paid within 14 days.');
		expect((answer.json.citations as unknown[]).length).toBe(1);
		expect(followUp.json.sessionId).toBe(answer.json.sessionId);
		expect(followUp.json.text).toContain('Invoices are sent by email');
	});

	it('agent return of control: the workflow answers the action and the agent uses the result', async () => {
		const result = await runChain('agent-return-control.json', [{}]);
		const [asked] = result.output('Ask the agent');
		expect(asked.json.returnControl).toMatchObject({
			invocations: [{ function: 'get_order_status', parameters: { orderId: 'ORD-123456' } }],
		});
		expect(result.output("Send the action's result")[0].json.text).toBe(
			'Tool result: {"orderId":"ORD-123456","status":"shipped","carrier":"DHL"}',
		);
	});

	it('guardrail check: one verdict per message, masked and blocked as the guardrail says', async () => {
		const setNode = example('guardrail-check.json').nodes.find((node) => node.name === 'Messages');
		const { messages } = JSON.parse(String(setNode?.parameters.jsonOutput)) as {
			messages: Array<{ text: string }>;
		};
		const result = await runChain('guardrail-check.json', messages);
		expect(
			result.output('Check with the guardrail').map((item) => [item.json.action, item.json.text]),
		).toEqual([
			['NONE', 'What are your opening hours?'],
			['GUARDRAIL_INTERVENED', 'Please write to {EMAIL} about {ORDER_NUMBER}.'],
			['GUARDRAIL_INTERVENED', 'Sorry, I cannot answer that.'],
		]);
	});

	it('RAG with the Simple Vector Store: the embeddings node, as configured, finds the page that answers', async () => {
		const workflow = example('rag-simple-vector-store.json');
		const [node] = workflow.nodes.filter((candidate) => candidate.type === EMBEDDINGS_NODE_TYPE);
		const pages = (
			JSON.parse(
				String(
					workflow.nodes.find((candidate) => candidate.name === 'Handbook pages')?.parameters
						.jsonOutput,
				),
			) as { pages: Array<{ topic: string; text: string }> }
		).pages;
		const question = (
			JSON.parse(
				String(
					workflow.nodes.find((candidate) => candidate.name === 'Question')?.parameters.jsonOutput,
				),
			) as { question: string }
		).question;
		// The vector store's side of the connection: supplyData, then embedDocuments and embedQuery.
		const context = {
			getNode: () => node,
			getCredentials: async () => credentials.awsBedrockApi,
			getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) =>
				name === 'model'
					? (node.parameters.model as { value: string }).value
					: (node.parameters[name] ?? fallback),
			addInputData: () => ({ index: 0 }),
			addOutputData: () => undefined,
		};
		const supplied = await new EmbeddingsAmazonBedrock().supplyData.call(context as never, 0);
		const embeddings = supplied.response as BedrockEmbeddings;
		try {
			const vectors = await embeddings.embedDocuments(pages.map((page) => page.text));
			const query = await embeddings.embedQuery(question);
			expect(query).toHaveLength(512);
			const scores = vectors.map((vector) =>
				vector.reduce((sum, value, index) => sum + value * query[index], 0),
			);
			expect(pages[scores.indexOf(Math.max(...scores))].topic).toBe('account');
		} finally {
			await supplied.closeFunction?.();
		}
	});
});
