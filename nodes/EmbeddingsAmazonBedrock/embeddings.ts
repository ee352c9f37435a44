/**
 * What n8n's vector stores call on an `ai_embedding` input: `embedDocuments(texts)` and
 * `embedQuery(text)`. They never check the object's class (n8n's MemoryVectorStore, VectorStore and
 * the vector store node only call these two methods), so this plain class serves them without a
 * LangChain of its own. Requests go through the package's transport: one client per execution,
 * errors with remedies, the action node's batch runner with AIMD concurrency and backoff.
 */
import type { IDataObject, INode, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { EmbeddingBatchSpec, EmbeddingTruncation } from '../Bedrock/families/types';
import { runBatch } from '../Bedrock/transport/batch';
import type { BatchClock } from '../Bedrock/transport/batch';
import type { BedrockClients } from '../Bedrock/transport/clients';
import { toNodeApiError } from '../Bedrock/transport/errors';
import { RETRY_BASE_DELAY_MS, RETRY_MAX_DELAY_MS } from '../Bedrock/transport/limits';
import { callBedrock } from '../Bedrock/transport/request';
import type { RetryMode } from '../Bedrock/transport/retry';
import { retryClassifier } from '../Bedrock/transport/retry';
import type { ChunkSink } from '../Bedrock/transport/streaming';
import { loadRuntimeSdk } from '../Bedrock/transport/sdk';

export interface EmbeddingsSettings {
	modelId: string;
	/** The region the call goes to (an ARN's own, else the credential's). */
	region: string;
	familyName: string;
	spec: EmbeddingBatchSpec;
	/** Vector length; undefined for the model's default. */
	dimensions?: number;
	normalize?: boolean;
	truncation: EmbeddingTruncation;
	/** Texts per request, at most the family's limit. */
	textsPerRequest: number;
	concurrency: number;
	retryMode: RetryMode;
	maxAttempts: number;
	maxRetryTimeMs: number;
}

/** How the sub-node shows each call in the execution log (n8n's `addInputData`/`addOutputData`). */
export interface EmbeddingsLog {
	start(input: IDataObject): number;
	done(runIndex: number, output: IDataObject): void;
	failed(runIndex: number, error: NodeApiError | NodeOperationError): void;
}

/** Embeddings make no text stream: nothing is ever forwarded, so nothing blocks a retry. */
const NO_STREAM: ChunkSink = {
	active: false,
	begin: () => {},
	delta: () => {},
	end: () => {},
	sent: () => false,
};

const decoder = new TextDecoder();
const encoder = new TextEncoder();

function decodeJson(bytes: Uint8Array | undefined): IDataObject {
	if (!bytes || bytes.length === 0) return {};
	const parsed = JSON.parse(decoder.decode(bytes)) as unknown;
	return typeof parsed === 'object' && parsed !== null ? (parsed as IDataObject) : {};
}

export class BedrockEmbeddings {
	constructor(
		private readonly settings: EmbeddingsSettings,
		private readonly clients: BedrockClients,
		private readonly node: INode,
		private readonly secrets: string[],
		private readonly options: {
			signal?: AbortSignal;
			log?: EmbeddingsLog;
			clock?: BatchClock;
		} = {},
	) {}

	/** Embeds texts to store, several per request where the model allows, in input order. */
	async embedDocuments(documents: string[]): Promise<number[][]> {
		const texts = this.checkDocuments(documents);
		return await this.logged({ documents: texts }, async () => await this.embed(texts, 'document'));
	}

	/** Embeds a search query (Cohere's `search_query`, Nova's retrieval purpose). */
	async embedQuery(query: string): Promise<number[]> {
		if (typeof query !== 'string' || query.trim() === '') {
			throw new NodeOperationError(this.node, 'The query to embed is empty', {
				description:
					'The vector store asked for the embedding of an empty query: check the expression or field that gives its prompt or query. Nothing was sent to Bedrock.',
			});
		}
		return await this.logged({ query }, async () => (await this.embed([query], 'query'))[0]);
	}

	private checkDocuments(documents: unknown): string[] {
		if (!Array.isArray(documents)) {
			throw new NodeOperationError(this.node, 'The documents to embed are not a list of texts', {
				description: 'Nothing was sent to Bedrock.',
			});
		}
		const bad = documents.findIndex((text) => typeof text !== 'string' || text.trim() === '');
		if (bad !== -1) {
			throw new NodeOperationError(this.node, `Document ${bad} to embed is empty`, {
				description:
					'Every document chunk must have text: check the Data Loader’s input field and the text splitter. Nothing was sent to Bedrock.',
			});
		}
		return documents as string[];
	}

	private async logged<T extends number[] | number[][]>(
		input: IDataObject,
		run: () => Promise<T>,
	): Promise<T> {
		const log = this.options.log;
		const runIndex = log?.start(input);
		try {
			const response = await run();
			if (log && runIndex !== undefined) log.done(runIndex, { response });
			return response;
		} catch (error) {
			const nodeError = toNodeApiError(this.node, error, 0, {
				modelId: this.settings.modelId,
				region: this.settings.region,
				secrets: this.secrets,
			});
			if (log && runIndex !== undefined) log.failed(runIndex, nodeError);
			throw nodeError;
		}
	}

	/** Splits the texts into requests, builds every body first (local mistakes send nothing), then runs them. */
	private async embed(texts: string[], purpose: 'document' | 'query'): Promise<number[][]> {
		if (texts.length === 0) return [];
		const { settings } = this;
		const perRequest = Math.max(
			1,
			Math.min(settings.textsPerRequest, settings.spec.maxTextsPerRequest(settings.modelId)),
		);
		const groups: string[][] = [];
		for (let start = 0; start < texts.length; start += perRequest) {
			groups.push(texts.slice(start, start + perRequest));
		}
		const bodies = groups.map((group, index) => {
			try {
				return settings.spec.buildBatchRequest({
					modelId: settings.modelId,
					texts: group,
					purpose,
					dimensions: settings.dimensions,
					normalize: settings.normalize,
					truncation: settings.truncation,
				});
			} catch (error) {
				throw new NodeOperationError(this.node, (error as Error).message, {
					description: `In the request for texts ${index * perRequest} to ${index * perRequest + group.length - 1}. Nothing was sent to Bedrock.`,
				});
			}
		});
		const sdk = await loadRuntimeSdk();
		const client = await this.clients.runtime(settings.region);
		const errorContext = {
			modelId: settings.modelId,
			region: settings.region,
			secrets: this.secrets,
		};
		const { outcomes } = await runBatch<number[][]>(
			bodies.length,
			{
				concurrency: settings.concurrency,
				continueOnFail: false,
				signal: this.options.signal,
				clock: this.options.clock,
				retry: {
					maxAttempts: settings.maxAttempts,
					maxRetryTimeMs: settings.maxRetryTimeMs,
					baseDelayMs: RETRY_BASE_DELAY_MS,
					maxDelayMs: RETRY_MAX_DELAY_MS,
					...retryClassifier(settings.retryMode, this.secrets, NO_STREAM),
				},
			},
			async (index, signal) => {
				const response = await callBedrock(this.node, 0, errorContext, async () =>
					client.send(
						new sdk.InvokeModelCommand({
							modelId: settings.modelId,
							contentType: 'application/json',
							accept: 'application/json',
							body: encoder.encode(JSON.stringify(bodies[index])),
						}),
						{ abortSignal: signal },
					),
				);
				const vectors = settings.spec.parseBatchResponse(decodeJson(response.body));
				if (vectors.length !== groups[index].length) {
					throw new NodeOperationError(
						this.node,
						`${settings.familyName} returned ${vectors.length} embeddings for ${groups[index].length} texts`,
						{ description: 'Check the model ID: it may not be the embedding model it names.' },
					);
				}
				return vectors;
			},
		);
		return outcomes.flatMap((outcome) => (outcome.ok ? outcome.value : []));
	}
}
