/**
 * n8n's AI Agent in the real n8n app uses the Amazon Bedrock node as a tool (Knowledge Base →
 * Retrieve, `usableAsTool`), with n8n's own AWS Bedrock Chat Model talking to the emulator through
 * the AWS credential's Bedrock Runtime Endpoint (n8n 2.x; n8n 1.x's AWS credential has no such
 * endpoint, so there the suite is skipped).
 *
 * The emulator's model calls a tool when the user's text names it (emulator/engine.ts), so the
 * prompt names the tool; after the tool's result it answers `Tool result: <the result>`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { RunningEmulator } from '../../emulator';
import { EMULATOR_CREDENTIALS, n8nCredentialFor, start } from '../../emulator';
import type { WorkflowFile } from './n8nApp';
import { BUILT_NODE_PATH, DEFAULT_N8N_VERSION, N8nApp, REPOSITORY_ROOT } from './n8nApp';

const EXAMPLE = path.join(REPOSITORY_ROOT, 'examples', 'ai-agent-knowledge-base-tool.json');
const BEDROCK_CREDENTIAL = { id: 'e2eBedrockEmulator', name: 'AWS Bedrock (e2e emulator)' };
const AWS_CREDENTIAL = { id: 'e2eAwsEmulator', name: 'AWS (e2e emulator)' };

const built = existsSync(BUILT_NODE_PATH);
const major = Number(DEFAULT_N8N_VERSION.split('.')[0]);
if (!built) {
	console.warn('Skipping the AI Agent tool end-to-end test: run `npm run build` first.');
} else if (major < 2) {
	console.warn(
		`Skipping the AI Agent tool end-to-end test on n8n ${DEFAULT_N8N_VERSION}: its AWS credential has no Bedrock Runtime Endpoint to point the chat model at the emulator.`,
	);
}
const describeRunnable = built && major >= 2 ? describe : describe.skip;

describeRunnable('an AI Agent uses the Amazon Bedrock node as a tool in the real n8n app', () => {
	let emulator: RunningEmulator;
	let app: N8nApp;
	let workflow: WorkflowFile;

	beforeAll(async () => {
		emulator = await start({ port: 0 });
		app = await N8nApp.create();
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
		const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as WorkflowFile;
		workflow = {
			...example,
			id: 'exAiAgentKbTool',
			nodes: example.nodes.map((node) => {
				if (node.credentials?.awsBedrockApi) {
					return { ...node, credentials: { awsBedrockApi: BEDROCK_CREDENTIAL } };
				}
				if (node.credentials?.aws) return { ...node, credentials: { aws: AWS_CREDENTIAL } };
				return node;
			}),
		};
		await app.importWorkflows([workflow]);
	});

	afterAll(async () => {
		await app?.dispose();
		await emulator?.close();
	});

	it('the agent calls Retrieve through the tool and answers from the passages it found', async () => {
		const result = await app.execute(workflow.id);
		expect(result.error?.message).toBeUndefined();
		expect(result.ran('Search the knowledge base')).toBe(true);
		const [answer] = result.items('Support agent');
		expect(String(answer?.output)).toContain('Tool result:');
		expect(String(answer?.output)).toContain('Refunds are paid within 14 days.');
		const stats = emulator.stats();
		expect(stats.byOperation.Retrieve).toBe(1);
		// One model call that asks for the tool, one that answers with its result.
		expect(stats.byOperation.Converse).toBe(2);
		const [retrieve] = emulator.requests.filter((request) => request.operation === 'Retrieve');
		expect(retrieve.body).toMatchObject({
			retrievalQuery: { text: expect.stringContaining('how are refunds paid?') },
			retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 3 } },
		});
	});
});
