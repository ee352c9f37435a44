import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import type { EmulatorOptions, EmulatorStats } from '../emulator';
import type { ClientStats, EmulatorAnswer } from './emulatorProcess';

export interface RemoteEmulatorStats extends EmulatorStats {
	/** Converse and ConverseStream requests, whatever their outcome. */
	converseRequests: number;
}

/** The emulator running in a child process: the same controls as `start()`, over IPC. */
export interface RemoteEmulator {
	url: string;
	configure(options: Partial<EmulatorOptions>): Promise<void>;
	stats(): Promise<RemoteEmulatorStats>;
	/** Converse requests by the SDK application ID of the client that sent them ('' for none). */
	clientStats(): Promise<Record<string, ClientStats>>;
	resetStats(): Promise<void>;
	/** When each stream's first text delta was written (epoch ms, sub-ms), oldest first; clears the list. */
	firstDeltaTimes(): Promise<number[]>;
	close(): Promise<void>;
}

export async function startRemoteEmulator(
	options: Partial<EmulatorOptions>,
): Promise<RemoteEmulator> {
	const child: ChildProcess = fork(join(__dirname, 'emulatorProcess.ts'), [], {
		execArgv: ['--import', 'tsx'],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
	let nextId = 1;
	child.on('message', (message: EmulatorAnswer) => {
		const waiter = pending.get(message.id);
		pending.delete(message.id);
		if (message.error !== undefined) waiter?.reject(new Error(`Emulator: ${message.error}`));
		else waiter?.resolve(message.result);
	});
	child.on('exit', (code) => {
		for (const waiter of pending.values()) {
			waiter.reject(new Error(`The emulator process exited (code ${code})`));
		}
		pending.clear();
	});
	const call = <T>(command: string, extra: object = {}): Promise<T> =>
		new Promise<T>((resolve, reject) => {
			const id = nextId++;
			pending.set(id, { resolve: (value) => resolve(value as T), reject });
			child.send({ id, command, ...extra });
		});

	const { url } = await call<{ url: string }>('start', { options });
	return {
		url,
		configure: (partial) => call('configure', { options: partial }),
		stats: () => call('stats'),
		clientStats: () => call('clientStats'),
		resetStats: () => call('resetStats'),
		firstDeltaTimes: () => call('firstDeltaTimes'),
		close: async () => {
			if (child.exitCode !== null) return;
			const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			await call('close').catch(() => undefined);
			await exited;
		},
	};
}
