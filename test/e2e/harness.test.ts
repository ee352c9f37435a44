import type { WorkflowFile } from './n8nApp';
import { N8nApp } from './n8nApp';

const manualWorkflow: WorkflowFile = {
	id: 'harnessManual',
	name: 'Harness: manual trigger, Set, Code',
	nodes: [
		{
			id: '2f0c6a0e-0000-4000-8000-000000000001',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: '2f0c6a0e-0000-4000-8000-000000000002',
			name: 'Greeting',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, 0],
			parameters: {
				assignments: {
					assignments: [
						{ id: 'a1', name: 'greeting', value: '=hello {{ 20 + 22 }}', type: 'string' },
					],
				},
				options: {},
			},
		},
		{
			id: '2f0c6a0e-0000-4000-8000-000000000003',
			name: 'Two items',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [400, 0],
			parameters: {
				jsCode:
					'return [1, 2].map((index) => ({ json: { index, greeting: $input.first().json.greeting } }));',
			},
		},
	],
	connections: {
		Start: { main: [[{ node: 'Greeting', type: 'main', index: 0 }]] },
		Greeting: { main: [[{ node: 'Two items', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
};

const failingWorkflow: WorkflowFile = {
	id: 'harnessFailing',
	name: 'Harness: a node that throws',
	nodes: [
		manualWorkflow.nodes[0],
		{
			id: '2f0c6a0e-0000-4000-8000-000000000004',
			name: 'Throw',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [200, 0],
			parameters: { jsCode: "throw new Error('deliberate failure');" },
		},
	],
	connections: { Start: { main: [[{ node: 'Throw', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

const webhookWorkflow: WorkflowFile = {
	id: 'harnessWebhook',
	name: 'Harness: webhook echo',
	nodes: [
		{
			id: '2f0c6a0e-0000-4000-8000-000000000005',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '7d6b3b0e-0000-4000-8000-000000000005',
			parameters: {
				httpMethod: 'POST',
				path: 'harness-echo',
				responseMode: 'lastNode',
				options: {},
			},
		},
		{
			id: '2f0c6a0e-0000-4000-8000-000000000006',
			name: 'Echo',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [200, 0],
			parameters: {
				jsCode: 'return [{ json: { echoed: $input.first().json.body.message.toUpperCase() } }];',
			},
		},
	],
	connections: { Webhook: { main: [[{ node: 'Echo', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

describe('the n8n app harness, with n8n’s own nodes', () => {
	let app: N8nApp;

	beforeAll(async () => {
		app = await N8nApp.create({ installPackage: false });
		await app.importWorkflows([manualWorkflow, failingWorkflow, webhookWorkflow]);
	});

	afterAll(async () => await app?.dispose());

	it('imports workflows and lists them with their ids', async () => {
		const { stdout } = await app.command(['list:workflow']);
		expect(stdout).toContain('harnessManual|Harness: manual trigger, Set, Code');
		expect(stdout).toContain('harnessWebhook|Harness: webhook echo');
	});

	it('executes a workflow from its Manual Trigger and returns every node’s items', async () => {
		const result = await app.execute(manualWorkflow.id);

		expect(result.exitCode).toBe(0);
		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(result.items('Greeting')).toEqual([{ greeting: 'hello 42' }]);
		expect(result.items('Two items')).toEqual([
			{ index: 1, greeting: 'hello 42' },
			{ index: 2, greeting: 'hello 42' },
		]);
		expect(result.ran('Start')).toBe(true);
	});

	it('returns a failed run with its error instead of throwing', async () => {
		const result = await app.execute(failingWorkflow.id);

		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('deliberate failure');
		expect(result.items('Throw')).toEqual([]);
	});

	it('serves an activated workflow’s webhook in server mode and stores the execution', async () => {
		await app.activate(webhookWorkflow.id);
		const server = await app.startServer();
		try {
			await server.waitForWebhook('harness-echo');
			const response = await fetch(server.webhookUrl('harness-echo'), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ message: 'ping' }),
			});
			expect(response.status).toBe(200);
			expect(await response.json()).toEqual({ echoed: 'PING' });
		} finally {
			await server.stop();
		}

		const executions = await app.executions();
		const webhookRuns = executions.filter(
			(execution) => execution.workflowId === webhookWorkflow.id,
		);
		expect(webhookRuns).toHaveLength(1);
		expect(webhookRuns[0].mode).toBe('webhook');
		expect(webhookRuns[0].status).toBe('success');
		expect(webhookRuns[0].result.items('Echo')).toEqual([{ echoed: 'PING' }]);
	});
});
