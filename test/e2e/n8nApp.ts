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
 * Queue mode: instances given the same `postgres` database and `queue` (Redis) form one n8n; each
 * keeps its own user folder (settings, community packages), as separate machines would:
 *
 *   const main = await N8nApp.create({ postgres, queue });
 *   const worker = await N8nApp.create({ postgres, queue });
 *   await main.importWorkflows([...]);                   // into the shared database
 *   const server = await main.startServer();             // `n8n start`: webhooks, enqueues executions
 *   const process = await worker.startWorker();          // `n8n worker`: runs them
 *   process.startedExecutions();                         // the execution IDs it took, from its log
 *
 * Every instance has its own user folder (database, settings, community packages) under the system
 * temp directory, listens on 127.0.0.1 only and has telemetry, version checks, templates and other
 * outbound calls switched off. Every n8n process runs in a process group of its own, so that stopping
 * it also ends what it started (its task runner).
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
	/** The execution this one retried. */
	retryOf?: string;
	result: ExecutionResult;
}

/** A PostgreSQL database (DB_TYPE=postgresdb), which several instances can share. */
export interface PostgresConnection {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
}

/** The Redis server of queue mode (EXECUTIONS_MODE=queue, QUEUE_BULL_REDIS_*). */
export interface RedisConnection {
	host: string;
	port: number;
}

export interface N8nAppOptions {
	n8nVersion?: string;
	/** The database: by default n8n's sqlite in the user folder. */
	postgres?: PostgresConnection;
	/** Queue mode: `n8n start` enqueues production executions in this Redis, `n8n worker`s run them. */
	queue?: RedisConnection;
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

/** Ports handed out in this process: the OS may give the same free port twice in a row. */
const handedOutPorts = new Set<number>();

async function freePort(): Promise<number> {
	for (;;) {
		const port = await osFreePort();
		if (!handedOutPorts.has(port)) {
			handedOutPorts.add(port);
			return port;
		}
	}
}

async function osFreePort(): Promise<number> {
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

/**
 * Running n8n processes and user folders not yet disposed of: a test process that exits without
 * disposing (a crash, a timeout) ends those processes and removes those folders on its way out.
 */
const runningProcesses = new Set<N8nProcess>();
const undisposedFolders = new Set<string>();

// community-packages.service.js of n8n 2.41.1 and 1.123.81, downloadPackage().
export const N8N_NPM_INSTALL_FLAGS = [
	'--audit=false',
	'--fund=false',
	'--bin-links=false',
	'--install-strategy=shallow',
	'--ignore-scripts=true',
	'--package-lock=false',
];

const tarballs = new Map<string, string>();

/** `npm pack` of the package (its dist/ as built), once per test process. */
export function packedTarball(packageDir: string): string {
	const cached = tarballs.get(packageDir);
	if (cached) return cached;
	const destination = mkdtempSync(path.join(tmpdir(), 'n8n-e2e-pack-'));
	undisposedFolders.add(destination);
	const output = execFileSync(
		'npm',
		['pack', '--ignore-scripts', '--silent', '--pack-destination', destination],
		{ cwd: packageDir, encoding: 'utf8' },
	);
	const tarball = path.join(destination, output.trim().split('\n').pop() ?? '');
	tarballs.set(packageDir, tarball);
	return tarball;
}
process.once('exit', () => {
	for (const running of runningProcesses) running.killGroup();
	for (const folder of undisposedFolders) rmSync(folder, { recursive: true, force: true });
});

/** An n8n process (`n8n start`, `n8n worker`) with its output kept. */
export class N8nProcess {
	private readonly exited: Promise<void>;

	constructor(
		protected readonly child: ChildProcess,
		readonly logs: () => string,
	) {
		runningProcesses.add(this);
		this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	get running(): boolean {
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	/** How the process ended: its exit code or the signal that ended it. */
	get exit(): { code: number | null; signal: NodeJS.Signals | null } {
		return { code: this.child.exitCode, signal: this.child.signalCode };
	}

	/** SIGTERM (n8n shuts down gracefully: active executions finish, the database closes), then SIGKILL. */
	async stop(): Promise<void> {
		if (this.running) {
			this.child.kill('SIGTERM');
			const timer = setTimeout(() => this.child.kill('SIGKILL'), SERVER_STOP_TIMEOUT_MS);
			await this.exited;
			clearTimeout(timer);
		}
		this.killGroup();
	}

	/** Sends `signal` to the n8n process alone (SIGKILL: as a machine that dies), and waits for its end. */
	async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
		if (!this.running) return;
		this.child.kill(signal);
		await this.exited;
	}

	/** Ends whatever is left of the process group (a task runner whose n8n was killed). */
	killGroup(): void {
		runningProcesses.delete(this);
		if (this.child.pid === undefined) return;
		try {
			process.kill(-this.child.pid, 'SIGKILL');
		} catch {
			// The group is gone already.
		}
	}
}

export class N8nServer extends N8nProcess {
	constructor(
		child: ChildProcess,
		readonly port: number,
		logs: () => string,
	) {
		super(child, logs);
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

	/** Sets up the instance's owner (a new instance has none) and returns a REST client signed in as that user. */
	async setupOwner(): Promise<RestClient> {
		const browserId = 'n8n-nodes-bedrock-e2e';
		const response = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': browserId },
			body: JSON.stringify({
				email: 'owner@example.com',
				firstName: 'E2e',
				lastName: 'Owner',
				password: 'E2e-owner-password-1',
			}),
		});
		const body = await response.text();
		const cookie = response.headers
			.getSetCookie()
			.map((entry) => entry.split(';')[0])
			.find((entry) => entry.startsWith('n8n-auth='));
		if (!response.ok || !cookie) {
			throw new Error(`Owner set-up failed (${response.status}): ${body.slice(0, 2000)}`);
		}
		return new RestClient(this.baseUrl, cookie, browserId);
	}
}

export interface RestResponse {
	status: number;
	body: unknown;
}

/** A signed-in user of n8n's own REST API (/rest), as the editor talks to it. */
export class RestClient {
	constructor(
		private readonly baseUrl: string,
		private readonly cookie: string,
		private readonly browserId: string,
	) {}

	async request(method: string, restPath: string, body?: unknown): Promise<RestResponse> {
		const response = await fetch(`${this.baseUrl}/rest/${restPath.replace(/^\//, '')}`, {
			method,
			headers: {
				'content-type': 'application/json',
				cookie: this.cookie,
				'browser-id': this.browserId,
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// Not JSON: kept as text.
		}
		return { status: response.status, body: parsed };
	}
}

/** `n8n worker`: takes executions from the queue. */
export class N8nWorker extends N8nProcess {
	constructor(
		child: ChildProcess,
		/** The port of its health endpoints (/healthz, /healthz/readiness). */
		readonly healthPort: number,
		logs: () => string,
	) {
		super(child, logs);
	}

	/** The executions this worker started, from its log ("Worker started execution 12 (job 3)"). */
	startedExecutions(): string[] {
		return this.loggedExecutions(/Worker started execution (\d+) \(job/g);
	}

	/** The executions this worker finished, from its log ("Worker finished execution 12 (job 3)"). */
	finishedExecutions(): string[] {
		return this.loggedExecutions(/Worker finished execution (\d+) \(job/g);
	}

	private loggedExecutions(pattern: RegExp): string[] {
		return [...new Set([...this.logs().matchAll(pattern)].map((match) => match[1]))];
	}
}

export class N8nApp {
	private readonly processes = new Set<N8nProcess>();

	private constructor(
		readonly version: string,
		readonly launcher: string,
		readonly userFolder: string,
		private readonly options: N8nAppOptions,
	) {}

	static async create(options: N8nAppOptions = {}): Promise<N8nApp> {
		const version = options.n8nVersion ?? DEFAULT_N8N_VERSION;
		const launcher = await installN8n(version);
		const userFolder = mkdtempSync(path.join(tmpdir(), `n8n-e2e-${version}-`));
		undisposedFolders.add(userFolder);
		const app = new N8nApp(version, launcher, userFolder, options);
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
	 * Installs the package the way n8n installs a community package from the registry: the tarball
	 * of `npm pack` unpacked into `.n8n/nodes/node_modules/<name>` (scanned for `n8n-nodes-*` at
	 * start-up, 1.x and 2.x alike), its dev, peer and optional dependencies dropped from its
	 * package.json and `npm install` run there with n8n's flags (CommunityPackagesService's
	 * downloadPackage of n8n 1.123 and 2.41 alike, after its `npm pack <name>@<version>` from the
	 * registry: a registry other than npm's public one needs an n8n Enterprise licence, so the tests
	 * hand n8n's steps the tarball). The peer dependency `n8n-workflow` is not installed, so the node
	 * gets n8n's own copy.
	 */
	installPackage(packageDir: string): void {
		const tarball = packedTarball(packageDir);
		const packageJson = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
			name: string;
			version: string;
		};
		const nodesFolder = path.join(this.dataFolder, 'nodes');
		const target = path.join(nodesFolder, 'node_modules', packageJson.name);
		rmSync(target, { recursive: true, force: true });
		mkdirSync(target, { recursive: true });
		execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
		const manifestPath = path.join(target, 'package.json');
		const installed = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
		for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies']) {
			delete installed[field];
		}
		writeFileSync(manifestPath, JSON.stringify(installed, null, 2));
		// `--offline`: the package has no dependencies, so the install needs no registry.
		execFileSync('npm', ['install', ...N8N_NPM_INSTALL_FLAGS, '--offline'], {
			cwd: target,
			stdio: 'pipe',
		});
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
			...this.databaseEnv(),
			...this.queueEnv(),
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
			...this.options.env,
			...overrides,
		};
	}

	private databaseEnv(): Record<string, string> {
		const postgres = this.options.postgres;
		if (!postgres) return { DB_TYPE: 'sqlite' };
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: postgres.host,
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: postgres.password,
		};
	}

	private queueEnv(): Record<string, string> {
		const queue = this.options.queue;
		if (!queue) return {};
		return {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: queue.host,
			QUEUE_BULL_REDIS_PORT: String(queue.port),
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

	/** Spawns an n8n command in a process group of its own, its output kept. */
	private spawnN8n(
		args: string[],
		env: NodeJS.ProcessEnv,
	): { child: ChildProcess; logs: () => string } {
		const child = spawn(this.launcher, args, {
			env,
			cwd: this.userFolder,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		let logs = '';
		child.stdout?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
		return { child, logs: () => logs };
	}

	/** Polls until `ready` holds; stops the process and throws when it exits or time runs out. */
	private async waitUntilReady(
		started: N8nProcess,
		command: string,
		ready: () => Promise<boolean>,
	): Promise<void> {
		const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
		while (Date.now() < deadline) {
			if (!started.running) {
				await started.stop();
				throw new Error(
					`n8n ${command} exited with ${JSON.stringify(started.exit)}:\n${started.logs().slice(-4000)}`,
				);
			}
			if (await ready()) return;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		await started.stop();
		throw new Error(
			`n8n ${command} did not become ready in ${SERVER_START_TIMEOUT_MS} ms:\n${started.logs().slice(-4000)}`,
		);
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
		const { child, logs } = this.spawnN8n(['start'], env);
		const server = new N8nServer(child, port, logs);
		this.processes.add(server);
		// The editor URL is logged after the active workflows are activated.
		await this.waitUntilReady(
			server,
			'start',
			async () =>
				logs().includes('Editor is now accessible via') &&
				(await this.answers(`${server.baseUrl}/healthz`)),
		);
		return server;
	}

	/**
	 * `n8n worker --concurrency=N` (queue mode): resolves once it logged that it is ready and its
	 * readiness endpoint (database and Redis connected) answers.
	 */
	async startWorker(
		options: { concurrency?: number; env?: Record<string, string> } = {},
	): Promise<N8nWorker> {
		const healthPort = await freePort();
		const env = this.env({
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			...options.env,
		});
		const args = ['worker', `--concurrency=${options.concurrency ?? 10}`];
		const { child, logs } = this.spawnN8n(args, env);
		const worker = new N8nWorker(child, healthPort, logs);
		this.processes.add(worker);
		await this.waitUntilReady(
			worker,
			'worker',
			async () =>
				logs().includes('n8n worker is now ready') &&
				(await this.answers(`http://127.0.0.1:${healthPort}/healthz/readiness`)),
		);
		return worker;
	}

	private async answers(url: string): Promise<boolean> {
		try {
			const response = await fetch(url);
			await response.arrayBuffer();
			return response.ok;
		} catch {
			return false;
		}
	}

	/**
	 * Every stored execution, oldest first, with its run data, read from the database (sqlite, or the
	 * PostgreSQL one) with n8n's own drivers and flatted (the format n8n stores run data in).
	 */
	async executions(): Promise<StoredExecution[]> {
		const sqliteScript = `
const sqlite3 = require('sqlite3');
const { parse } = require('flatted');
const db = new sqlite3.Database(process.argv[1], sqlite3.OPEN_READONLY);
db.all('SELECT e.id, e.workflowId, e.status, e.mode, e.retryOf, d.data FROM execution_entity e JOIN execution_data d ON d.executionId = e.id ORDER BY e.id', (error, rows) => {
	if (error) { console.error(error.message); process.exit(1); }
	process.stdout.write(JSON.stringify(rows.map((row) => ({ ...row, data: parse(row.data) }))));
	db.close();
});`;
		const postgresScript = `
const { Client } = require('pg');
const { parse } = require('flatted');
const client = new Client(JSON.parse(process.argv[1]));
client.connect()
	.then(() => client.query('SELECT e.id, e."workflowId", e.status, e.mode, e."retryOf", d.data FROM execution_entity e JOIN execution_data d ON d."executionId" = e.id ORDER BY e.id'))
	.then(({ rows }) => {
		process.stdout.write(JSON.stringify(rows.map((row) => ({ ...row, data: parse(row.data) }))));
		return client.end();
	})
	.catch((error) => { console.error(error.message); process.exit(1); });`;
		const postgres = this.options.postgres;
		const args = postgres
			? ['--node', '-e', postgresScript, JSON.stringify(postgres)]
			: ['--node', '-e', sqliteScript, path.join(this.dataFolder, 'database.sqlite')];
		const n8nModules = path.join(path.dirname(this.launcher), 'node_modules');
		const output = await run(this.launcher, args, {
			env: { ...process.env, NODE_PATH: n8nModules },
			timeoutMs: COMMAND_TIMEOUT_MS,
		});
		if (output.exitCode !== 0) throw new Error(`reading executions failed:\n${output.stderr}`);
		const rows = JSON.parse(output.stdout) as Array<{
			id: string | number;
			workflowId: string;
			status: string;
			mode: string;
			retryOf: string | number | null;
			data: RunData['data'];
		}>;
		return rows.map((row) => ({
			id: String(row.id),
			workflowId: row.workflowId,
			status: row.status,
			mode: row.mode,
			retryOf: row.retryOf === null ? undefined : String(row.retryOf),
			result: new ExecutionResult(
				{ status: row.status, mode: row.mode, data: row.data },
				0,
				'',
				'',
			),
		}));
	}

	/** Stops every n8n process still running and removes the user folder. */
	async dispose(): Promise<void> {
		await Promise.all([...this.processes].map(async (started) => await started.stop()));
		this.processes.clear();
		if (existsSync(this.userFolder)) rmSync(this.userFolder, { recursive: true, force: true });
		undisposedFolders.delete(this.userFolder);
	}
}
