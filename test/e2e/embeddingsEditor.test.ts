/**
 * The Embeddings Amazon Bedrock sub-node in n8n's real editor (headless Chromium, playwright-core):
 * the RAG example on the canvas with the sub-node attached to both Simple Vector Stores, and its
 * model list, loaded from the emulator, offering embedding models only.
 *
 * Needs Debian's Chromium at /usr/bin/chromium; without it the suite is skipped. Screenshots go
 * to a temporary folder; `E2E_SCREENSHOTS=update` writes them to docs/ (the ones the README shows).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { chromium, selectors } from 'playwright-core';

import type { RunningEmulator } from '../../emulator';
import { n8nCredentialFor, start } from '../../emulator';
import type { N8nServer, WorkflowFile } from './n8nApp';
import { BUILT_NODE_PATH, N8nApp, REPOSITORY_ROOT } from './n8nApp';

const CHROMIUM_PATH = process.env.E2E_CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'];
const VIEWPORT = { width: 1280, height: 800 };
const OWNER = {
	email: 'owner@example.com',
	firstName: 'Ada',
	lastName: 'Owner',
	password: 'E2e-owner-Passw0rd',
};
const CREDENTIAL = { id: 'e2eEditorEmulator', name: 'AWS Bedrock (emulator)' };
const EXAMPLE = path.join(REPOSITORY_ROOT, 'examples', 'rag-simple-vector-store.json');
const WORKFLOW_ID = 'ragEditor';
const UPDATE_DOCS_SCREENSHOTS = process.env.E2E_SCREENSHOTS === 'update';

const built = existsSync(BUILT_NODE_PATH);
const chromiumInstalled = existsSync(CHROMIUM_PATH);
if (!built) console.warn('Skipping the embeddings editor test: run `npm run build` first.');
else if (!chromiumInstalled) {
	console.warn(`Skipping the embeddings editor test: ${CHROMIUM_PATH} does not exist.`);
}
const describeRunnable = built && chromiumInstalled ? describe : describe.skip;

describeRunnable('Embeddings Amazon Bedrock in the n8n editor (headless Chromium)', () => {
	let emulator: RunningEmulator;
	let app: N8nApp;
	let server: N8nServer;
	let browser: Browser;
	let page: Page;
	let screenshotDir: string;

	async function screenshot(name: string): Promise<void> {
		await page.mouse.move(0, VIEWPORT.height - 1);
		await page.waitForTimeout(400);
		await page.screenshot({ path: path.join(screenshotDir, name), animations: 'disabled' });
	}

	beforeAll(async () => {
		screenshotDir = UPDATE_DOCS_SCREENSHOTS
			? path.join(REPOSITORY_ROOT, 'docs')
			: mkdtempSync(path.join(tmpdir(), 'n8n-bedrock-embeddings-editor-'));
		mkdirSync(screenshotDir, { recursive: true });
		emulator = await start({ port: 0 });
		app = await N8nApp.create();
		await app.importCredentials([
			{ ...CREDENTIAL, type: 'awsBedrockApi', data: n8nCredentialFor(emulator.url) },
		]);
		const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as WorkflowFile;
		await app.importWorkflows([
			{
				...example,
				id: WORKFLOW_ID,
				nodes: example.nodes.map((node) =>
					node.credentials?.awsBedrockApi
						? { ...node, credentials: { awsBedrockApi: CREDENTIAL } }
						: node,
				),
			},
		]);
		server = await app.startServer();
		const setup = await fetch(`${server.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		if (!setup.ok) throw new Error(`owner set-up failed: ${setup.status} ${await setup.text()}`);
		selectors.setTestIdAttribute('data-test-id');
		browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
		page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
		page.setDefaultTimeout(20_000);
		await page.goto(`${server.baseUrl}/signin`);
		await page.getByTestId('emailOrLdapLoginId').locator('input').fill(OWNER.email);
		await page.getByTestId('password').locator('input').fill(OWNER.password);
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
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

	it('shows the RAG example with the sub-node attached to both vector stores', async () => {
		await page.goto(`${server.baseUrl}/workflow/${WORKFLOW_ID}`);
		const nodes = page.getByTestId('canvas-node');
		await nodes.filter({ hasText: 'Embeddings Amazon Bedrock' }).first().waitFor();
		const names = await nodes.allInnerTexts();
		for (const name of ['Insert into the store', 'Search the store', 'Default Data Loader']) {
			expect(names.some((text) => text.includes(name))).toBe(true);
		}
		// n8n fits an opened workflow to the view; the shortcut does it again once the canvas settled.
		await page.keyboard.press('1');
		await screenshot('editor-rag-embeddings.png');
	});

	it('lists embedding models only, from the emulator', async () => {
		await page
			.getByTestId('canvas-node')
			.filter({ hasText: 'Embeddings Amazon Bedrock' })
			.first()
			.dblclick();
		await page.getByTestId('ndv').waitFor();
		const locator = page.getByTestId('resource-locator-model');
		await locator.getByTestId('rlc-mode-selector').click();
		await page.getByRole('option', { name: 'From list', exact: true }).click();
		await locator.getByTestId('rlc-input').click();
		const items = page.getByTestId('rlc-item');
		await items.first().waitFor();
		const texts = await items.allInnerTexts();
		expect(texts.length).toBeGreaterThanOrEqual(5);
		expect(texts.some((text) => text.startsWith('Titan Text Embeddings V2'))).toBe(true);
		expect(texts.some((text) => /claude|llama/i.test(text))).toBe(false);
		await screenshot('editor-embeddings-model-list.png');
		await page.keyboard.press('Escape');
	});
});
