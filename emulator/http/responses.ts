/**
 * Bedrock's response shapes on the wire: a JSON body, a JSON error with `x-amzn-ErrorType`, and an
 * `application/vnd.amazon.eventstream` body of frames. Every response carries `x-amzn-RequestId`.
 */
import type { BedrockError } from '../errors';
import { EVENT_STREAM_CONTENT_TYPE } from './eventStream';
import type { Reply } from './exchange';

export type Headers = Record<string, string>;

export function sendJson(
	reply: Reply,
	body: unknown,
	requestId: string,
	headers: Headers = {},
): void {
	// The client may have gone (cancelled, timed out) while the reply was being delayed.
	if (reply.closed) return;
	reply.writeHead(200, {
		'content-type': 'application/json',
		'x-amzn-requestid': requestId,
		...headers,
	});
	reply.end(JSON.stringify(body));
}

export function sendBytes(
	reply: Reply,
	status: number,
	body: string | Uint8Array,
	requestId: string,
	headers: Headers = {},
): void {
	if (reply.closed) return;
	reply.writeHead(status, { 'x-amzn-requestid': requestId, ...headers });
	reply.end(body);
}

export function sendError(reply: Reply, error: BedrockError, requestId: string): void {
	if (reply.closed) return;
	reply.writeHead(error.status, {
		'content-type': 'application/json',
		'x-amzn-errortype': error.errorType,
		'x-amzn-requestid': requestId,
	});
	reply.end(JSON.stringify({ message: error.message }));
}

export interface EventStreamOptions {
	headers?: Headers;
	/** Awaited between two frames (the configured chunk delay). */
	pause(): Promise<void>;
	/** When set, the stream sends half of its frames (at least one), then this frame, and ends. */
	failure?: () => Uint8Array;
}

/** Sends event-stream frames, each built when its turn comes; stops when the client has gone. */
export async function sendEventStream(
	reply: Reply,
	frames: Array<() => Uint8Array>,
	requestId: string,
	options: EventStreamOptions,
): Promise<void> {
	reply.writeHead(200, {
		'content-type': EVENT_STREAM_CONTENT_TYPE,
		'x-amzn-requestid': requestId,
		...options.headers,
	});
	const count = options.failure ? Math.max(1, Math.floor(frames.length / 2)) : frames.length;
	for (let index = 0; index < count; index++) {
		if (reply.closed) return;
		if (index > 0) await options.pause();
		await reply.write(frames[index]());
	}
	if (options.failure) await reply.write(options.failure());
	reply.end();
}
