/**
 * The node in n8n's real editor, in headless Chromium driven by playwright-core, with the real n8n
 * app in server mode and the local Bedrock emulator behind the credential: the node creator, the
 * operations, the model list, the fields of each model family, and the credential test.
 *
 * Needs Debian's Chromium at /usr/bin/chromium (`scripts/e2e/install-chromium.sh`); without it the
 * suite is skipped. Screenshots go to a temporary folder; `E2E_SCREENSHOTS=update` writes them to
 * docs/ instead (the ones the README shows).
 *
 * Selectors are n8n's `data-test-id` attributes where the editor has them (the ones n8n's own
 * Playwright tests use), ARIA roles and visible texts otherwise.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Browser, Locator, Page, Response } from 'playwright-core';
import { chromium, selectors } from 'playwright-core';

import type { RunningEmulator } from '../../emulator';
import { n8nCredentialFor, start } from '../../emulator';
import type { N8nServer, WorkflowFile } from './n8nApp';
import { BUILT_NODE_PATH, DEFAULT_N8N_VERSION, N8nApp, REPOSITORY_ROOT } from './n8nApp';

// E2E_CHROMIUM_PATH: another Chromium build (the suite is written against Debian's).
const CHROMIUM_PATH = process.env.E2E_CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
const VIEWPORT = { width: 1280, height: 800 };
const UI_TIMEOUT_MS = 20_000;
const SETTLE_MS = 400;

const OWNER = {
	email: 'owner@example.com',
	firstName: 'Ada',
	lastName: 'Owner',
	password: 'E2e-owner-Passw0rd',
};
const CREDENTIAL = { id: 'e2eEditorEmulator', name: 'AWS Bedrock (emulator)' };
const LLAMA_MODEL_ID = 'us.meta.llama3-3-70b-instruct-v1:0';
const CLAUDE_LIST_ENTRY = 'Claude 3.5 Haiku (Anthropic';

const UPDATE_DOCS_SCREENSHOTS = process.env.E2E_SCREENSHOTS === 'update';

// The AI Agent example with the chat model sub-node; the sub-node needs n8n 2.x's AI node SDK.
const AGENT_EXAMPLE = path.join(REPOSITORY_ROOT, 'examples', 'ai-agent-chat-model-tool.json');
const AGENT_WORKFLOW_ID = 'e2eEditorChatAgent';
const CHAT_MODEL_NODE = 'Amazon Bedrock Chat Model';
const hasAiNodeSdk = Number(DEFAULT_N8N_VERSION.split('.')[0]) >= 2;
const itWithAiNodeSdk = hasAiNodeSdk ? it : it.skip;

const built = existsSync(BUILT_NODE_PATH);
const chromiumInstalled = existsSync(CHROMIUM_PATH);
if (!built) {
	console.warn(
		`Skipping the editor end-to-end tests: ${path.relative(REPOSITORY_ROOT, BUILT_NODE_PATH)} does not exist. Run \`npm run build\` first.`,
	);
} else if (!chromiumInstalled) {
	console.warn(
		`Skipping the editor end-to-end tests: ${CHROMIUM_PATH} does not exist. Install Chromium with \`scripts/e2e/install-chromium.sh\`.`,
	);
}
const describeRunnable = built && chromiumInstalled ? describe : describe.skip;

/** The fields of each family's form, by parameter name (n8n renders `parameter-input-<name>`). */
const CLAUDE_FIELDS = ['anthropicVersion', 'anthropicThinkingBudget'];
const LLAMA_FIELDS = ['metaRawPrompt'];

describeRunnable('the Amazon Bedrock node in the n8n editor (headless Chromium)', () => {
	let emulator: RunningEmulator;
	let app: N8nApp;
	let server: N8nServer;
	let browser: Browser;
	let page: Page;
	let screenshotDir: string;

	const parameter = (name: string): Locator => page.getByTestId(`parameter-input-${name}`);
	const modelLocator = (): Locator => page.getByTestId('resource-locator-model');

	async function screenshot(name: string): Promise<void> {
		// Fade-ins and hover effects of the editor settle within a few hundred milliseconds.
		await page.mouse.move(0, VIEWPORT.height - 1);
		await page.waitForTimeout(SETTLE_MS);
		await page.screenshot({ path: path.join(screenshotDir, name), animations: 'disabled' });
	}

	/** The texts of the options of the dropdown that is open now. */
	async function openOptionTexts(): Promise<string[]> {
		const options = page.getByRole('option');
		await options.first().waitFor();
		return (await options.allInnerTexts()).map((text) => text.split('\n')[0].trim());
	}

	async function closeDropdown(): Promise<void> {
		await page.keyboard.press('Escape');
		await page.getByRole('option').first().waitFor({ state: 'hidden' });
	}

	/** What the Options collection of the open node offers to add. */
	async function addableOptions(): Promise<string[]> {
		// n8n 2.x tags the Add Option select `collection-parameter-add`; 1.x has only its placeholder.
		await page.getByTestId('node-parameters').getByPlaceholder('Add Option').click();
		const texts = await openOptionTexts();
		await closeDropdown();
		return texts;
	}

	async function chooseModelMode(mode: 'From list' | 'By ID'): Promise<void> {
		await modelLocator().getByTestId('rlc-mode-selector').click();
		await page.getByRole('option', { name: mode, exact: true }).click();
	}

	async function expectShown(names: string[]): Promise<void> {
		for (const name of names) await parameter(name).waitFor({ state: 'visible' });
	}

	async function expectAbsent(names: string[]): Promise<void> {
		for (const name of names) {
			await parameter(name).waitFor({ state: 'detached' });
			expect({ name, count: await parameter(name).count() }).toEqual({ name, count: 0 });
		}
	}

	/** Scrolls the parameter panel so the Operation is at its top and the family's form below it. */
	async function scrollToOperation(): Promise<void> {
		await parameter('operation').evaluate((element) => {
			element.scrollIntoView({ block: 'start' });
			let scrollable = element.parentElement;
			while (scrollable && scrollable.scrollHeight <= scrollable.clientHeight) {
				scrollable = scrollable.parentElement;
			}
			// Keep the parameter's label, which sits above its input, in view.
			if (scrollable) scrollable.scrollTop = Math.max(0, scrollable.scrollTop - 32);
		});
	}

	function credentialTestResponse(): Promise<Response> {
		return page.waitForResponse(
			(response) =>
				response.url().endsWith('/rest/credentials/test') && response.request().method() === 'POST',
		);
	}

	async function credentialTestResult(
		response: Response,
	): Promise<{ status: string; message: string }> {
		const body = (await response.json()) as { data: { status: string; message: string } };
		return body.data;
	}

	beforeAll(async () => {
		screenshotDir = UPDATE_DOCS_SCREENSHOTS
			? path.join(REPOSITORY_ROOT, 'docs')
			: mkdtempSync(path.join(tmpdir(), 'n8n-bedrock-editor-screenshots-'));
		mkdirSync(screenshotDir, { recursive: true });
		emulator = await start({ port: 0 });
		app = await N8nApp.create();
		await app.importCredentials([
			{
				...CREDENTIAL,
				type: 'awsBedrockApi',
				data: n8nCredentialFor(emulator.url),
			},
		]);
		if (hasAiNodeSdk) {
			const example = JSON.parse(readFileSync(AGENT_EXAMPLE, 'utf8')) as WorkflowFile;
			await app.importWorkflows([
				{
					...example,
					id: AGENT_WORKFLOW_ID,
					nodes: example.nodes.map((node) =>
						node.credentials?.awsBedrockApi
							? { ...node, credentials: { awsBedrockApi: CREDENTIAL } }
							: node,
					),
				},
			]);
		}
		server = await app.startServer();

		// A fresh n8n 2.x asks for its owner first; the REST call is what the set-up form sends.
		const setup = await fetch(`${server.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		if (!setup.ok) {
			throw new Error(`owner set-up failed: ${setup.status} ${await setup.text()}`);
		}

		selectors.setTestIdAttribute('data-test-id');
		browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
		const context = await browser.newContext({ viewport: VIEWPORT });
		page = await context.newPage();
		page.setDefaultTimeout(UI_TIMEOUT_MS);
	});

	afterAll(async () => {
		await browser?.close();
		await server?.stop();
		await app?.dispose();
		await emulator?.close();
		if (screenshotDir && !UPDATE_DOCS_SCREENSHOTS) {
			console.info(`Editor screenshots: ${screenshotDir}`);
		}
	});

	it('signs in as the owner', async () => {
		await page.goto(`${server.baseUrl}/signin`);
		await page.getByTestId('emailOrLdapLoginId').locator('input').fill(OWNER.email);
		await page.getByTestId('password').locator('input').fill(OWNER.password);
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
		expect(new URL(page.url()).pathname).not.toMatch(/^\/(signin|setup)/);
	});

	it('finds the node in the node creator, with the actions of every resource', async () => {
		await page.goto(`${server.baseUrl}/workflow/new`);
		await page.getByTestId('canvas-plus-button').click();
		await page.getByTestId('node-creator-search-bar').fill('Bedrock');
		const creator = page.getByTestId('node-creator');
		await creator
			.getByTestId('item-iterator-item')
			.filter({ has: page.getByText('Amazon Bedrock', { exact: true }) })
			.click();
		const actions = creator.getByTestId('item-iterator-item');
		await actions.filter({ hasText: 'Converse with a model' }).waitFor();
		const actionTexts = await actions.allInnerTexts();
		for (const action of [
			'Converse with a model',
			'Invoke a model with its native body',
			'Count tokens and estimate cost',
			'Rank documents by relevance to a query',
			'Check text with a guardrail',
			'Search a knowledge base for passages that answer a question',
			'Answer a question from a knowledge base with citations',
			'Send a message to an agent',
		]) {
			expect(actionTexts.some((text) => text.includes(action))).toBe(true);
		}
		await actions.filter({ hasText: 'Converse with a model' }).click();
		await page.getByTestId('ndv').waitFor();
	});

	it('offers the Text operations, with the credential chosen', async () => {
		await expect(
			page.getByTestId('node-credentials-select').locator('input').inputValue(),
		).resolves.toBe(CREDENTIAL.name);
		await parameter('operation').click();
		const operations = await openOptionTexts();
		expect(operations).toEqual(
			expect.arrayContaining([
				'Apply Guardrail',
				'Converse',
				'Count Tokens',
				'Invoke Model',
				'Rerank',
			]),
		);
		expect(operations).toHaveLength(5);
		await screenshot('editor-node.png');
		await page.getByRole('option', { name: /^Invoke Model/ }).click();
		await expectShown(['family', 'bodySource', 'prompt']);
		// No model yet: no family's own fields.
		await expectAbsent([...CLAUDE_FIELDS, ...LLAMA_FIELDS]);
	});

	it('loads the model list from the emulator and searches it', async () => {
		const listingsBefore = emulator.stats().byOperation.ListFoundationModels ?? 0;
		await modelLocator().getByTestId('rlc-input').click();
		const items = page.getByTestId('rlc-item');
		await items.first().waitFor();
		expect(await items.count()).toBeGreaterThan(10);
		await page.getByTestId('rlc-search').fill('Haiku');
		await items.filter({ hasText: 'Claude 3.5 Haiku' }).first().waitFor();
		const haikus = await items.allInnerTexts();
		expect(haikus.length).toBeGreaterThan(0);
		expect(haikus.every((text) => /haiku/i.test(text))).toBe(true);
		expect(haikus.some((text) => text.startsWith(CLAUDE_LIST_ENTRY))).toBe(true);
		expect(emulator.stats().byOperation.ListFoundationModels ?? 0).toBeGreaterThan(listingsBefore);
		await screenshot('editor-model-list.png');
		await page.keyboard.press('Escape');
	});

	it('a Llama model ID shows Raw Prompt, hides the Claude fields and offers no Top K', async () => {
		await chooseModelMode('By ID');
		const input = modelLocator().getByTestId('rlc-input');
		await input.fill(LLAMA_MODEL_ID);
		await input.blur();
		await expectShown(LLAMA_FIELDS);
		await expectAbsent(CLAUDE_FIELDS);
		await expect(
			page.getByTestId('node-parameters').getByText('Raw Prompt (Llama)', { exact: true }).count(),
		).resolves.toBe(1);
		const options = await addableOptions();
		expect(options).toEqual(expect.arrayContaining(['Max Tokens', 'Temperature', 'Top P']));
		expect(options).not.toContain('Top K');
		await scrollToOperation();
		await screenshot('editor-llama-form.png');
	});

	it('a Claude model from the list shows Anthropic Version and Thinking Budget, hides Raw Prompt and offers Top K', async () => {
		await chooseModelMode('From list');
		await modelLocator().getByTestId('rlc-input').click();
		await page.getByTestId('rlc-search').fill('Claude 3.5 Haiku');
		await page.getByTestId('rlc-item').filter({ hasText: CLAUDE_LIST_ENTRY }).click();
		await expectShown(CLAUDE_FIELDS);
		await expectAbsent(LLAMA_FIELDS);
		const form = page.getByTestId('node-parameters');
		await expect(form.getByText('Anthropic Version', { exact: true }).count()).resolves.toBe(1);
		await expect(form.getByText('Thinking Budget', { exact: true }).count()).resolves.toBe(1);
		await expect(parameter('anthropicVersion').locator('input').inputValue()).resolves.toBe(
			'bedrock-2023-05-31',
		);
		const options = await addableOptions();
		expect(options).toEqual(
			expect.arrayContaining(['Max Tokens', 'Temperature', 'Top P', 'Top K', 'Stop Sequences']),
		);
		await scrollToOperation();
		await screenshot('editor-claude-form.png');
	});

	it('picks the Knowledge Base resource, its operations, and a knowledge base from the emulator’s list', async () => {
		await parameter('resource').click();
		const resources = await openOptionTexts();
		expect(resources).toEqual(['Agent', 'Batch Job', 'Knowledge Base', 'Text']);
		await screenshot('editor-resources.png');
		await page.getByRole('option', { name: /^Knowledge Base/ }).click();
		await parameter('operation').click();
		expect(await openOptionTexts()).toEqual(['Retrieve', 'Retrieve and Generate']);
		await screenshot('editor-knowledge-base-operations.png');
		await page.getByRole('option', { name: /^Retrieve(?! and)/ }).click();
		await expectShown(['query']);
		await expectAbsent(['prompt', 'model']);

		const listingsBefore = emulator.stats().byOperation.ListKnowledgeBases ?? 0;
		const locator = page.getByTestId('resource-locator-knowledgeBaseId');
		await locator.getByTestId('rlc-input').click();
		const items = page.getByTestId('rlc-item');
		await items.filter({ hasText: 'emulator-product-docs' }).first().waitFor();
		expect(emulator.stats().byOperation.ListKnowledgeBases ?? 0).toBeGreaterThan(listingsBefore);
		await screenshot('editor-knowledge-base-list.png');
		await items.filter({ hasText: 'emulator-product-docs' }).first().click();
		await expect(locator.getByTestId('rlc-input').inputValue()).resolves.toBe(
			'emulator-product-docs',
		);
		const options = await addableOptions();
		expect(options).toEqual(
			expect.arrayContaining([
				'Metadata Filter',
				'Number of Results',
				'Reranking Model',
				'Search Type',
				'Split Results Into Items',
			]),
		);
	});

	it('picks the Batch Job resource: its operations, the fields of Create, the Job ARN of the others', async () => {
		await parameter('resource').click();
		await page.getByRole('option', { name: /^Batch Job/ }).click();
		await parameter('operation').click();
		expect(await openOptionTexts()).toEqual(['Create', 'Get', 'Get Results', 'Stop']);
		await page.getByRole('option', { name: /^Create/ }).click();
		await expectShown(['bodySource', 'prompt', 'roleArn', 'inputS3Uri', 'outputS3Uri', 'jobName']);
		await expectAbsent(['jobArn', 'knowledgeBaseId']);
		await scrollToOperation();
		await screenshot('editor-batch-job-create.png');
		await parameter('operation').click();
		await page.getByRole('option', { name: /^Get Results/ }).click();
		await expectShown(['jobArn']);
		await expectAbsent(['roleArn', 'prompt', 'inputS3Uri']);
	});

	it('tests the credential against the emulator: passes, then names a wrong secret', async () => {
		await page.getByTestId('ndv').getByTestId('credential-edit-button').click();
		const modal = page.getByTestId('editCredential-modal');
		await modal.getByTestId('parameter-input-secretAccessKey').waitFor();
		const retestButton = modal.getByRole('button', { name: 'Retry' });

		let tested = credentialTestResponse();
		await retestButton.click();
		expect(await credentialTestResult(await tested)).toMatchObject({ status: 'OK' });
		await modal.getByTestId('credentials-config-container-test-success').waitFor();
		// The button shows a spinner and no name while a test runs.
		await retestButton.waitFor();
		await screenshot('credential-test-ok.png');

		await modal
			.getByTestId('parameter-input-secretAccessKey')
			.locator('input')
			.fill('not-the-emulator-secret');
		tested = credentialTestResponse();
		await retestButton.click();
		const failure = await credentialTestResult(await tested);
		expect(failure.status).toBe('Error');
		expect(failure.message).toMatch(/^Wrong secret/);
		await modal.getByText('Couldn’t connect with these settings').waitFor();
		const details = modal.getByText('More details');
		if (await details.isVisible()) await details.click();
		await modal.getByText(failure.message, { exact: true }).waitFor();
		await retestButton.waitFor();
		await screenshot('credential-test-wrong-secret.png');
	});

	itWithAiNodeSdk(
		'shows the Amazon Bedrock Chat Model attached to an AI Agent, with its options',
		async () => {
			await page.goto(`${server.baseUrl}/workflow/${AGENT_WORKFLOW_ID}`);
			const canvasNode = (name: string) =>
				page.getByTestId('canvas-node').filter({ has: page.getByText(name, { exact: true }) });
			await canvasNode('Support agent').waitFor();
			await canvasNode(CHAT_MODEL_NODE).waitFor();
			await canvasNode('Refund policy').waitFor();
			// The sub-node's connection into the agent's Chat Model input is drawn on the canvas.
			await page
				.locator(
					`[data-test-id="edge"][data-source-node-name="${CHAT_MODEL_NODE}"][data-target-node-name="Support agent"]`,
				)
				.waitFor({ state: 'attached' });
			await screenshot('editor-chat-model-agent.png');

			await canvasNode(CHAT_MODEL_NODE).dblclick();
			await page.getByTestId('ndv').waitFor();
			await modelLocator().waitFor();
			await expect(
				page.getByTestId('node-credentials-select').locator('input').inputValue(),
			).resolves.toBe(CREDENTIAL.name);
			const options = await addableOptions();
			expect(options).toEqual(
				expect.arrayContaining([
					'Guardrail Identifier',
					'Latency',
					'Reasoning Budget',
					'Reasoning Effort',
					'Stop Sequences',
					'Top P',
				]),
			);
			await screenshot('editor-chat-model-options.png');
		},
	);
});
