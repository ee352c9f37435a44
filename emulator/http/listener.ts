/**
 * One TCP port that speaks cleartext HTTP/2 (the AWS SDK's default handler) and HTTP/1.1.
 */
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

import type { ExchangeHandler } from './exchange';
import { exchangeOf } from './exchange';

export class Listener {
	private readonly h2 = http2.createServer();
	private readonly h1 = http.createServer();
	private readonly front: net.Server;
	private readonly sockets = new Set<net.Socket>();
	private readonly sessions = new Set<http2.ServerHttp2Session>();
	/** TCP connections accepted since start: one per HTTP/2 session, one per HTTP/1.1 socket. */
	connectionsAccepted = 0;

	constructor(handler: ExchangeHandler) {
		const handle = (
			req: http.IncomingMessage | http2.Http2ServerRequest,
			res: http.ServerResponse | http2.Http2ServerResponse,
		) => void handler(exchangeOf(req, res));
		this.h2.on('request', handle);
		this.h1.on('request', handle);
		this.h2.on('session', (session) => {
			this.sessions.add(session);
			session.on('close', () => this.sessions.delete(session));
		});
		// Node 20's cleartext http2 server does not fall back to HTTP/1.1 (`allowHTTP1` only takes effect
		// with TLS ALPN there; a plain HTTP/1.1 request gets a parse error), so one listener looks at the first bytes: the HTTP/2 client preface
		// starts with "PRI * HTTP/2.0"; anything else is HTTP/1.1.
		this.front = net.createServer((socket) => {
			this.connectionsAccepted++;
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
			socket.once('data', (first: Buffer) => {
				socket.pause();
				socket.unshift(first);
				const target = first.subarray(0, 3).toString('latin1') === 'PRI' ? this.h2 : this.h1;
				target.emit('connection', socket);
				process.nextTick(() => socket.resume());
			});
		});
	}

	/** Resolves with the bound port. */
	async listen(port: number, host: string): Promise<number> {
		await new Promise<void>((resolve, reject) => {
			this.front.once('error', reject);
			this.front.listen(port, host, () => resolve());
		});
		return (this.front.address() as AddressInfo).port;
	}

	async close(): Promise<void> {
		for (const session of this.sessions) session.destroy();
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => this.front.close(() => resolve()));
	}
}
