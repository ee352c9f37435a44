/**
 * One request and its response, the same for HTTP/1.1 and HTTP/2: what the rest of the emulator
 * sees of node's http and http2 modules.
 */
import type http from 'node:http';
import http2 from 'node:http2';
import type { IncomingHttpHeaders } from 'node:http';

/** The response side of HTTP/1.1 and HTTP/2 alike. */
export interface Reply {
	writeHead(status: number, headers: Record<string, string>): void;
	/** Resolves once the chunk is written or buffered (waits for `drain` under back-pressure). */
	write(chunk: Uint8Array): Promise<void>;
	end(body?: string | Uint8Array): void;
	/** Ends the exchange without a response, as a dropped connection does. */
	drop(): void;
	/** Whether the client has gone (cancelled, timed out, or the response ended). */
	readonly closed: boolean;
}

export interface Exchange {
	method: string;
	/** The request target as received: percent-encoded path and query. */
	url: string;
	headers: IncomingHttpHeaders;
	httpVersion: string;
	readBody(): Promise<Buffer>;
	reply: Reply;
}

export type ExchangeHandler = (exchange: Exchange) => Promise<void>;

export function exchangeOf(
	req: http.IncomingMessage | http2.Http2ServerRequest,
	res: http.ServerResponse | http2.Http2ServerResponse,
): Exchange {
	return {
		method: req.method ?? '',
		url: req.url ?? '',
		headers: req.headers,
		httpVersion: req.httpVersion,
		readBody: () => readBody(req),
		reply: replyFor(req, res),
	};
}

function replyFor(
	req: http.IncomingMessage | http2.Http2ServerRequest,
	res: http.ServerResponse | http2.Http2ServerResponse,
): Reply {
	let closed = false;
	res.on('close', () => (closed = true));
	const writable = res as unknown as NodeJS.WritableStream & {
		writeHead(status: number, headers: Record<string, string>): void;
	};
	return {
		writeHead: (status, headers) => writable.writeHead(status, headers),
		write: (chunk) =>
			new Promise<void>((resolve) => {
				if (closed || writable.write(chunk)) resolve();
				else writable.once('drain', () => resolve());
			}),
		end: (body) => (body === undefined ? writable.end() : writable.end(body)),
		drop: () => {
			if (res instanceof http2.Http2ServerResponse) {
				res.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
			} else {
				req.socket.destroy();
			}
		},
		get closed() {
			return closed;
		},
	};
}

function readBody(req: http.IncomingMessage | http2.Http2ServerRequest): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const parts: Buffer[] = [];
		req.on('data', (part: Buffer) => parts.push(part));
		req.on('end', () => resolve(Buffer.concat(parts)));
		req.on('error', reject);
	});
}
