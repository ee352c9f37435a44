import type {
	ConverseCommandOutput,
	ConverseStreamCommandInput,
	ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ConverseRequest } from '../../Bedrock/mapping/converseRequest';
import { runBatch } from '../../Bedrock/transport/batch';
import type { BedrockClients } from '../../Bedrock/transport/clients';
import { CredentialConfigurationError } from '../../Bedrock/transport/clients';
import { toNodeApiError } from '../../Bedrock/transport/errors';
import {
	DEFAULT_MAX_ATTEMPTS,
	RETRY_BASE_DELAY_MS,
	RETRY_MAX_DELAY_MS,
} from '../../Bedrock/transport/limits';
import { retryClassifier } from '../../Bedrock/transport/retry';
import { loadRuntimeSdk } from '../../Bedrock/transport/sdk';
import type { ChunkSink } from '../../Bedrock/transport/streaming';

/** The two calls the chat model makes, errors already turned into n8n's errors with remedies. */
export interface ConverseTransport {
	converse(request: ConverseRequest, signal?: AbortSignal): Promise<ConverseCommandOutput>;
	converseStream(
		request: ConverseRequest,
		signal?: AbortSignal,
	): Promise<AsyncIterable<ConverseStreamOutput>>;
}

export interface TransportSettings {
	node: INode;
	itemIndex: number;
	/** The credential's secrets, masked in every message. */
	secrets: string[];
	maxRetryTimeMs: number;
	maxAttempts?: number;
}

/**
 * The router's retry classifier decides what a chat model call retries; nothing is forwarded to a
 * client by the node itself (the agent streams), so no item counts as having sent anything.
 */
const NOTHING_SENT: ChunkSink = {
	active: false,
	begin() {},
	delta() {},
	end() {},
	sent: () => false,
};

export function createConverseTransport(
	clients: BedrockClients,
	settings: TransportSettings,
): ConverseTransport {
	const toError = (error: unknown, request: ConverseRequest) => {
		if (error instanceof CredentialConfigurationError) {
			return new NodeOperationError(settings.node, error.message, {
				itemIndex: settings.itemIndex,
			});
		}
		return toNodeApiError(settings.node, error, settings.itemIndex, {
			modelId: request.modelId,
			region: request.region ?? clients.credentials.region,
			secrets: settings.secrets,
		});
	};

	/**
	 * One call with the action node's backoff: throttling is retried for as long as the retry time
	 * allows (the agent's run waits instead of failing), other retryable failures up to the attempts.
	 */
	const withRetries = async <T>(
		request: ConverseRequest,
		signal: AbortSignal | undefined,
		call: (signal: AbortSignal) => Promise<T>,
	): Promise<T> => {
		try {
			const { outcomes } = await runBatch<T>(
				1,
				{
					concurrency: 1,
					continueOnFail: false,
					signal,
					retry: {
						maxAttempts: settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
						maxRetryTimeMs: settings.maxRetryTimeMs,
						baseDelayMs: RETRY_BASE_DELAY_MS,
						maxDelayMs: RETRY_MAX_DELAY_MS,
						...retryClassifier('aimd', settings.secrets, NOTHING_SENT),
					},
				},
				async (_index, callSignal) => await call(callSignal),
			);
			const [outcome] = outcomes;
			if (!outcome.ok) throw outcome.error;
			return outcome.value;
		} catch (error) {
			throw toError(error, request);
		}
	};

	return {
		async converse(request, signal) {
			const { ConverseCommand } = await loadRuntimeSdk();
			return await withRetries(request, signal, async (callSignal) => {
				const client = await clients.runtime(request.region);
				return await client.send(new ConverseCommand(request.input), { abortSignal: callSignal });
			});
		},

		async converseStream(request, signal) {
			const { ConverseStreamCommand } = await loadRuntimeSdk();
			// Only opening the stream is retried: once events arrive they have reached the agent.
			// The stream outlives the retry loop, so it listens to the execution's signal itself.
			const output = await withRetries(request, signal, async () => {
				const client = await clients.runtime(request.region);
				return await client.send(
					new ConverseStreamCommand(request.input as ConverseStreamCommandInput),
					{ abortSignal: signal },
				);
			});
			const events = output.stream;
			return {
				async *[Symbol.asyncIterator]() {
					try {
						for await (const event of events ?? []) yield event;
					} catch (error) {
						// An exception event mid-stream is thrown while iterating.
						throw toError(error, request);
					}
				},
			};
		},
	};
}
