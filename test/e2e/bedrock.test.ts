/**
 * Every workflow in examples/ runs in the real n8n app, with this package installed as a community
 * package, against the local Bedrock emulator.
 *
 * Expectations of an example live in its `meta.e2e`, or in a sibling `<name>.expect.json` (which
 * wins over `meta.e2e`); both are optional:
 *
 *   {
 *     "skip": "why this example does not run here",
 *     "run": "execute" | "webhook",
 *     "webhook": { "path": "...", "method": "POST", "body": {...}, "status": 200, "responseContains": ["..."] },
 *     "nodes": {
 *       "<node name>": {
 *         "notRun": true,                      the node must not run (a branch not taken)
 *         "minItems": 1, "maxItems": 5,        items over all its outputs
 *         "fields": ["text", "usage"],         fields every item without `error` has
 *         "errors": "forbid" | "allow" | "only"
 *       }
 *     }
 *   }
 *
 * Defaults: `run` is "webhook" when the workflow has a Webhook node, else "execute" (from its
 * Manual Trigger; a Schedule Trigger is swapped for a Manual Trigger of the same name, since
 * `n8n execute` starts only there). The webhook is called at the Webhook node's path with its
 * method and a body carrying `question`, `text` and `prompt`. Every Bedrock node not listed under
 * `nodes` must run and give at least one item; each item has `usage` and `text` (Converse,
 * Invoke), `embedding` (embedding models) or `inputTokens` (Count Tokens), and `error` items only
 * where the node continues on fail. Credential references are pointed at the emulator credential.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { RunningEmulator } from '../../emulator';
import { n8nCredentialFor, start } from '../../emulator';
import type { ExecutionResult, WorkflowFile, WorkflowNode } from './n8nApp';
import { BEDROCK_NODE_TYPE, BUILT_NODE_PATH, N8nApp, REPOSITORY_ROOT } from './n8nApp';

const EXAMPLES_DIR = path.join(REPOSITORY_ROOT, 'examples');
const CREDENTIAL = { id: 'e2eBedrockEmulator', name: 'AWS Bedrock (e2e emulator)' };
const DEFAULT_WEBHOOK_BODY = {
	question: 'What is Amazon Bedrock? Answer briefly.',
	text: 'Amazon Bedrock is a managed service for foundation models. It serves many model families.',
	prompt: 'Say hello.',
};

interface NodeExpectation {
	notRun?: boolean;
	minItems?: number;
	maxItems?: number;
	fields?: string[];
	errors?: 'forbid' | 'allow' | 'only';
}

interface ExampleExpectation {
	skip?: string;
	run?: 'execute' | 'webhook';
	webhook?: {
		path?: string;
		method?: string;
		body?: unknown;
		status?: number;
		responseContains?: string[];
	};
	nodes?: Record<string, NodeExpectation>;
}

interface Example {
	file: string;
	workflow: WorkflowFile;
	expectation: ExampleExpectation;
}

function loadExamples(): Example[] {
	if (!existsSync(EXAMPLES_DIR)) return [];
	return readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json') && !file.endsWith('.expect.json'))
		.sort()
		.map((file) => {
			const workflow = JSON.parse(
				readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'),
			) as WorkflowFile;
			const sibling = path.join(EXAMPLES_DIR, file.replace(/\.json$/, '.expect.json'));
			const expectation = existsSync(sibling)
				? (JSON.parse(readFileSync(sibling, 'utf8')) as ExampleExpectation)
				: ((workflow.meta?.e2e as ExampleExpectation | undefined) ?? {});
			return { file, workflow: { ...workflow, id: workflow.id ?? exampleId(file) }, expectation };
		});
}

function exampleId(file: string): string {
	return `ex${file.replace(/\.json$/, '').replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 21);
}

const WEBHOOK_TYPE = 'n8n-nodes-base.webhook';

/** The workflow as imported: credentials pointed at the emulator, a schedule made manual. */
function prepare(workflow: WorkflowFile): WorkflowFile {
	const nodes = workflow.nodes.map((node): WorkflowNode => {
		let prepared: WorkflowNode = node;
		if (node.credentials?.awsBedrockApi) {
			prepared = { ...prepared, credentials: { ...node.credentials, awsBedrockApi: CREDENTIAL } };
		}
		if (node.type === 'n8n-nodes-base.scheduleTrigger') {
			prepared = {
				...prepared,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				parameters: {},
			};
		}
		return prepared;
	});
	return { ...workflow, nodes };
}

function continuesOnFail(node: WorkflowNode): boolean {
	return (
		node.continueOnFail === true ||
		(typeof node.onError === 'string' && node.onError.startsWith('continue'))
	);
}

function defaultFields(node: WorkflowNode): string[][] {
	if (node.parameters.operation === 'countTokens') return [['inputTokens']];
	return [
		['text', 'usage'],
		['embedding', 'usage'],
	];
}

function checkNode(
	result: ExecutionResult,
	node: WorkflowNode,
	expectation: NodeExpectation,
): string[] {
	const problems: string[] = [];
	if (expectation.notRun) {
		if (result.ran(node.name)) problems.push(`${node.name}: ran, expected not to`);
		return problems;
	}
	if (!result.ran(node.name)) return [`${node.name}: did not run`];
	const items = result.allItems(node.name);
	const minItems = expectation.minItems ?? 1;
	if (items.length < minItems)
		problems.push(`${node.name}: ${items.length} items, expected at least ${minItems}`);
	if (expectation.maxItems !== undefined && items.length > expectation.maxItems) {
		problems.push(`${node.name}: ${items.length} items, expected at most ${expectation.maxItems}`);
	}
	const errorPolicy = expectation.errors ?? (continuesOnFail(node) ? 'allow' : 'forbid');
	const alternatives = expectation.fields ? [expectation.fields] : defaultFields(node);
	items.forEach((json, index) => {
		if ('error' in json) {
			if (errorPolicy === 'forbid')
				problems.push(`${node.name}[${index}]: error ${JSON.stringify(json.error)}`);
			return;
		}
		if (errorPolicy === 'only') {
			problems.push(`${node.name}[${index}]: expected an error item`);
			return;
		}
		const satisfied = alternatives.some((fields) =>
			fields.every((field) => json[field] !== undefined),
		);
		if (!satisfied) {
			problems.push(
				`${node.name}[${index}]: lacks ${alternatives.map((fields) => fields.join('+')).join(' or ')}: ${JSON.stringify(json).slice(0, 300)}`,
			);
		}
	});
	return problems;
}

function checkBedrockNodes(example: Example, result: ExecutionResult): string[] {
	const expectations = example.expectation.nodes ?? {};
	const listed = Object.keys(expectations);
	const bedrockNodes = example.workflow.nodes.filter((node) => node.type === BEDROCK_NODE_TYPE);
	const checked = [
		...bedrockNodes
			.filter((node) => !listed.includes(node.name))
			.map((node) => ({ node, expectation: {} })),
		...listed.map((name) => {
			const node = example.workflow.nodes.find((candidate) => candidate.name === name);
			if (!node) throw new Error(`${example.file}: expectation for unknown node "${name}"`);
			return { node, expectation: expectations[name] };
		}),
	];
	return checked.flatMap(({ node, expectation }) => checkNode(result, node, expectation));
}

const examples = loadExamples();
const built = existsSync(BUILT_NODE_PATH);
if (!built) {
	console.warn(
		`Skipping the Bedrock end-to-end tests: ${path.relative(REPOSITORY_ROOT, BUILT_NODE_PATH)} does not exist. Run \`npm run build\` first.`,
	);
}
const describeBuilt = built ? describe : describe.skip;

describeBuilt('the Bedrock node in the real n8n app, every example against the emulator', () => {
	let emulator: RunningEmulator;
	let app: N8nApp;

	beforeAll(async () => {
		emulator = await start({ port: 0 });
		app = await N8nApp.create();
		await app.importCredentials([
			{
				...CREDENTIAL,
				type: 'awsBedrockApi',
				data: n8nCredentialFor(emulator.url),
			},
		]);
		const runnable = examples.filter((example) => !example.expectation.skip);
		if (runnable.length > 0)
			await app.importWorkflows(runnable.map((example) => prepare(example.workflow)));
	});

	afterAll(async () => {
		await app?.dispose();
		await emulator?.close();
	});

	it('loads the package: the node and credential types are known to n8n', async () => {
		const { stdout, exitCode } = await app.command([
			'export:nodes',
			`--output=${app.userFolder}/nodes.json`,
		]);
		expect({ exitCode, stdout: exitCode === 0 ? '' : stdout }).toEqual({ exitCode: 0, stdout: '' });
		const nodes = JSON.parse(readFileSync(`${app.userFolder}/nodes.json`, 'utf8')) as Array<{
			name: string;
		}>;
		expect(nodes.map((node) => node.name)).toContain(BEDROCK_NODE_TYPE);
	});

	if (examples.length === 0) {
		it.todo('examples/ holds no workflow yet');
	}

	for (const example of examples) {
		const { file, workflow, expectation } = example;
		if (expectation.skip) {
			it.skip(`${file}: ${expectation.skip}`, () => undefined);
			continue;
		}
		const webhookNode = workflow.nodes.find((node) => node.type === WEBHOOK_TYPE);
		const mode = expectation.run ?? (webhookNode ? 'webhook' : 'execute');

		it(`${file} (${mode}): the Bedrock nodes give their items`, async () => {
			let result: ExecutionResult;
			if (mode === 'execute') {
				result = await app.execute(workflow.id);
				expect({ file, error: result.error?.message }).toEqual({ file, error: undefined });
			} else {
				const webhookPath = expectation.webhook?.path ?? String(webhookNode?.parameters.path ?? '');
				const method =
					expectation.webhook?.method ?? String(webhookNode?.parameters.httpMethod ?? 'POST');
				await app.activate(workflow.id);
				const server = await app.startServer();
				let status: number;
				let body: string;
				try {
					await server.waitForWebhook(webhookPath, method);
					const response = await fetch(server.webhookUrl(webhookPath), {
						method,
						headers: { 'content-type': 'application/json' },
						body:
							method === 'GET'
								? undefined
								: JSON.stringify(expectation.webhook?.body ?? DEFAULT_WEBHOOK_BODY),
					});
					status = response.status;
					body = await response.text();
				} finally {
					await server.stop();
				}
				expect({ file, status }).toEqual({ file, status: expectation.webhook?.status ?? 200 });
				expect(body.length).toBeGreaterThan(0);
				for (const fragment of expectation.webhook?.responseContains ?? []) {
					expect(body).toContain(fragment);
				}
				const runs = (await app.executions()).filter(
					(execution) => execution.workflowId === workflow.id,
				);
				expect(runs.length).toBeGreaterThan(0);
				result = runs[runs.length - 1].result;
			}
			expect({ file, problems: checkBedrockNodes(example, result) }).toEqual({
				file,
				problems: [],
			});
		});
	}
});
