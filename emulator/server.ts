/**
 * The emulator's request pipeline: listener (http/) → route (routes.ts) → request log and stats →
 * authentication → the operation (operations/), which applies the policies (policy/) it needs.
 * Whatever an operation throws becomes Bedrock's JSON error response.
 */
import { randomUUID } from 'node:crypto';

import { createContext } from './context';
import { BedrockError, MESSAGES } from './errors';
import { authenticate } from './http/auth';
import type { Exchange } from './http/exchange';
import { Listener } from './http/listener';
import { sendError } from './http/responses';
import { matchRoute } from './http/router';
import type { EmulatorOptions, RecordedRequest, RunningEmulator } from './options';
import { s3EndpointOf } from './options';
import { DroppedConnection } from './policy/faults';
import { recordedBody } from './policy/requestLog';
import { ROUTES } from './routes';
import { EmulatorState } from './state';
import { EmulatorValidationError } from './types';

/** The `app/<id>` section of an AWS SDK User-Agent (the SDK's `userAgentAppId`). */
function applicationIdOf(userAgent: string | string[] | undefined): string | undefined {
	const value = Array.isArray(userAgent) ? userAgent.join(' ') : userAgent;
	return value?.match(/(?:^|\s)app\/(\S+)/)?.[1];
}

export class EmulatorServer {
	private readonly state: EmulatorState;
	private readonly listener = new Listener((exchange) => this.handle(exchange));

	constructor(options: Partial<EmulatorOptions> = {}) {
		this.state = new EmulatorState(options);
	}

	async listen(): Promise<RunningEmulator> {
		const { host } = this.state.options;
		const port = await this.listener.listen(this.state.options.port, host);
		const url = `http://${host}:${port}`;
		return {
			url,
			s3Endpoint: s3EndpointOf(url),
			port,
			close: () => this.close(),
			stats: () => this.state.stats.snapshot(),
			connections: () => this.listener.connectionsAccepted,
			resetStats: () => this.state.reset(),
			requests: this.state.log.entries,
			configure: (partial) => this.state.configure(partial),
		};
	}

	async close(): Promise<void> {
		this.state.batchJobs.shutdown();
		await this.listener.close();
	}

	private async handle(exchange: Exchange): Promise<void> {
		const { reply } = exchange;
		const { state } = this;
		const requestId = randomUUID();
		const record: RecordedRequest = {
			method: exchange.method,
			path: exchange.url,
			operation: 'Unknown',
			auth: 'none',
			httpVersion: exchange.httpVersion,
		};
		const appId = applicationIdOf(exchange.headers['user-agent']);
		if (appId) record.appId = appId;
		let writeError = sendError;
		state.stats.started();
		try {
			const body = await exchange.readBody();
			const url = new URL(exchange.url || '/', 'http://emulator');
			const rawPath = (exchange.url || '/').split('?')[0];
			const method = exchange.method || 'GET';
			const match = matchRoute(ROUTES, method, rawPath, url.searchParams);
			if (match) {
				record.operation = match.route.operation.name;
				if (match.params.modelId !== undefined) record.modelId = match.params.modelId;
				writeError = match.route.operation.sendError ?? sendError;
			}
			const recorded = match?.route.operation.recordBody === false ? undefined : recordedBody(body);
			if (recorded !== undefined) record.body = recorded;
			state.log.add(record);
			state.stats.request(record.operation);

			record.auth = await authenticate(
				{ method, rawPath, query: url.searchParams, headers: exchange.headers, body },
				state.options,
				match?.route.operation.signing,
			);
			if (!match) {
				throw new BedrockError(
					'ResourceNotFoundException',
					`${MESSAGES.unknownOperation}: ${method} ${rawPath}`,
				);
			}
			await match.route.operation.handle(
				createContext({
					operation: match.route.operation.name,
					method,
					rawPath,
					params: match.params,
					query: url.searchParams,
					headers: exchange.headers,
					body,
					requestId,
					record,
					state,
					reply,
				}),
			);
			record.status ??= 200;
		} catch (error) {
			if (error instanceof DroppedConnection) {
				record.status = 0;
				reply.drop();
				return;
			}
			const bedrockError =
				error instanceof BedrockError
					? error
					: error instanceof EmulatorValidationError
						? new BedrockError('ValidationException', error.message)
						: new BedrockError(
								'InternalServerException',
								error instanceof Error ? error.message : String(error),
							);
			if (bedrockError.code === 'ThrottlingException') state.stats.throttled();
			record.status = bedrockError.status;
			writeError(reply, bedrockError, requestId);
		} finally {
			state.stats.finished();
		}
	}
}
