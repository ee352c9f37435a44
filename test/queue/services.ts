/**
 * The servers n8n's queue mode needs, from Debian's packages (installed where missing by
 * scripts/e2e/install-queue-services.sh): Redis for the job queue and PostgreSQL 15 for the
 * database that the main and every worker share. Each instance listens on a free loopback port,
 * keeps its data in a temporary folder and is stopped, its folder removed, by `stop()`:
 *
 *   const redis = await startRedis();          // { host, port, stop() }
 *   const postgres = await startPostgres();    // { host, port, database, user, password, stop() }
 *
 * PostgreSQL refuses to run as root: as root, the server runs as Debian's `postgres` system user
 * (which the package creates) with its folder handed to that user.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { REPOSITORY_ROOT } from '../e2e/n8nApp';

const INSTALL_SCRIPT = path.join(REPOSITORY_ROOT, 'scripts', 'e2e', 'install-queue-services.sh');
const INSTALL_TIMEOUT_MS = 15 * 60_000;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

export interface RedisService {
	host: string;
	port: number;
	stop(): Promise<void>;
}

export interface PostgresService {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
	stop(): Promise<void>;
}

interface ServerBinaries {
	redisServer: string;
	/** The folder of PostgreSQL's server programs (postgres, initdb, psql). */
	postgresBinDir: string;
}

let binaries: Promise<ServerBinaries> | undefined;

async function execute(
	command: string,
	args: string[],
	options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs: number },
): Promise<{ stdout: string; stderr: string }> {
	return await new Promise((resolve, reject) => {
		execFile(
			command,
			args,
			{ env: options.env, cwd: options.cwd, timeout: options.timeoutMs, killSignal: 'SIGKILL' },
			(error, stdout, stderr) => {
				if (error) {
					reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
					return;
				}
				resolve({ stdout, stderr });
			},
		);
	});
}

/** Installs Redis and PostgreSQL where missing (once per process) and finds their programs. */
export async function installServers(): Promise<ServerBinaries> {
	binaries ??= execute('bash', [INSTALL_SCRIPT], { timeoutMs: INSTALL_TIMEOUT_MS }).then(
		({ stdout }) => {
			const [redisServer, postgres] = stdout.trim().split('\n').slice(-2);
			return { redisServer, postgresBinDir: path.dirname(postgres) };
		},
	);
	return await binaries;
}

export async function freePort(): Promise<number> {
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

/**
 * What to undo if the test process exits without stopping its servers (a crash, a timeout): each
 * entry kills a server and removes its folder, synchronously, as an exit handler must.
 */
const leftovers = new Set<() => void>();
process.once('exit', () => {
	for (const cleanUp of leftovers) cleanUp();
});

function cleanUpAtExit(server: () => ServerProcess | undefined, folder: string): () => void {
	const cleanUp = () => {
		server()?.killNow();
		rmSync(folder, { recursive: true, force: true });
	};
	leftovers.add(cleanUp);
	return () => leftovers.delete(cleanUp);
}

/** A server child process whose output is kept, with a graceful stop and SIGKILL behind it. */
class ServerProcess {
	private output = '';

	private readonly exited: Promise<void>;

	constructor(
		readonly name: string,
		private readonly child: ChildProcess,
	) {
		child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
		this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
	}

	get logs(): string {
		return this.output;
	}

	get running(): boolean {
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	async waitForLog(text: string): Promise<void> {
		const deadline = Date.now() + START_TIMEOUT_MS;
		while (Date.now() < deadline) {
			if (this.output.includes(text)) return;
			if (!this.running) break;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		throw new Error(`${this.name} did not start:\n${this.output.slice(-4000)}`);
	}

	killNow(): void {
		if (this.running) this.child.kill('SIGKILL');
	}

	async stop(signal: NodeJS.Signals): Promise<void> {
		if (!this.running) return;
		this.child.kill(signal);
		const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
		await this.exited;
		clearTimeout(timer);
	}
}

export async function startRedis(): Promise<RedisService> {
	const { redisServer } = await installServers();
	const folder = mkdtempSync(path.join(tmpdir(), 'n8n-queue-redis-'));
	const port = await freePort();
	const server = new ServerProcess(
		'redis-server',
		spawn(
			redisServer,
			[
				'--port',
				String(port),
				'--bind',
				'127.0.0.1',
				'--dir',
				folder,
				// Nothing is persisted: the queue lives as long as the test.
				'--save',
				'',
				'--appendonly',
				'no',
				'--daemonize',
				'no',
			],
			{ cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] },
		),
	);
	const forget = cleanUpAtExit(() => server, folder);
	const stop = async () => {
		await server.stop('SIGTERM');
		rmSync(folder, { recursive: true, force: true });
		forget();
	};
	try {
		await server.waitForLog('Ready to accept connections');
	} catch (error) {
		await stop();
		throw error;
	}
	return { host: '127.0.0.1', port, stop };
}

/** Who the PostgreSQL server runs as: the current user, or as root Debian's `postgres` user. */
function postgresUser(): { uid: number; gid: number; name: string } | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const entry = userInfoOf('postgres');
	if (!entry) {
		throw new Error(
			'PostgreSQL does not run as root and the `postgres` user (created by Debian’s postgresql package) is missing.',
		);
	}
	return entry;
}

function userInfoOf(name: string): { uid: number; gid: number; name: string } | undefined {
	try {
		const uid = Number(execFileSync('id', ['-u', name]).toString().trim());
		const gid = Number(execFileSync('id', ['-g', name]).toString().trim());
		return { uid, gid, name };
	} catch {
		return undefined;
	}
}

/** The command line that runs `program` as `user` (setpriv execs it: signals reach it directly). */
function asUser(
	user: { name: string } | undefined,
	program: string,
	args: string[],
): [string, string[]] {
	if (!user) return [program, args];
	return [
		'setpriv',
		[`--reuid=${user.name}`, `--regid=${user.name}`, '--init-groups', '--', program, ...args],
	];
}

export async function startPostgres(): Promise<PostgresService> {
	const { postgresBinDir } = await installServers();
	const user = postgresUser();
	const folder = mkdtempSync(path.join(tmpdir(), 'n8n-queue-postgres-'));
	const dataDir = path.join(folder, 'data');
	const superuserPassword = 'postgres-e2e';
	const service = {
		host: '127.0.0.1',
		port: await freePort(),
		database: 'n8n',
		user: 'n8n',
		password: 'n8n-e2e-password',
	};
	const passwordFile = path.join(folder, 'superuser-password');
	writeFileSync(passwordFile, superuserPassword);
	if (user) {
		chownSync(folder, user.uid, user.gid);
		chownSync(passwordFile, user.uid, user.gid);
	}
	chmodSync(folder, 0o700);
	const env = { ...process.env, LC_ALL: 'C', PGPASSWORD: superuserPassword };
	let server: ServerProcess | undefined;
	const forget = cleanUpAtExit(() => server, folder);
	const stop = async () => {
		// SIGINT: PostgreSQL's fast shutdown (clients are disconnected, no waiting for them).
		await server?.stop('SIGINT');
		rmSync(folder, { recursive: true, force: true });
		forget();
	};
	try {
		const [initdb, initdbArgs] = asUser(user, path.join(postgresBinDir, 'initdb'), [
			'-D',
			dataDir,
			'-U',
			'postgres',
			'--auth=scram-sha-256',
			`--pwfile=${passwordFile}`,
			'-E',
			'UTF8',
			'--no-locale',
			'--no-sync',
		]);
		await execute(initdb, initdbArgs, { env, cwd: folder, timeoutMs: START_TIMEOUT_MS });
		const [postgres, postgresArgs] = asUser(user, path.join(postgresBinDir, 'postgres'), [
			'-D',
			dataDir,
			'-p',
			String(service.port),
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			`unix_socket_directories=${folder}`,
			// A test database: durability is not what is tested.
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
			'-c',
			'max_connections=200',
		]);
		server = new ServerProcess(
			'postgres',
			spawn(postgres, postgresArgs, { env, cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] }),
		);
		await server.waitForLog('database system is ready to accept connections');
		await execute(
			path.join(postgresBinDir, 'psql'),
			[
				'-h',
				service.host,
				'-p',
				String(service.port),
				'-U',
				'postgres',
				'-d',
				'postgres',
				'-v',
				'ON_ERROR_STOP=1',
				'-c',
				`CREATE ROLE ${service.user} LOGIN PASSWORD '${service.password}'`,
				'-c',
				`CREATE DATABASE ${service.database} OWNER ${service.user}`,
			],
			{ env, timeoutMs: START_TIMEOUT_MS },
		);
	} catch (error) {
		await stop();
		throw error;
	}
	return { ...service, stop };
}
