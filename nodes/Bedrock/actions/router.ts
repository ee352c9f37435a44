import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { runBatch } from './batch';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from './limits';
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

interface RouterSettings {
	concurrency: number;
	clientOptions: ClientOptions;
}

function readSettings(fn: IExecuteFunctions): RouterSettings {
	const options = fn.getNodeParameter('options', 0, {}) as IDataObject;
	const concurrency = Math.min(
		Math.max(Math.floor(Number(options.concurrency ?? DEFAULT_CONCURRENCY)) || 1, 1),
		MAX_CONCURRENCY,
	);
	return {
		concurrency,
		clientOptions: {
			maxAttempts: Math.max(Math.floor(Number(options.maxAttempts ?? 3)) || 1, 1),
			retryMode: options.retryMode === 'adaptive' ? 'adaptive' : 'standard',
			requestTimeoutMs: Math.max(Number(options.requestTimeoutMs ?? 0) || 0, 0),
			httpVersion: options.httpVersion === 'http1' ? 'http1' : 'http2',
			maxConcurrency: concurrency,
		},
	};
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

	try {
		const outcomes = await runBatch(
			items.length,
			{ concurrency: settings.concurrency, continueOnFail, signal },
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
