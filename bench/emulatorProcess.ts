/**
 * The emulator in a process of its own, driven over IPC by remoteEmulator.ts, so that its CPU time and
 * memory stay out of the figures measured in the benchmark's process.
 */
import http2 from 'node:http2';

import { start } from '../emulator';
import type { EmulatorOptions, RunningEmulator } from '../emulator';
import { wallClock } from './measure';

export type EmulatorCommand =
	| { id: number; command: 'start'; options: Partial<EmulatorOptions> }
	| { id: number; command: 'configure'; options: Partial<EmulatorOptions> }
	| { id: number; command: 'stats' }
	| { id: number; command: 'clientStats' }
	| { id: number; command: 'resetStats' }
	| { id: number; command: 'firstDeltaTimes' }
	| { id: number; command: 'close' };

export type EmulatorAnswer = { id: number; result?: unknown; error?: string };

// When each stream's first text delta frame is handed to HTTP/2: the reference for the node's time to
// first forwarded delta. The emulator writes event-stream frames with Http2ServerResponse.write.
const firstDeltaTimes: number[] = [];
const recorded = new WeakSet<object>();
const DELTA_EVENT = Buffer.from('contentBlockDelta');
const originalWrite = http2.Http2ServerResponse.prototype.write;
http2.Http2ServerResponse.prototype.write = function (
	this: http2.Http2ServerResponse,
	...args: Parameters<typeof originalWrite>
) {
	const [chunk] = args;
	if (
		!recorded.has(this) &&
		chunk instanceof Uint8Array &&
		Buffer.from(chunk).includes(DELTA_EVENT)
	) {
		recorded.add(this);
		firstDeltaTimes.push(wallClock());
	}
	return originalWrite.apply(this, args);
} as typeof originalWrite;

// The emulator pads a reply to `streamReplyBytes` by appending filler and calling Buffer.byteLength
// on the growing string each time, which flattens it: quadratic, about 290 s for 5 MB. The bench's
// prompts and the filler are ASCII, where the UTF-8 byte length is the string length, so long
// strings are measured by their length here.
const LONG_STRING = 100_000;
const originalByteLength = Buffer.byteLength;
Buffer.byteLength = ((
	value: Parameters<typeof originalByteLength>[0],
	encoding?: BufferEncoding,
) =>
	typeof value === 'string' && value.length > LONG_STRING
		? value.length
		: originalByteLength(value, encoding)) as typeof Buffer.byteLength;

/** Converse and ConverseStream requests of one client (its SDK application ID; '' for none). */
export interface ClientStats {
	requests: number;
	/** Admitted by the quota (an injected fault may still have failed them). */
	accepted: number;
	quotaThrottled: number;
	/** Answered 200 without an injected fault refusing them first. */
	answered: number;
}

let emulator: RunningEmulator | undefined;

function clientStats(): Record<string, ClientStats> {
	const byClient: Record<string, ClientStats> = {};
	for (const request of running().requests) {
		if (!request.operation.startsWith('Converse')) continue;
		const stats = (byClient[request.appId ?? ''] ??= {
			requests: 0,
			accepted: 0,
			quotaThrottled: 0,
			answered: 0,
		});
		stats.requests++;
		if (request.refusedBy === 'quota') stats.quotaThrottled++;
		else stats.accepted++;
		if (request.status === 200 && request.refusedBy === undefined) stats.answered++;
	}
	return byClient;
}

function running(): RunningEmulator {
	if (!emulator) throw new Error('The emulator has not been started');
	return emulator;
}

async function answer(message: EmulatorCommand): Promise<unknown> {
	switch (message.command) {
		case 'start':
			emulator = await start(message.options);
			return { url: emulator.url };
		case 'configure':
			running().configure(message.options);
			return null;
		case 'stats': {
			const stats = running().stats();
			const converseRequests = running().requests.filter((request) =>
				request.operation.startsWith('Converse'),
			).length;
			return { ...stats, converseRequests };
		}
		case 'clientStats':
			return clientStats();
		case 'resetStats':
			running().resetStats();
			firstDeltaTimes.length = 0;
			return null;
		case 'firstDeltaTimes':
			return firstDeltaTimes.splice(0);
		case 'close':
			await emulator?.close();
			setImmediate(() => process.exit(0));
			return null;
	}
}

process.on('message', (message: EmulatorCommand) => {
	answer(message).then(
		(result) => process.send?.({ id: message.id, result } satisfies EmulatorAnswer),
		(error: unknown) =>
			process.send?.({
				id: message.id,
				error: error instanceof Error ? error.message : String(error),
			} satisfies EmulatorAnswer),
	);
});
process.on('disconnect', () => process.exit(0));
