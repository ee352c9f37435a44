import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { BatchProgress } from './batch';
import { runBatch } from './batch';
import {
	DEFAULT_CONCURRENCY,
	DEFAULT_MAX_ATTEMPTS,
	DEFAULT_MAX_RETRY_TIME_MS,
	MAX_CONCURRENCY,
} from './limits';
import * as converse from './converse.operation';
import * as countTokens from './countTokens.operation';
import * as invoke from './invoke.operation';
import type { ChunkSink, ItemExecutor, OperationContext, OperationName } from './types';
import { BedrockClients, CredentialConfigurationError } from '../transport/clients';
import type { ClientOptions } from '../transport/clients';
import { secretValues, toBedrockCredentials } from '../transport/credentials';
import type { BedrockErrorInfo } from '../transport/errors';
import { bedrockErrorInfoOf, describeError, toNodeApiError } from '../transport/errors';

const executors: Record<OperationName, ItemExecutor> = {
	converse: converse.execute,
	invoke: invoke.execute,
	countTokens: countTokens.execute,
};

export type RetryMode = 'aimd' | 'standard' | 'adaptive';

interface RouterSettings {
	concurrency: number;
	retryMode: RetryMode;
	maxAttempts: number;
	maxRetryTimeMs: number;
	/** Stop starting items once the batch has used this many tokens; 0 for no cap. */
	maxBatchTokens: number;
	clientOptions: ClientOptions;
}

function wholeNumber(value: unknown, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) {
	const parsed = Math.floor(Number(value ?? fallback));
	if (!Number.isFinite(parsed)) return fallback;
	return Math.min(Math.max(parsed, min), max);
}

function readSettings(fn: IExecuteFunctions): RouterSettings {
	const options = fn.getNodeParameter('options', 0, {}) as IDataObject;
	const concurrency = wholeNumber(options.concurrency, DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY);
	const retryMode: RetryMode =
		options.retryMode === 'standard' || options.retryMode === 'adaptive'
			? options.retryMode
			: 'aimd';
	const maxAttempts = wholeNumber(options.maxAttempts, DEFAULT_MAX_ATTEMPTS, 1, 20);
	return {
		concurrency,
		retryMode,
		maxAttempts,
		maxRetryTimeMs: wholeNumber(options.maxRetryTimeMs, DEFAULT_MAX_RETRY_TIME_MS, 0),
		maxBatchTokens: wholeNumber(options.maxBatchTokens, 0, 0),
		clientOptions: {
			// With AIMD the router retries (it must see throttling to lower concurrency); otherwise the SDK does.
			maxAttempts: retryMode === 'aimd' ? 1 : maxAttempts,
			retryMode: retryMode === 'adaptive' ? 'adaptive' : 'standard',
			requestTimeoutMs: wholeNumber(options.requestTimeoutMs, 0, 0),
			httpVersion: options.httpVersion === 'http1' ? 'http1' : 'http2',
			maxConcurrency: concurrency,
		},
	};
}

const RETRY_BASE_DELAY_MS = 500;
const RETRY_MAX_DELAY_MS = 5_000;
const PROGRESS_MIN_ITEMS = 20;
const PROGRESS_INTERVAL_MS = 5_000;

/** Failures the AWS SDK's own retry strategies give up on at once: dropped streams, failed event streams. */
const NOT_RETRIED_BY_SDK = /^(ERR_HTTP2_|ECONNRESET|EPIPE|ModelStreamErrorException)/;

const THROTTLE_CODES = new Set(['ThrottlingException', 'ModelNotReadyException']);

function tokensOf(output: IDataObject): number {
	const usage = output.usage as IDataObject | undefined;
	const total = Number(usage?.totalTokens ?? output.inputTokens ?? 0);
	return Number.isFinite(total) ? total : 0;
}

/** The contract's error item for anything an item threw. */
export function errorInfoOf(error: unknown, secrets: string[]): BedrockErrorInfo {
	if (error instanceof NodeApiError) {
		const info = bedrockErrorInfoOf(error);
		if (info) return info;
	}
	if (error instanceof NodeOperationError) {
		return {
			message: error.message,
			code: 'InvalidInput',
			httpStatus: null,
			retryable: false,
			requestId: null,
			remedy: error.description ?? 'Fix the node parameter named in the message.',
		};
	}
	return describeError(error, { secrets });
}

function toNodeError(fn: IExecuteFunctions, error: unknown, itemIndex: number, secrets: string[]) {
	if (error instanceof CredentialConfigurationError) {
		return new NodeOperationError(fn.getNode(), error.message, { itemIndex });
	}
	return toNodeApiError(fn.getNode(), error, itemIndex, { secrets });
}

function createChunkSink(fn: IExecuteFunctions, active: boolean): ChunkSink {
	const itemsWithDeltas = new Set<number>();
	// n8n-core 2.x's sendChunk returns a promise (the interface says void): chunks are sent in call
	// order without waiting, and a failed send is logged, never fatal to the item.
	const send = (type: 'begin' | 'item' | 'end', itemIndex: number, content?: string) => {
		const sent: unknown = fn.sendChunk(type, itemIndex, content);
		if (sent instanceof Promise) {
			sent.catch((error: unknown) =>
				fn.logger.warn(`Amazon Bedrock: a streamed chunk could not be sent: ${String(error)}`),
			);
		}
	};
	return {
		active,
		begin(itemIndex) {
			if (active) send('begin', itemIndex);
		},
		delta(itemIndex, text) {
			if (!active || text === '') return;
			itemsWithDeltas.add(itemIndex);
			send('item', itemIndex, text);
		},
		end(itemIndex) {
			if (active) send('end', itemIndex);
		},
		sent(itemIndex) {
			return itemsWithDeltas.has(itemIndex);
		},
	};
}

/** The per-item loop shared by every operation: concurrency, order, pairedItem, Continue On Fail. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	if (items.length === 0) return [[]];
	const operation = this.getNodeParameter('operation', 0) as OperationName;
	const executor = executors[operation];
	if (!executor) {
		throw new NodeOperationError(this.getNode(), `The operation '${operation}' is not known`);
	}
	const credentials = toBedrockCredentials(await this.getCredentials('awsBedrockApi'));
	const secrets = secretValues(credentials);
	const settings = readSettings(this);
	const clients = new BedrockClients(credentials, settings.clientOptions);
	const continueOnFail = this.continueOnFail();
	const signal = this.getExecutionCancelSignal?.();
	const streaming = typeof this.isStreaming === 'function' ? this.isStreaming() : false;
	const chunks = createChunkSink(this, streaming);

	const node = this.getNode();
	let batchTokens = 0;
	let lastLoggedAt = Date.now();
	const logProgress = (progress: BatchProgress, final = false) => {
		if (items.length < PROGRESS_MIN_ITEMS) return;
		const now = Date.now();
		if (!final && now - lastLoggedAt < PROGRESS_INTERVAL_MS) return;
		lastLoggedAt = now;
		this.logger.info(
			`Amazon Bedrock: ${progress.done}/${progress.total} items done, ${progress.failed} failed, ${progress.retries} retried, ${batchTokens} tokens`,
			{ node: node.name },
		);
	};

	try {
		const { outcomes, progress } = await runBatch<IDataObject>(
			items.length,
			{
				concurrency: settings.concurrency,
				continueOnFail,
				signal,
				retry: {
					maxAttempts: settings.maxAttempts,
					maxRetryTimeMs: settings.maxRetryTimeMs,
					baseDelayMs: RETRY_BASE_DELAY_MS,
					maxDelayMs: RETRY_MAX_DELAY_MS,
					isRetryable: (error, itemIndex) => {
						if (chunks.sent(itemIndex)) return false;
						const info = errorInfoOf(error, secrets);
						// In the SDK's retry modes the SDK retries the rest; it does not retry these.
						return settings.retryMode === 'aimd'
							? info.retryable
							: info.retryable && NOT_RETRIED_BY_SDK.test(info.code);
					},
					isThrottle: (error) =>
						settings.retryMode === 'aimd' && THROTTLE_CODES.has(errorInfoOf(error, secrets).code),
				},
				onItemDone: (_itemIndex, outcome, progress) => {
					if (outcome.ok) batchTokens += tokensOf(outcome.value);
					logProgress(progress);
				},
				refuseItem: (itemIndex) =>
					settings.maxBatchTokens > 0 && batchTokens >= settings.maxBatchTokens
						? new NodeOperationError(
								node,
								`The batch reached its token cap (${batchTokens} of ${settings.maxBatchTokens} tokens used): item ${itemIndex} was not sent`,
								{
									itemIndex,
									description:
										'Raise Options > Max Batch Tokens, or split the input into smaller batches.',
								},
							)
						: undefined,
			},
			async (itemIndex, itemSignal) => {
				const context: OperationContext = {
					fn: this,
					clients,
					credentials,
					secrets,
					signal: itemSignal,
					streaming,
					chunks,
				};
				try {
					return await executor(context, itemIndex);
				} catch (error) {
					throw toNodeError(this, error, itemIndex, secrets);
				}
			},
		);
		logProgress(progress, true);
		return [
			outcomes.map((outcome, itemIndex) => ({
				json: outcome.ok ? outcome.value : { error: errorInfoOf(outcome.error, secrets) },
				pairedItem: { item: itemIndex },
			})),
		];
	} finally {
		await clients.destroy();
	}
}
