import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runBatch } from '../transport/batch';
import { BatchReporter } from './progress';
import { operationsByResource } from './resources';
import type { OperationContext, OperationModule } from './types';
import { readBatchSettings } from './settings';
import { BedrockClients, CredentialConfigurationError } from '../transport/clients';
import { secretValues, toBedrockCredentials } from '../transport/credentials';
import { errorInfoOf, toNodeApiError } from '../transport/errors';
import { retryClassifier } from '../transport/retry';
import { createChunkSink } from '../transport/streaming';
import { RETRY_BASE_DELAY_MS, RETRY_MAX_DELAY_MS } from '../transport/limits';

function operationModuleOf(fn: IExecuteFunctions): OperationModule {
	// Saved workflows from before resources existed have no `resource`: they are Text operations.
	const resource = fn.getNodeParameter('resource', 0, 'text') as string;
	const operation = fn.getNodeParameter('operation', 0) as string;
	const module = operationsByResource[resource]?.[operation];
	if (!module) {
		throw new NodeOperationError(
			fn.getNode(),
			`The operation '${operation}' of resource '${resource}' is not known`,
		);
	}
	return module;
}

function toNodeError(fn: IExecuteFunctions, error: unknown, itemIndex: number, secrets: string[]) {
	if (error instanceof CredentialConfigurationError) {
		return new NodeOperationError(fn.getNode(), error.message, { itemIndex });
	}
	return toNodeApiError(fn.getNode(), error, itemIndex, { secrets });
}

/** The per-item loop shared by every operation: concurrency, order, pairedItem, Continue On Fail. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	if (items.length === 0) return [[]];
	const module = operationModuleOf(this);
	const credentials = toBedrockCredentials(await this.getCredentials('awsBedrockApi'));
	const secrets = secretValues(credentials);
	const settings = readBatchSettings(this);
	const clients = new BedrockClients(credentials, settings.clientOptions);
	const continueOnFail = this.continueOnFail();
	const signal = this.getExecutionCancelSignal?.();
	const streaming = typeof this.isStreaming === 'function' ? this.isStreaming() : false;
	const chunks = createChunkSink(this, streaming);
	const contextFor = (itemSignal?: AbortSignal): OperationContext => ({
		fn: this,
		clients,
		credentials,
		secrets,
		signal: itemSignal,
		streaming,
		chunks,
	});

	try {
		if ('executeInput' in module) {
			const allItems = items.map((_item, itemIndex) => ({ item: itemIndex }));
			try {
				const results = await module.executeInput(contextFor(signal), items.length);
				return [results.map((result) => ({ ...result, pairedItem: allItems }))];
			} catch (error) {
				if (!continueOnFail) throw toNodeError(this, error, 0, secrets);
				return [[{ json: { error: errorInfoOf(error, secrets) }, pairedItem: allItems }]];
			}
		}

		const reporter = new BatchReporter(this, items.length, settings.maxBatchTokens);
		const { outcomes, progress } = await runBatch<INodeExecutionData[]>(
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
					...retryClassifier(settings.retryMode, secrets, chunks),
				},
				onItemDone: (_itemIndex, outcome, progress) =>
					reporter.itemDone(outcome.ok ? outcome.value : undefined, progress),
				refuseItem: (itemIndex) => reporter.refusal(itemIndex),
			},
			async (itemIndex, itemSignal) => {
				try {
					const result = await module.execute(contextFor(itemSignal), itemIndex);
					return Array.isArray(result) ? result : [result];
				} catch (error) {
					throw toNodeError(this, error, itemIndex, secrets);
				}
			},
		);
		reporter.finished(progress);
		return [
			outcomes.flatMap((outcome, itemIndex) =>
				outcome.ok
					? outcome.value.map((result) => ({ ...result, pairedItem: { item: itemIndex } }))
					: [
							{
								json: { error: errorInfoOf(outcome.error, secrets) },
								pairedItem: { item: itemIndex },
							},
						],
			),
		];
	} finally {
		await clients.destroy();
	}
}
