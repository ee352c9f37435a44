import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
	method: string;
	path: string;
	httpVersion: string;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

export interface RecordingServer {
	url: string;
	requests: RecordedRequest[];
	close(): Promise<void>;
}

/**
 * A cleartext HTTP/2 server (HTTP/1.1 allowed) on 127.0.0.1 that records each request and answers
 * with `respond`'s status and JSON body.
 */
export async function startRecordingServer(
	respond: (request: RecordedRequest) => {
		status: number;
		body: unknown;
		headers?: Record<string, string>;
	} = () => ({
		status: 200,
		body: {},
	}),
): Promise<RecordingServer> {
	const requests: RecordedRequest[] = [];
	const handle = (
		req: http2.Http2ServerRequest | http.IncomingMessage,
		res: http2.Http2ServerResponse | http.ServerResponse,
	) => {
		const parts: Buffer[] = [];
		req.on('data', (part: Buffer) => parts.push(part));
		req.on('end', () => {
			const request: RecordedRequest = {
				method: req.method ?? '',
				path: req.url ?? '',
				httpVersion: req.httpVersion,
				headers: req.headers,
				body: Buffer.concat(parts).toString('utf8'),
			};
			requests.push(request);
			const answer = respond(request);
			res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
			res.end(JSON.stringify(answer.body));
		});
	};
	// Cleartext HTTP/2 (prior knowledge, as the SDK speaks it) and HTTP/1.1 on one port: the first
	// bytes of a connection tell which.
	const h2 = http2.createServer(handle);
	const h1 = http.createServer(handle);
	const sockets = new Set<net.Socket>();
	const server = net.createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.once('data', (first: Buffer) => {
			socket.pause();
			socket.unshift(first);
			const target = first.subarray(0, 3).toString('latin1') === 'PRI' ? h2 : h1;
			target.emit('connection', socket);
			process.nextTick(() => socket.resume());
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
