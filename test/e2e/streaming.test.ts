/**
 * examples/streaming-webhook.json in the real n8n app: a Webhook with `responseMode: 'streaming'`
 * in front of a streaming Converse node. The reply is read from the socket chunk by chunk, so the
 * test sees what a browser or `curl -N` sees: n8n's JSON lines (`begin`, one `item` per text delta,
 * `end`), each written as the emulator's stream delivers it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';

import type { RunningEmulator } from '../../emulator';
import { firstSentences, n8nCredentialFor, splitDeltas, start } from '../../emulator';
import type { N8nServer, WorkflowFile } from './n8nApp';
import { BEDROCK_NODE_TYPE, BUILT_NODE_PATH, N8nApp, REPOSITORY_ROOT } from './n8nApp';

const EXAMPLE_FILE = path.join(REPOSITORY_ROOT, 'examples', 'streaming-webhook.json');
const CREDENTIAL = { id: 'e2eStreamEmulator', name: 'AWS Bedrock (e2e emulator)' };
const CHUNK_DELAY_MS = 40;
const QUESTION =
	'Streaming means every delta leaves as soon as the model writes it. The caller reads the reply piece by piece, long before the model is done! This third sentence is not part of the reply.';

/** One JSON line of n8n's streaming response, as the webhook writes it (`sendChunk` in n8n-core). */
interface StreamLine {
	type: 'begin' | 'item' | 'end' | 'error';
	content?: string;
	metadata: {
		nodeId: string;
		nodeName: string;
		itemIndex: number;
		runIndex: number;
		timestamp: number;
	};
}

interface ReceivedLine {
	line: StreamLine;
	/** Milliseconds since the request was sent, when the socket read completing this line arrived. */
	arrivedAtMs: number;
	/** Which socket read (`data` event) completed this line: 0, 1, 2, ... */
	readIndex: number;
}

interface StreamedResponse {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	lines: ReceivedLine[];
	/** Bytes after the last newline (n8n ends every line with one, so this should be empty). */
	trailing: string;
	endedAtMs: number;
}

/** POSTs JSON and records every newline-terminated line of the response as it arrives. */
async function postAndReadLines(url: string, body: unknown): Promise<StreamedResponse> {
	return await new Promise((resolve, reject) => {
		const payload = JSON.stringify(body);
		const sentAt = performance.now();
		const req = request(
			url,
			{
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					'content-length': Buffer.byteLength(payload),
				},
			},
			(res) => {
				const lines: ReceivedLine[] = [];
				let pending = '';
				let readIndex = 0;
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => {
					const arrivedAtMs = performance.now() - sentAt;
					pending += chunk;
					let newline = pending.indexOf('\n');
					while (newline >= 0) {
						const text = pending.slice(0, newline);
						pending = pending.slice(newline + 1);
						if (text.trim() !== '') {
							lines.push({ line: JSON.parse(text) as StreamLine, arrivedAtMs, readIndex });
						}
						newline = pending.indexOf('\n');
					}
					readIndex += 1;
				});
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						lines,
						trailing: pending,
						endedAtMs: performance.now() - sentAt,
					}),
				);
				res.on('error', reject);
			},
		);
		req.on('error', reject);
		req.end(payload);
	});
}

const built = existsSync(BUILT_NODE_PATH);
if (!built) {
	console.warn(
		`Skipping the streaming webhook end-to-end test: ${path.relative(REPOSITORY_ROOT, BUILT_NODE_PATH)} does not exist. Run \`npm run build\` first.`,
	);
}
const describeBuilt = built ? describe : describe.skip;

describeBuilt('a streaming webhook in the real n8n app, read chunk by chunk', () => {
	const workflow = JSON.parse(readFileSync(EXAMPLE_FILE, 'utf8')) as WorkflowFile;
	const webhookNode = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.webhook');
	const bedrockNode = workflow.nodes.find((node) => node.type === BEDROCK_NODE_TYPE);
	const expectedReply = firstSentences(QUESTION);
	const expectedDeltas = splitDeltas(expectedReply);

	let emulator: RunningEmulator;
	let app: N8nApp;
	let server: N8nServer;
	let response: StreamedResponse;

	beforeAll(async () => {
		emulator = await start({ port: 0, chunkDelayMs: CHUNK_DELAY_MS });
		app = await N8nApp.create();
		await app.importCredentials([
			{
				...CREDENTIAL,
				type: 'awsBedrockApi',
				data: n8nCredentialFor(emulator.url),
			},
		]);
		await app.importWorkflows([
			{
				...workflow,
				nodes: workflow.nodes.map((node) =>
					node.credentials?.awsBedrockApi
						? { ...node, credentials: { ...node.credentials, awsBedrockApi: CREDENTIAL } }
						: node,
				),
			},
		]);
		await app.activate(workflow.id);
		server = await app.startServer();
		await server.waitForWebhook(String(webhookNode?.parameters.path ?? ''));
		response = await postAndReadLines(
			server.webhookUrl(String(webhookNode?.parameters.path ?? '')),
			{ question: QUESTION },
		);
	});

	afterAll(async () => {
		await server?.stop();
		await app?.dispose();
		await emulator?.close();
	});

	it('the example is a streaming Webhook in front of a streaming Bedrock node', () => {
		expect(webhookNode?.parameters.responseMode).toBe('streaming');
		expect(bedrockNode?.parameters.options).toMatchObject({ stream: true });
		// The reply must be long enough to come in many deltas for the timing checks to mean anything.
		expect(expectedDeltas.length).toBeGreaterThanOrEqual(8);
	});

	it('answers 200 with chunked JSON lines', () => {
		expect(response.status).toBe(200);
		expect(response.headers['content-type']).toMatch(/^application\/json/);
		expect(response.headers['transfer-encoding']).toBe('chunked');
		expect(response.trailing).toBe('');
	});

	it('sends begin, one item per text delta, then end, all from the Bedrock node', () => {
		const types = response.lines.map(({ line }) => line.type);
		expect(types[0]).toBe('begin');
		expect(types[types.length - 1]).toBe('end');
		expect(types.slice(1, -1).every((type) => type === 'item')).toBe(true);
		for (const { line } of response.lines) {
			expect(line.metadata).toMatchObject({
				nodeName: bedrockNode?.name,
				nodeId: bedrockNode?.id,
				itemIndex: 0,
				runIndex: 0,
			});
		}
		const items = response.lines.filter(({ line }) => line.type === 'item');
		expect(items.map(({ line }) => line.content)).toEqual(expectedDeltas);
		expect(items.map(({ line }) => line.content).join('')).toBe(expectedReply);
	});

	it('delivers the deltas spread over time, not all at once at the end', () => {
		const items = response.lines.filter(({ line }) => line.type === 'item');
		const first = items[0];
		const last = items[items.length - 1];
		// Each delta came in a socket read of its own, in order.
		const reads = items.map(({ readIndex }) => readIndex);
		expect(new Set(reads).size).toBe(items.length);
		expect([...reads].sort((a, b) => a - b)).toEqual(reads);
		// The emulator waits CHUNK_DELAY_MS between stream events, so a reply passed through as it is
		// produced spreads its deltas over at least (deltas - 1) such waits; a buffered one would
		// arrive in a single burst. Half of that span leaves room for timer coarseness.
		const minimumSpreadMs = ((items.length - 1) * CHUNK_DELAY_MS) / 2;
		expect(last.arrivedAtMs - first.arrivedAtMs).toBeGreaterThan(minimumSpreadMs);
		// n8n stamps each chunk when the node sends it: those stamps are spread out the same way.
		expect(last.line.metadata.timestamp - first.line.metadata.timestamp).toBeGreaterThan(
			minimumSpreadMs,
		);
		expect(first.arrivedAtMs).toBeLessThan(response.endedAtMs);
	});

	it('stores the same reply as the node output of the execution', async () => {
		const runs = (await app.executions()).filter(
			(execution) => execution.workflowId === workflow.id,
		);
		expect(runs).toHaveLength(1);
		expect(runs[0].status).toBe('success');
		const [output] = runs[0].result.items(bedrockNode?.name ?? '');
		expect(output).toMatchObject({ text: expectedReply, stopReason: 'end_turn' });
		expect(typeof output.timeToFirstTokenMs).toBe('number');
	});
});
