/**
 * Drives the real n8n app (the npm package `n8n`, installed by scripts/e2e/install-n8n.sh into a
 * cache outside the clone) with this package installed as a community package:
 *
 *   const app = await N8nApp.create({ n8nVersion: '2.41.1' });
 *   await app.importCredentials([{ id, name, type: 'awsBedrockApi', data: {...} }]);
 *   await app.importWorkflows([workflowJson]);
 *   const run = await app.execute(workflowJson.id);      // `n8n execute --id --rawOutput`
 *   run.items('Node name');                              // the json of that node's output items
 *   await app.activate(workflowJson.id);                 // published/active: its webhooks serve
 *   const server = await app.startServer();              // `n8n start` on a free port
 *   await fetch(server.webhookUrl('path'), {...});
 *   await server.stop();
 *   await app.executions();                              // every stored execution, from the database
 *   await app.dispose();
 *
 * Every instance has its own user folder (database, settings, community packages) under the system
 * temp directory, listens on 127.0.0.1 only and has telemetry, version checks, templates and other
 * outbound calls switched off.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..');
export const DEFAULT_N8N_VERSION = process.env.N8N_E2E_VERSION ?? '2.41.1';
export const BEDROCK_NODE_TYPE = 'n8n-nodes-bedrock.bedrock';
export const BUILT_NODE_PATH = path.join(
	REPOSITORY_ROOT,
	'dist',
	'nodes',
	'Bedrock',
	'Bedrock.node.js',
);

const INSTALL_SCRIPT = path.join(REPOSITORY_ROOT, 'scripts', 'e2e', 'install-n8n.sh');
const INSTALL_TIMEOUT_MS = 20 * 60_000;
const COMMAND_TIMEOUT_MS = 3 * 60_000;
const SERVER_START_TIMEOUT_MS = 2 * 60_000;
const SERVER_STOP_TIMEOUT_MS = 30_000;
const ENCRYPTION_KEY = 'n8n-nodes-bedrock-e2e-fixed-encryption-key';
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

export interface CredentialFile {
	id: string;
	name: string;
	type: string;
	/** Plain values: n8n encrypts them on import. */
	data: Record<string, unknown>;
}

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	[key: string]: unknown;
}

export interface WorkflowFile {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	active?: boolean;
	settings?: Record<string, unknown>;
	meta?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface NodeItem {
	json: Record<string, unknown>;
	pairedItem?: unknown;
	[key: string]: unknown;
}

export interface TaskData {
	executionStatus?: string;
	error?: { message?: string; [key: string]: unknown };
	data?: Record<string, Array<NodeItem[] | null>>;
	[key: string]: unknown;
}

/** IRun as `n8n execute` prints it and as the database stores it. */
export interface RunData {
	status?: string;
	finished?: boolean;
	mode?: string;
	data: {
		resultData: {
			runData: Record<string, TaskData[]>;
			error?: { message?: string; [key: string]: unknown };
			lastNodeExecuted?: string;
		};
	};
}

export class ExecutionResult {
	constructor(
		readonly run: RunData,
		readonly exitCode: number,
		readonly stdout: string,
		readonly stderr: string,
	) {}

	get status(): string | undefined {
		return this.run.status;
	}

	get error(): RunData['data']['resultData']['error'] {
		return this.run.data.resultData.error;
	}

	get runData(): Record<string, TaskData[]> {
		return this.run.data.resultData.runData;
	}

	/** Whether the node ran at least once. */
	ran(nodeName: string): boolean {
		return (this.runData[nodeName]?.length ?? 0) > 0;
	}

	/** The output items of one node's output (0: main, 1: the error output of Continue On Fail). */
	outputItems(nodeName: string, outputIndex = 0, runIndex = 0): NodeItem[] {
		return this.runData[nodeName]?.[runIndex]?.data?.main?.[outputIndex] ?? [];
	}

	/** The json of every item of a node, all outputs and runs together. */
	allItems(nodeName: string): Array<Record<string, unknown>> {
		return (this.runData[nodeName] ?? []).flatMap((task) =>
			Object.values(task.data ?? {}).flatMap((outputs) =>
				outputs.flatMap((items) => (items ?? []).map((item) => item.json)),
			),
		);
	}

	/** The json of the items of one node's output. */
	items(nodeName: string, outputIndex = 0, runIndex = 0): Array<Record<string, unknown>> {
		return this.outputItems(nodeName, outputIndex, runIndex).map((item) => item.json);
	}
}

export interface StoredExecution {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	result: ExecutionResult;
}

export interface N8nAppOptions {
	n8nVersion?: string;
	/** The package to install as a community package; default: this repository (its `dist`). */
	packageDir?: string;
	/** Install the package (default true); false for runs of n8n's own nodes only. */
	installPackage?: boolean;
	/** Extra environment for every n8n command. */
	env?: Record<string, string>;
}

export interface CommandOutput {
	exitCode: number;
	stdout: string;
	stderr: string;
}

async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

async function run(
	command: string,
	args: string[],
	options: { env?: NodeJS.ProcessEnv; timeoutMs: number; cwd?: string },
): Promise<CommandOutput> {
	return await new Promise((resolve, reject) => {
		execFile(
			command,
			args,
			{
				env: options.env,
				cwd: options.cwd,
				timeout: options.timeoutMs,
				maxBuffer: MAX_OUTPUT_BYTES,
				killSignal: 'SIGKILL',
			},
			(error, stdout, stderr) => {
				if (error && typeof error.code !== 'number') {
					reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
					return;
				}
				resolve({ exitCode: error ? Number(error.code) : 0, stdout, stderr });
			},
		);
	});
}

/**
 * The JSON document `n8n execute` prints (pretty-printed with two spaces, so it opens with a line
 * that is exactly `{` and closes with a line that is exactly `}`), among its log lines.
 */
export function parseExecuteOutput(stdout: string): RunData | undefined {
	const lines = stdout.split('\n');
	const start = lines.findIndex((line) => line === '{');
	if (start < 0) return undefined;
	const end = lines.findIndex((line, index) => index > start && line === '}');
	if (end < 0) return undefined;
	return JSON.parse(lines.slice(start, end + 1).join('\n')) as RunData;
}

/** Installs (or finds in the cache) the given n8n and returns its launcher. */
export async function installN8n(version = DEFAULT_N8N_VERSION): Promise<string> {
	const { exitCode, stdout, stderr } = await run('bash', [INSTALL_SCRIPT, version], {
		env: process.env,
		timeoutMs: INSTALL_TIMEOUT_MS,
	});
	if (exitCode !== 0) {
		throw new Error(`install-n8n.sh ${version} failed (exit ${exitCode}):\n${stderr.slice(-4000)}`);
	}
	return stdout.trim().split('\n').pop() ?? '';
}

export class N8nServer {
	private exited: Promise<void>;

	constructor(
		private readonly child: ChildProcess,
		readonly port: number,
		readonly logs: () => string,
	) {
		this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	webhookUrl(webhookPath: string): string {
		return `${this.baseUrl}/webhook/${webhookPath.replace(/^\//, '')}`;
	}

	/**
	 * Waits until an active workflow's webhook is registered. n8n 2.x activates published workflows in
	 * the background after start-up, so a webhook can answer 404 for a moment after /healthz is up. A
	 * CORS preflight asks for the webhook's methods without running it: 204 once it is registered.
	 */
	async waitForWebhook(webhookPath: string, method = 'POST', timeoutMs = 60_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		let status = 0;
		while (Date.now() < deadline) {
			const response = await fetch(this.webhookUrl(webhookPath), {
				method: 'OPTIONS',
				headers: { origin: this.baseUrl, 'access-control-request-method': method },
			});
			status = response.status;
			await response.arrayBuffer();
			if (status >= 200 && status < 300) return;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		throw new Error(
			`The webhook ${method} ${webhookPath} was not registered within ${timeoutMs} ms (last status ${status}):\n${this.logs().slice(-4000)}`,
		);
	}

	/** SIGTERM (n8n shuts down gracefully: active executions finish, the database closes), then SIGKILL. */
	async stop(): Promise<void> {
		if (this.child.exitCode !== null || this.child.signalCode !== null) return;
		this.child.kill('SIGTERM');
		const timer = setTimeout(() => this.child.kill('SIGKILL'), SERVER_STOP_TIMEOUT_MS);
		await this.exited;
		clearTimeout(timer);
	}
}

export class N8nApp {
	private readonly servers = new Set<N8nServer>();

	private constructor(
		readonly version: string,
		readonly launcher: string,
		readonly userFolder: string,
		private readonly extraEnv: Record<string, string>,
	) {}

	static async create(options: N8nAppOptions = {}): Promise<N8nApp> {
		const version = options.n8nVersion ?? DEFAULT_N8N_VERSION;
		const launcher = await installN8n(version);
		const userFolder = mkdtempSync(path.join(tmpdir(), `n8n-e2e-${version}-`));
		const app = new N8nApp(version, launcher, userFolder, options.env ?? {});
		if (options.installPackage ?? true) {
			app.installPackage(options.packageDir ?? REPOSITORY_ROOT);
		}
		return app;
	}

	get majorVersion(): number {
		return Number(this.version.split('.')[0]);
	}

	/** Where n8n keeps its database, settings and community packages (`N8N_USER_FOLDER/.n8n`). */
	get dataFolder(): string {
		return path.join(this.userFolder, '.n8n');
	}

	/**
	 * Installs the package the way n8n installs a community package: a directory in
	 * `.n8n/nodes/node_modules/` (scanned for `n8n-nodes-*` at start-up, 1.x and 2.x alike) with the
	 * package's `package.json` and `dist`. Runtime dependencies are links into the repository's
	 * node_modules; the peer dependency `n8n-workflow` is deliberately not reachable from there, so the
	 * node gets n8n's own copy as in a real install (a link to the whole repository would hand it the
	 * repository's development copy instead).
	 */
	installPackage(packageDir: string): void {
		const packageJson = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
			name: string;
			version: string;
			dependencies?: Record<string, string>;
		};
		const nodesFolder = path.join(this.dataFolder, 'nodes');
		const target = path.join(nodesFolder, 'node_modules', packageJson.name);
		rmSync(target, { recursive: true, force: true });
		mkdirSync(target, { recursive: true });
		cpSync(path.join(packageDir, 'package.json'), path.join(target, 'package.json'));
		cpSync(path.join(packageDir, 'dist'), path.join(target, 'dist'), { recursive: true });
		for (const dependency of Object.keys(packageJson.dependencies ?? {})) {
			const link = path.join(target, 'node_modules', dependency);
			mkdirSync(path.dirname(link), { recursive: true });
			symlinkSync(path.join(packageDir, 'node_modules', dependency), link, 'dir');
		}
		// What n8n itself writes there after installing a package from the registry.
		const manifest = {
			name: 'installed-nodes',
			private: true,
			dependencies: { [packageJson.name]: packageJson.version },
		};
		writeFileSync(path.join(nodesFolder, 'package.json'), JSON.stringify(manifest, null, 2));
	}

	env(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
		// Jest sets NODE_ENV=test, which makes n8n silence its logger and refuse to load nodes.
		const inherited = Object.fromEntries(
			Object.entries(process.env).filter(
				([name]) =>
					!/^(N8N_|DB_|JEST_)/.test(name) && name !== 'NODE_ENV' && name !== 'NODE_OPTIONS',
			),
		);
		return {
			...inherited,
			NODE_ENV: 'production',
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			DB_TYPE: 'sqlite',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_SECURE_COOKIE: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_REINSTALL_MISSING_PACKAGES: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
			N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			N8N_AI_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			EXTERNAL_FRONTEND_HOOKS_URLS: '',
			// `n8n execute` prints its result through the logger at level info.
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			NO_COLOR: '1',
			// n8n's default `vm` expression engine needs isolated-vm, which needs Node.js 22 or later;
			// n8n 1.x on Node.js 20 runs the engine it had before.
			...(this.majorVersion < 2 ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}),
			...this.extraEnv,
			...overrides,
		};
	}

	/** Runs an n8n CLI command (`import:workflow`, `list:workflow`, ...) in this user folder. */
	async command(args: string[], overrides: Record<string, string> = {}): Promise<CommandOutput> {
		const env = this.env({ N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...overrides });
		return await run(this.launcher, args, {
			env,
			timeoutMs: COMMAND_TIMEOUT_MS,
			cwd: this.userFolder,
		});
	}

	private async checkedCommand(args: string[]): Promise<CommandOutput> {
		const output = await this.command(args);
		if (output.exitCode !== 0) {
			throw new Error(
				`n8n ${args.join(' ')} exited with ${output.exitCode}:\n${output.stdout.slice(-4000)}\n${output.stderr.slice(-4000)}`,
			);
		}
		return output;
	}

	private writeInput(kind: string, content: unknown): string {
		const file = path.join(
			this.userFolder,
			`${kind}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`,
		);
		writeFileSync(file, JSON.stringify(content, null, '\t'));
		return file;
	}

	async importCredentials(credentials: CredentialFile[]): Promise<void> {
		await this.checkedCommand([
			'import:credentials',
			`--input=${this.writeInput('credentials', credentials)}`,
		]);
	}

	/** Imports workflows as they are (inactive); ids are kept, so `execute` and `activate` take them. */
	async importWorkflows(workflows: WorkflowFile[]): Promise<void> {
		const inactive = workflows.map((workflow) => ({ ...workflow, active: false }));
		await this.checkedCommand([
			'import:workflow',
			`--input=${this.writeInput('workflows', inactive)}`,
		]);
	}

	/**
	 * Marks a workflow for activation at the next `n8n start`, so its webhooks serve production URLs:
	 * `publish:workflow` in n8n 2.x, `update:workflow --active=true` in 1.x.
	 */
	async activate(workflowId: string): Promise<void> {
		if (this.majorVersion >= 2) {
			await this.checkedCommand(['publish:workflow', `--id=${workflowId}`]);
		} else {
			await this.checkedCommand(['update:workflow', `--id=${workflowId}`, '--active=true']);
		}
	}

	/**
	 * `n8n execute --id <id> --rawOutput`: runs the workflow from its Manual Trigger (or Execute
	 * Workflow Trigger) in a process of its own and returns the run. Throws when n8n printed no run
	 * at all (the output is in the message); a run that failed comes back with `error` set.
	 */
	async execute(workflowId: string): Promise<ExecutionResult> {
		const output = await this.command(['execute', `--id=${workflowId}`, '--rawOutput']);
		const parsed = parseExecuteOutput(output.stdout);
		if (!parsed) {
			throw new Error(
				`n8n execute --id=${workflowId} printed no run (exit ${output.exitCode}):\n${output.stdout.slice(-4000)}\n${output.stderr.slice(-4000)}`,
			);
		}
		return new ExecutionResult(parsed, output.exitCode, output.stdout, output.stderr);
	}

	/** `n8n start` on a free port; resolves once /healthz answers and active workflows are activated. */
	async startServer(overrides: Record<string, string> = {}): Promise<N8nServer> {
		const port = await freePort();
		const env = this.env({
			N8N_PORT: String(port),
			WEBHOOK_URL: `http://127.0.0.1:${port}/`,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			...overrides,
		});
		const child = spawn(this.launcher, ['start'], {
			env,
			cwd: this.userFolder,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let logs = '';
		child.stdout?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
		const server = new N8nServer(child, port, () => logs);
		this.servers.add(server);
		const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
		while (Date.now() < deadline) {
			if (child.exitCode !== null) {
				throw new Error(`n8n start exited with ${child.exitCode}:\n${logs.slice(-4000)}`);
			}
			// The editor URL is logged after the active workflows are activated.
			if (logs.includes('Editor is now accessible via') && (await this.healthy(server))) {
				return server;
			}
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		await server.stop();
		throw new Error(
			`n8n start did not become ready in ${SERVER_START_TIMEOUT_MS} ms:\n${logs.slice(-4000)}`,
		);
	}

	private async healthy(server: N8nServer): Promise<boolean> {
		try {
			const response = await fetch(`${server.baseUrl}/healthz`);
			return response.ok;
		} catch {
			return false;
		}
	}

	/**
	 * Every stored execution, oldest first, with its run data, read from the sqlite database with
	 * n8n's own sqlite3 and flatted (the format n8n stores run data in).
	 */
	async executions(): Promise<StoredExecution[]> {
		const script = `
const sqlite3 = require('sqlite3');
const { parse } = require('flatted');
const db = new sqlite3.Database(process.argv[1], sqlite3.OPEN_READONLY);
db.all('SELECT e.id, e.workflowId, e.status, e.mode, d.data FROM execution_entity e JOIN execution_data d ON d.executionId = e.id ORDER BY e.id', (error, rows) => {
	if (error) { console.error(error.message); process.exit(1); }
	process.stdout.write(JSON.stringify(rows.map((row) => ({ ...row, data: parse(row.data) }))));
	db.close();
});`;
		const n8nModules = path.join(path.dirname(this.launcher), 'node_modules');
		const output = await run(
			this.launcher,
			['--node', '-e', script, path.join(this.dataFolder, 'database.sqlite')],
			{
				env: { ...process.env, NODE_PATH: n8nModules },
				timeoutMs: COMMAND_TIMEOUT_MS,
			},
		);
		if (output.exitCode !== 0) throw new Error(`reading executions failed:\n${output.stderr}`);
		const rows = JSON.parse(output.stdout) as Array<{
			id: string | number;
			workflowId: string;
			status: string;
			mode: string;
			data: RunData['data'];
		}>;
		return rows.map((row) => ({
			id: String(row.id),
			workflowId: row.workflowId,
			status: row.status,
			mode: row.mode,
			result: new ExecutionResult(
				{ status: row.status, mode: row.mode, data: row.data },
				0,
				'',
				'',
			),
		}));
	}

	/** Stops every server still running and removes the user folder. */
	async dispose(): Promise<void> {
		await Promise.all([...this.servers].map(async (server) => await server.stop()));
		this.servers.clear();
		if (existsSync(this.userFolder)) rmSync(this.userFolder, { recursive: true, force: true });
	}
}
