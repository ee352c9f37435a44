/**
 * The emulator's HTTP server: routes Bedrock's REST paths (as the SDK serialises them, see the
 * `[_h]` / `[_ht]` traits in node_modules/@aws-sdk/client-bedrock-runtime/dist-cjs/index.js and
 * node_modules/@aws-sdk/client-bedrock/dist-cjs/index.js), authenticates, applies quotas and
 * faults, runs the engine and renders each API's wire format.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

import { authenticate } from './auth';
import type { CatalogueModel } from './catalogue';
import {
	foundationModelSummary,
	FOUNDATION_MODELS,
	inferenceProfileSummaries,
	resolveModel,
} from './catalogue';
import type { CacheUsage, ParsedConverse } from './converse';
import { converseStreamEvents, parseConverseRequest, renderConverseResponse } from './converse';
import { countRequestTokens, countTokens, embed, generate, splitDeltas } from './engine';
import { BedrockError, MESSAGES } from './errors';
import { encodeEvent, encodeException, EVENT_STREAM_CONTENT_TYPE } from './eventstream';
import {
	createRandom,
	FAULT_ERRORS,
	pickLatency,
	QuotaWindows,
	REQUEST_FAULTS,
	sleep,
} from './faults';
import { findNativeFormat } from './native';
import type {
	EmulatorOptions,
	EmulatorStats,
	FaultName,
	ModelBehaviour,
	RecordedRequest,
	RunningEmulator,
} from './options';
import { EMULATOR_CREDENTIALS } from './options';
import type { EmbeddingRequest, Generation, GenerationRequest, NativeFormat } from './types';
import { EmulatorValidationError } from './types';

type JsonObject = Record<string, unknown>;

export function defaultOptions(): EmulatorOptions {
	return {
		port: 0,
		host: '127.0.0.1',
		accessKeys: [
			{
				accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
				secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
			},
		],
		apiKeys: [EMULATOR_CREDENTIALS.apiKey],
		allowAnonymous: false,
		accessDeniedModels: [],
		applicationInferenceProfiles: [
			{
				id: 'emulator0001',
				name: 'emulator-claude-3-5-haiku',
				modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
				description: 'Application inference profile for cost tracking',
			},
		],
		seed: 1,
		models: {},
		latencyMs: 0,
		timeToFirstTokenMs: 0,
		chunkDelayMs: 0,
		quota: {},
		faults: {},
	};
}

/** The operations, named as the SDK's commands are. */
const RUNTIME_OPERATIONS: Record<string, string> = {
	invoke: 'InvokeModel',
	'invoke-with-response-stream': 'InvokeModelWithResponseStream',
	converse: 'Converse',
	'converse-stream': 'ConverseStream',
	'count-tokens': 'CountTokens',
};
const STREAMING_OPERATIONS = new Set(['InvokeModelWithResponseStream', 'ConverseStream']);

/** The response side of HTTP/1.1 and HTTP/2 alike. */
interface Reply {
	writeHead(status: number, headers: Record<string, string>): void;
	write(chunk: Uint8Array): Promise<void>;
	end(body?: string | Uint8Array): void;
	/** Ends the exchange without a response, as a dropped connection does. */
	drop(): void;
	readonly closed: boolean;
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

function parseJson(body: Buffer): unknown {
	if (body.length === 0) return {};
	try {
		return JSON.parse(body.toString('utf8'));
	} catch {
		throw new BedrockError(
			'ValidationException',
			'Malformed input request, please reformat your input and try again.',
		);
	}
}

function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function emptyStats(): EmulatorStats {
	return { requests: 0, byModel: {}, byOperation: {}, throttled: 0, faults: {} };
}

/** The `app/<id>` section of an AWS SDK User-Agent (the SDK's `userAgentAppId`). */
function applicationIdOf(userAgent: string | undefined): string | undefined {
	return userAgent?.match(/(?:^|\s)app\/(\S+)/)?.[1];
}

function increment(counts: Record<string, number>, key: string): void {
	counts[key] = (counts[key] ?? 0) + 1;
}

const FILLER = ' Lorem ipsum dolor sit amet.';

/** Pads a generation's text to `bytes` bytes (memory benchmarks), keeping its deltas and counts consistent. */
function padGeneration(generation: Generation, bytes: number | undefined): Generation {
	if (!bytes || Buffer.byteLength(generation.text) >= bytes) return generation;
	// The filler is ASCII, so one repeat reaches the size (a loop measuring the growing text is quadratic).
	const missing = bytes - Buffer.byteLength(generation.text);
	const text =
		generation.text + FILLER.repeat(Math.ceil(missing / FILLER.length)).slice(0, missing);
	const added = countTokens(text) - countTokens(generation.text);
	return {
		...generation,
		text,
		deltas: splitDeltas(text),
		outputTokens: generation.outputTokens + added,
	};
}

interface InferenceTarget {
	model: CatalogueModel;
	/** The model identifier as the request gave it (decoded). */
	modelId: string;
	behaviour: ModelBehaviour;
}

export class EmulatorServer {
	private options: EmulatorOptions;
	private random: () => number;
	private statistics = emptyStats();
	readonly requests: RecordedRequest[] = [];
	private readonly quotas = new QuotaWindows();
	/** Prompt-cache prefixes seen, by model + prefix hash, with the time last used. */
	private readonly promptCache = new Map<string, number>();
	private readonly h2 = http2.createServer();
	private readonly h1 = http.createServer();
	private readonly front: net.Server;
	private readonly sockets = new Set<net.Socket>();
	private readonly sessions = new Set<http2.ServerHttp2Session>();

	constructor(options: Partial<EmulatorOptions> = {}) {
		this.options = { ...defaultOptions(), ...options };
		this.random = createRandom(this.options.seed);
		const handle = (
			req: http.IncomingMessage | http2.Http2ServerRequest,
			res: http.ServerResponse | http2.Http2ServerResponse,
		) => void this.handle(req, res);
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

	async listen(): Promise<RunningEmulator> {
		await new Promise<void>((resolve, reject) => {
			this.front.once('error', reject);
			this.front.listen(this.options.port, this.options.host, () => resolve());
		});
		const { port } = this.front.address() as AddressInfo;
		return {
			url: `http://${this.options.host}:${port}`,
			port,
			close: () => this.close(),
			stats: () => structuredClone(this.statistics),
			resetStats: () => {
				this.statistics = emptyStats();
				this.requests.length = 0;
				this.quotas.clear();
				this.promptCache.clear();
			},
			requests: this.requests,
			configure: (partial) => this.configure(partial),
		};
	}

	configure(partial: Partial<EmulatorOptions>): void {
		this.options = { ...this.options, ...partial };
		if (partial.seed !== undefined) this.random = createRandom(partial.seed);
		if (partial.quota !== undefined || partial.models !== undefined) this.quotas.clear();
	}

	async close(): Promise<void> {
		for (const session of this.sessions) session.destroy();
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => this.front.close(() => resolve()));
	}

	private behaviourFor(baseModelId: string): ModelBehaviour {
		const override = this.options.models[baseModelId] ?? {};
		return {
			latencyMs: override.latencyMs ?? this.options.latencyMs,
			timeToFirstTokenMs: override.timeToFirstTokenMs ?? this.options.timeToFirstTokenMs,
			chunkDelayMs: override.chunkDelayMs ?? this.options.chunkDelayMs,
			quota: override.quota ?? {},
			faults: { ...this.options.faults, ...override.faults },
			streamReplyBytes: override.streamReplyBytes ?? this.options.streamReplyBytes,
		};
	}

	private sendError(reply: Reply, error: BedrockError, requestId: string): void {
		if (reply.closed) return;
		reply.writeHead(error.status, {
			'content-type': 'application/json',
			'x-amzn-errortype': error.errorType,
			'x-amzn-requestid': requestId,
		});
		reply.end(JSON.stringify({ message: error.message }));
	}

	private sendJson(
		reply: Reply,
		body: unknown,
		requestId: string,
		headers: Record<string, string> = {},
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

	private async handle(
		req: http.IncomingMessage | http2.Http2ServerRequest,
		res: http.ServerResponse | http2.Http2ServerResponse,
	): Promise<void> {
		const reply = replyFor(req, res);
		const requestId = randomUUID();
		const record: RecordedRequest = {
			method: req.method ?? '',
			path: req.url ?? '',
			operation: 'Unknown',
			auth: 'none',
			httpVersion: req.httpVersion,
		};
		const appId = applicationIdOf(req.headers['user-agent']);
		if (appId) record.appId = appId;
		try {
			const body = await readBody(req);
			const url = new URL(req.url ?? '/', 'http://emulator');
			const rawPath = (req.url ?? '/').split('?')[0];
			const segments = rawPath.split('/').slice(1);
			const method = req.method ?? 'GET';
			let modelPath: string | undefined;
			if (
				method === 'POST' &&
				segments.length === 3 &&
				segments[0] === 'model' &&
				RUNTIME_OPERATIONS[segments[2]]
			) {
				record.operation = RUNTIME_OPERATIONS[segments[2]];
				modelPath = decodeURIComponent(segments[1]);
				record.modelId = modelPath;
			} else if (method === 'GET' && rawPath === '/foundation-models') {
				record.operation = 'ListFoundationModels';
			} else if (method === 'GET' && rawPath === '/inference-profiles') {
				record.operation = 'ListInferenceProfiles';
			} else if (method === 'GET' && segments.length === 2 && segments[0] === 'foundation-models') {
				record.operation = 'GetFoundationModel';
				record.modelId = decodeURIComponent(segments[1]);
			} else if (
				method === 'GET' &&
				segments.length === 2 &&
				segments[0] === 'inference-profiles'
			) {
				record.operation = 'GetInferenceProfile';
				record.modelId = decodeURIComponent(segments[1]);
			}
			if (body.length > 0) {
				try {
					record.body = JSON.parse(body.toString('utf8'));
				} catch {
					record.body = body.toString('utf8');
				}
			}
			this.requests.push(record);
			this.statistics.requests++;
			increment(this.statistics.byOperation, record.operation);

			record.auth = await authenticate(
				{ method, rawPath, query: url.searchParams, headers: req.headers, body },
				this.options,
			);
			if (record.operation === 'Unknown') {
				throw new BedrockError(
					'ResourceNotFoundException',
					`${MESSAGES.unknownOperation}: ${method} ${rawPath}`,
				);
			}
			await this.dispatch(record, modelPath, body, url.searchParams, reply, requestId);
			record.status ??= 200;
		} catch (error) {
			const bedrockError =
				error instanceof BedrockError
					? error
					: error instanceof EmulatorValidationError
						? new BedrockError('ValidationException', error.message)
						: new BedrockError(
								'InternalServerException',
								error instanceof Error ? error.message : String(error),
							);
			if (bedrockError.code === 'ThrottlingException') this.statistics.throttled++;
			record.status = bedrockError.status;
			this.sendError(reply, bedrockError, requestId);
		}
	}

	private async dispatch(
		record: RecordedRequest,
		modelPath: string | undefined,
		body: Buffer,
		query: URLSearchParams,
		reply: Reply,
		requestId: string,
	): Promise<void> {
		switch (record.operation) {
			case 'ListFoundationModels':
				return this.sendJson(
					reply,
					{ modelSummaries: this.listFoundationModels(query) },
					requestId,
				);
			case 'ListInferenceProfiles':
				return this.sendJson(reply, this.listInferenceProfiles(query), requestId);
			case 'GetFoundationModel': {
				const entry = FOUNDATION_MODELS.find((candidate) => candidate.modelId === record.modelId);
				if (!entry)
					throw new BedrockError(
						'ResourceNotFoundException',
						'The specified model identifier was not found.',
					);
				return this.sendJson(reply, { modelDetails: foundationModelSummary(entry) }, requestId);
			}
			case 'GetInferenceProfile': {
				const profile = inferenceProfileSummaries(this.options.applicationInferenceProfiles).find(
					(candidate) =>
						candidate.inferenceProfileId === record.modelId ||
						candidate.inferenceProfileArn === record.modelId,
				);
				if (!profile)
					throw new BedrockError(
						'ResourceNotFoundException',
						'The specified inference profile was not found.',
					);
				return this.sendJson(reply, profile, requestId);
			}
		}
		const target = this.resolveTarget(record.operation, modelPath ?? '');
		increment(this.statistics.byModel, target.model.modelId);
		if (record.operation === 'CountTokens') return this.countTokens(target, body, reply, requestId);

		try {
			this.quotas.admit('*', this.options.quota);
			this.quotas.admit(target.model.modelId, target.behaviour.quota);
		} catch (error) {
			record.refusedBy = 'quota';
			throw error;
		}
		for (const fault of REQUEST_FAULTS) {
			const probability = target.behaviour.faults[fault] ?? 0;
			if (probability > 0 && this.random() < probability) {
				increment(this.statistics.faults, fault);
				record.refusedBy = fault;
				if (fault === 'dropConnection') {
					record.status = 0;
					reply.drop();
					return;
				}
				const error = FAULT_ERRORS[fault];
				if (error) throw error();
			}
		}
		const streamFails = this.rollStreamFailure(record.operation, target.behaviour);
		switch (record.operation) {
			case 'Converse':
			case 'ConverseStream':
				return this.converse(
					target,
					body,
					record.operation === 'ConverseStream',
					streamFails,
					reply,
					requestId,
				);
			default:
				return this.invoke(
					target,
					body,
					record.operation === 'InvokeModelWithResponseStream',
					streamFails,
					reply,
					requestId,
				);
		}
	}

	private rollStreamFailure(operation: string, behaviour: ModelBehaviour): boolean {
		const probability = behaviour.faults.streamFailure ?? 0;
		if (!STREAMING_OPERATIONS.has(operation) || probability <= 0) return false;
		if (this.random() >= probability) return false;
		increment(this.statistics.faults, 'streamFailure' satisfies FaultName);
		return true;
	}

	/** Resolves the model identifier and applies access, throughput and operation-support rules. */
	private resolveTarget(operation: string, modelId: string): InferenceTarget {
		const reference = resolveModel(modelId, this.options.applicationInferenceProfiles);
		// Unknown IDs and unknown inference profiles both get this answer from Bedrock, e.g.
		// https://github.com/RooCodeInc/Roo-Code/issues/9182 ("The provided model identifier is invalid.").
		if (reference.kind === 'unknown-model' || reference.kind === 'unknown-profile') {
			throw new BedrockError('ValidationException', MESSAGES.invalidModel);
		}
		const model = reference.model;
		if (this.options.accessDeniedModels.includes(model.modelId)) {
			throw new BedrockError('AccessDeniedException', MESSAGES.accessDenied);
		}
		if (operation === 'CountTokens') {
			// CountTokens wants the base model ID; cross-region profile IDs are refused
			// (https://github.com/Portkey-AI/gateway/issues/1437).
			if (reference.kind !== 'foundation-model')
				throw new BedrockError('ValidationException', MESSAGES.invalidModel);
			if (!model.countTokens)
				throw new BedrockError('ValidationException', MESSAGES.countTokensUnsupported);
		} else if (
			reference.kind === 'foundation-model' &&
			!model.inferenceTypesSupported.includes('ON_DEMAND')
		) {
			throw new BedrockError('ValidationException', MESSAGES.onDemandUnsupported(model.modelId));
		}
		const isEmbedding = model.outputModalities.includes('EMBEDDING');
		if ((operation === 'Converse' || operation === 'ConverseStream') && isEmbedding) {
			throw new BedrockError(
				'ValidationException',
				"This action doesn't support the model that you provided. Try again with a supported text or chat model.",
			);
		}
		if (STREAMING_OPERATIONS.has(operation) && !model.responseStreamingSupported) {
			throw new BedrockError('ValidationException', 'The model is unsupported for streaming.');
		}
		return { model, modelId, behaviour: this.behaviourFor(model.modelId) };
	}

	private nativeFormat(model: CatalogueModel): NativeFormat {
		const format = findNativeFormat(model.modelId);
		if (!format) throw new BedrockError('ValidationException', MESSAGES.invalidModel);
		return format;
	}

	/** Records the prompt-cache prefix and says whether it was a read or a write. */
	private cacheUsage(parsed: ParsedConverse): CacheUsage {
		if (!parsed.cachePrefix) return {};
		const { key, tokens } = parsed.cachePrefix;
		const seen = this.promptCache.has(key);
		this.promptCache.delete(key);
		this.promptCache.set(key, Date.now());
		if (this.promptCache.size > 1000)
			this.promptCache.delete(this.promptCache.keys().next().value as string);
		return seen
			? { cacheReadInputTokens: tokens, cacheWriteInputTokens: 0 }
			: { cacheReadInputTokens: 0, cacheWriteInputTokens: tokens };
	}

	private generateFor(target: InferenceTarget, request: GenerationRequest): Generation {
		const generation = padGeneration(generate(request), target.behaviour.streamReplyBytes);
		this.quotas.recordTokens('*', generation.inputTokens + generation.outputTokens);
		this.quotas.recordTokens(
			target.model.modelId,
			generation.inputTokens + generation.outputTokens,
		);
		return generation;
	}

	private async converse(
		target: InferenceTarget,
		body: Buffer,
		stream: boolean,
		streamFails: boolean,
		reply: Reply,
		requestId: string,
	): Promise<void> {
		const started = Date.now();
		const parsed = parseConverseRequest(parseJson(body), target.modelId, target.model);
		const generation = this.generateFor(target, parsed.request);
		const cache = this.cacheUsage(parsed);
		if (!stream) {
			await sleep(pickLatency(target.behaviour.latencyMs, this.random));
			const response = renderConverseResponse(
				generation,
				parsed,
				target.model,
				cache,
				Date.now() - started,
			);
			return this.sendJson(reply, response, requestId);
		}
		await sleep(pickLatency(target.behaviour.timeToFirstTokenMs, this.random));
		const events = converseStreamEvents(generation, parsed, target.model, cache, 0);
		const metadata = events[events.length - 1].payload as { metrics: { latencyMs: number } };
		await this.streamFrames(
			reply,
			requestId,
			events.map((event) => () => {
				if (event.type === 'metadata') metadata.metrics.latencyMs = Date.now() - started;
				return encodeEvent(event.type, event.payload);
			}),
			target.behaviour,
			streamFails,
			{},
		);
	}

	private async invoke(
		target: InferenceTarget,
		body: Buffer,
		stream: boolean,
		streamFails: boolean,
		reply: Reply,
		requestId: string,
	): Promise<void> {
		const started = Date.now();
		const format = this.nativeFormat(target.model);
		const request = format.parseRequest(parseJson(body), target.modelId);
		if (format.kind === 'embedding' || !('messages' in request)) {
			const embeddingRequest = request as EmbeddingRequest;
			const result = embed(embeddingRequest);
			this.quotas.recordTokens(target.model.modelId, result.inputTokens);
			await sleep(pickLatency(target.behaviour.latencyMs, this.random));
			return this.sendJson(reply, format.renderResponse(result, embeddingRequest), requestId, {
				'x-amzn-bedrock-input-token-count': String(result.inputTokens),
				'x-amzn-bedrock-invocation-latency': String(Date.now() - started),
			});
		}
		const generation = this.generateFor(target, request);
		if (!stream) {
			await sleep(pickLatency(target.behaviour.latencyMs, this.random));
			return this.sendJson(reply, format.renderResponse(generation, request), requestId, {
				'x-amzn-bedrock-input-token-count': String(generation.inputTokens),
				'x-amzn-bedrock-output-token-count': String(generation.outputTokens),
				'x-amzn-bedrock-invocation-latency': String(Date.now() - started),
			});
		}
		await sleep(pickLatency(target.behaviour.timeToFirstTokenMs, this.random));
		const firstByteLatency = Date.now() - started;
		const chunks = format.renderStreamChunks(generation, request);
		await this.streamFrames(
			reply,
			requestId,
			chunks.map((chunk, index) => () => {
				let payload = chunk;
				if (format.streamMetrics && index === chunks.length - 1 && isObject(chunk)) {
					payload = {
						...chunk,
						'amazon-bedrock-invocationMetrics': {
							inputTokenCount: generation.inputTokens,
							outputTokenCount: generation.outputTokens,
							invocationLatency: Date.now() - started,
							firstByteLatency,
						},
					};
				}
				return encodeEvent('chunk', {
					bytes: Buffer.from(JSON.stringify(payload)).toString('base64'),
				});
			}),
			target.behaviour,
			streamFails,
			{ 'x-amzn-bedrock-content-type': 'application/json' },
		);
	}

	/**
	 * Sends event-stream frames with the configured delays; when the stream is to fail, sends half
	 * of them and then a modelStreamErrorException frame.
	 */
	private async streamFrames(
		reply: Reply,
		requestId: string,
		frames: Array<() => Uint8Array>,
		behaviour: ModelBehaviour,
		streamFails: boolean,
		headers: Record<string, string>,
	): Promise<void> {
		reply.writeHead(200, {
			'content-type': EVENT_STREAM_CONTENT_TYPE,
			'x-amzn-requestid': requestId,
			...headers,
		});
		const count = streamFails ? Math.max(1, Math.floor(frames.length / 2)) : frames.length;
		for (let index = 0; index < count; index++) {
			if (reply.closed) return;
			if (index > 0) await sleep(pickLatency(behaviour.chunkDelayMs, this.random));
			await reply.write(frames[index]());
		}
		if (streamFails) {
			await reply.write(
				encodeException('modelStreamErrorException', {
					message: MESSAGES.modelStreamError,
					originalStatusCode: 500,
					originalMessage: 'The model stopped unexpectedly.',
				}),
			);
		}
		reply.end();
	}

	private async countTokens(
		target: InferenceTarget,
		body: Buffer,
		reply: Reply,
		requestId: string,
	): Promise<void> {
		const input = parseJson(body);
		const countInput = isObject(input) && isObject(input.input) ? input.input : {};
		let inputTokens: number;
		if (isObject(countInput.converse)) {
			inputTokens = countRequestTokens(
				parseConverseRequest(countInput.converse, target.modelId, target.model).request,
			);
		} else if (
			isObject(countInput.invokeModel) &&
			typeof countInput.invokeModel.body === 'string'
		) {
			const nativeBody = parseJson(Buffer.from(countInput.invokeModel.body, 'base64'));
			const request = this.nativeFormat(target.model).parseRequest(nativeBody, target.modelId);
			inputTokens =
				'messages' in request
					? countRequestTokens(request)
					: request.texts.reduce((sum, text) => sum + countTokens(text), 0);
		} else {
			throw new BedrockError(
				'ValidationException',
				'The input field must contain either invokeModel or converse.',
			);
		}
		return this.sendJson(reply, { inputTokens }, requestId);
	}

	private listFoundationModels(query: URLSearchParams) {
		const byProvider = query.get('byProvider')?.toLowerCase();
		const byOutputModality = query.get('byOutputModality');
		const byInferenceType = query.get('byInferenceType');
		const byCustomizationType = query.get('byCustomizationType');
		return FOUNDATION_MODELS.filter(
			(entry) =>
				(!byProvider ||
					entry.providerName.toLowerCase() === byProvider ||
					entry.modelId.split('.')[0] === byProvider) &&
				(!byOutputModality || (entry.outputModalities as string[]).includes(byOutputModality)) &&
				(!byInferenceType ||
					(entry.inferenceTypesSupported as string[]).includes(byInferenceType)) &&
				(!byCustomizationType ||
					(entry.customizationsSupported as string[]).includes(byCustomizationType)),
		).map(foundationModelSummary);
	}

	private listInferenceProfiles(query: URLSearchParams) {
		const typeEquals = query.get('type');
		const maxResults = query.has('maxResults') ? Number(query.get('maxResults')) : 1000;
		if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 1000) {
			throw new BedrockError(
				'ValidationException',
				`1 validation error detected: Value '${query.get('maxResults')}' at 'maxResults' failed to satisfy constraint: Member must have value ${maxResults < 1 ? 'greater than or equal to 1' : 'less than or equal to 1000'}`,
			);
		}
		const all = inferenceProfileSummaries(this.options.applicationInferenceProfiles).filter(
			(profile) => !typeEquals || profile.type === typeEquals,
		);
		const nextToken = query.get('nextToken');
		const offset = nextToken ? Number(Buffer.from(nextToken, 'base64').toString('utf8')) : 0;
		if (!Number.isInteger(offset) || offset < 0) {
			throw new BedrockError('ValidationException', 'The provided nextToken is invalid.');
		}
		const page = all.slice(offset, offset + maxResults);
		const result: JsonObject = { inferenceProfileSummaries: page };
		if (offset + maxResults < all.length) {
			result.nextToken = Buffer.from(String(offset + maxResults)).toString('base64');
		}
		return result;
	}
}
