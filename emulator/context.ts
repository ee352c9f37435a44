/**
 * What an operation handler gets: the request (method, path parameters, query, headers, body), the
 * emulator's state and policies, and the ways to answer (JSON, raw bytes, an event stream, or the
 * raw reply). Errors are answered by throwing: a BedrockError (or an EmulatorValidationError from a
 * request parser) becomes Bedrock's JSON error response.
 */
import type { IncomingHttpHeaders } from 'node:http';

import type { BedrockError } from './errors';
import type { SigningRules } from './http/auth';
import type { Reply } from './http/exchange';
import { parseJson } from './http/json';
import type { Headers } from './http/responses';
import { sendBytes, sendEventStream, sendJson } from './http/responses';
import type { LatencyOption, RecordedRequest } from './options';
import { delay } from './policy/latency';
import { streamFailureFrame } from './policy/faults';
import type { EmulatorState } from './state';

export interface RequestContext {
	/** The operation's name (as the SDK's command is named). */
	readonly operation: string;
	readonly method: string;
	/** The path as received, still percent-encoded, without the query. */
	readonly rawPath: string;
	/** The route's path parameters, percent-decoded: `{ modelId }` for `/model/{modelId}/converse`. */
	readonly params: Readonly<Record<string, string>>;
	readonly query: URLSearchParams;
	readonly headers: IncomingHttpHeaders;
	/** The raw request body. */
	readonly body: Buffer;
	/** The body parsed as JSON (`{}` when empty); a malformed body throws Bedrock's ValidationException. */
	json(): unknown;
	readonly requestId: string;
	/** This request's entry in the request log (`RunningEmulator.requests`). */
	readonly record: RecordedRequest;
	/** Options, the seeded PRNG, stats, quotas and the prompt cache (see policy/). */
	readonly state: EmulatorState;
	/** The raw response, for answers none of the helpers below give. */
	readonly reply: Reply;
	/** Waits for a configured latency (fixed, or a range drawn from the seeded PRNG). */
	delay(latency: LatencyOption): Promise<void>;
	/** 200 with a JSON body (nothing when the client has gone). */
	sendJson(body: unknown, headers?: Headers): void;
	/** Any status with a raw body (set `content-type` in headers). */
	sendBytes(status: number, body: string | Uint8Array, headers?: Headers): void;
	/**
	 * 200 with an event stream: each frame is built when its turn comes, `chunkDelayMs` apart. When
	 * `fails`, half the frames are sent, then a modelStreamErrorException (the `streamFailure` fault).
	 */
	sendEvents(frames: Array<() => Uint8Array>, options: EventsOptions): Promise<void>;
}

export interface EventsOptions {
	chunkDelayMs: LatencyOption;
	fails: boolean;
	headers?: Headers;
}

/** One API operation: what a route points at. */
export interface Operation {
	/** As the SDK's command is named, without `Command`: recorded and counted in stats.byOperation. */
	name: string;
	handle(context: RequestContext): Promise<void> | void;
	/** How its requests are signed, where that differs from Bedrock (S3: `{ uriEscapePath: false }`). */
	signing?: SigningRules;
	/**
	 * false where bodies are data rather than requests (S3 uploads: megabytes of JSONL): the request
	 * log then keeps no copy of them. Default true.
	 */
	recordBody?: boolean;
	/** Writes its errors in its API's shape (S3 answers XML); Bedrock's JSON error otherwise. */
	sendError?(reply: Reply, error: BedrockError, requestId: string): void;
}

export interface ContextInput {
	operation: string;
	method: string;
	rawPath: string;
	params: Record<string, string>;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	body: Buffer;
	requestId: string;
	record: RecordedRequest;
	state: EmulatorState;
	reply: Reply;
}

export function createContext(input: ContextInput): RequestContext {
	const { reply, requestId, record, state } = input;
	let parsed: { value: unknown } | undefined;
	return {
		...input,
		json: () => (parsed ??= { value: parseJson(input.body) }).value,
		delay: (latency) => delay(latency, state.random),
		sendJson: (body, headers) => {
			record.status = 200;
			sendJson(reply, body, requestId, headers);
		},
		sendBytes: (status, body, headers) => {
			record.status = status;
			sendBytes(reply, status, body, requestId, headers);
		},
		sendEvents: async (frames, options) => {
			record.status = 200;
			await sendEventStream(reply, frames, requestId, {
				headers: options.headers,
				pause: () => delay(options.chunkDelayMs, state.random),
				failure: options.fails ? streamFailureFrame : undefined,
			});
		},
	};
}
