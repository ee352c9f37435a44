/**
 * Amazon Nova Multimodal Embeddings (`amazon.nova-2-multimodal-embeddings-v1:0`) on InvokeModel:
 * one text per synchronous request, a purpose that tells indexing from retrieval, four lengths.
 * https://docs.aws.amazon.com/nova/latest/userguide/embeddings-schema.html
 */
import type { IDataObject } from 'n8n-workflow';

import type { ModelReply, StopReason, Usage } from '../types';
import { toUsage } from '../types';
import { asArray, asObject, asString } from './shared';
import { wholeBodyStreamParser } from './titanEmbed';
import { DEFAULT_PROFILE, EMBEDDING_TEMPLATE } from '../tokens/profiles';
import type {
	EmbeddingBatchSpec,
	EmbeddingPurpose,
	EmbeddingTruncation,
	FamilyRequestInput,
	ModelFamily,
} from './types';

const NOVA_EMBED_DIMENSIONS = [3072, 1024, 384, 256];

const NOVA_EMBED_PURPOSES = [
	'GENERIC_INDEX',
	'GENERIC_RETRIEVAL',
	'TEXT_RETRIEVAL',
	'IMAGE_RETRIEVAL',
	'VIDEO_RETRIEVAL',
	'DOCUMENT_RETRIEVAL',
	'AUDIO_RETRIEVAL',
	'CLASSIFICATION',
	'CLUSTERING',
];

/**
 * Stored texts are indexed with GENERIC_INDEX; a query against a store of texts (all this node
 * embeds) is TEXT_RETRIEVAL, as AWS's best practices say.
 */
const PURPOSE_OF: Record<EmbeddingPurpose, string> = {
	document: 'GENERIC_INDEX',
	query: 'TEXT_RETRIEVAL',
};

const TRUNCATION_OF: Record<EmbeddingTruncation, string> = {
	none: 'NONE',
	start: 'START',
	end: 'END',
};

function novaBody(
	text: string,
	purpose: string,
	dimensions: unknown,
	truncationMode: string,
): IDataObject {
	const length = Number(dimensions ?? NOVA_EMBED_DIMENSIONS[0]);
	if (!NOVA_EMBED_DIMENSIONS.includes(length)) {
		throw new Error(
			`Dimensions must be one of ${NOVA_EMBED_DIMENSIONS.join(', ')} for Amazon Nova Multimodal Embeddings (got ${String(dimensions)})`,
		);
	}
	if (!NOVA_EMBED_PURPOSES.includes(purpose)) {
		throw new Error(
			`Embedding Purpose must be one of ${NOVA_EMBED_PURPOSES.join(', ')} for Amazon Nova Multimodal Embeddings (got '${purpose}')`,
		);
	}
	return {
		taskType: 'SINGLE_EMBEDDING',
		singleEmbeddingParams: {
			embeddingPurpose: purpose,
			embeddingDimension: length,
			text: { truncationMode, value: text },
		},
	};
}

function buildRequest({ prompt, extra }: FamilyRequestInput): IDataObject {
	return novaBody(
		prompt,
		asString(extra.novaEmbedPurpose) || PURPOSE_OF.document,
		extra.novaEmbedDimensions,
		asString(extra.novaEmbedTruncation) || 'END',
	);
}

/** `embeddings` is a list of `{ embeddingType: 'TEXT', embedding: [...] }`; token counts come from the headers. */
function vectorsOf(body: IDataObject): number[][] {
	return asArray(body.embeddings).map((entry) => asArray(asObject(entry).embedding) as number[]);
}

function parseResponse(body: IDataObject, headerUsage?: Partial<Usage>): ModelReply {
	const [vector] = vectorsOf(body);
	return {
		text: '',
		stopReason: 'end_turn',
		usage: toUsage(headerUsage ?? {}),
		embedding: vector ?? [],
	};
}

const embeddings: EmbeddingBatchSpec = {
	maxTextsPerRequest: () => 1,
	dimensions: () => NOVA_EMBED_DIMENSIONS,
	offeredDimensions: { models: 'Nova Multimodal Embeddings', lengths: NOVA_EMBED_DIMENSIONS },
	takesNormalize: () => false,
	buildBatchRequest: ({ texts, purpose, dimensions, truncation }) =>
		novaBody(texts[0] ?? '', PURPOSE_OF[purpose], dimensions, TRUNCATION_OF[truncation ?? 'end']),
	parseBatchResponse: (body) => vectorsOf(body).slice(0, 1),
};

const stopReasons: Record<string, StopReason> = {};

export const novaEmbedFamily: ModelFamily<'novaEmbed'> = {
	id: 'novaEmbed',
	displayName: 'Amazon Nova Multimodal Embeddings',
	kind: 'embedding',
	modelIdPattern: /^amazon\.nova-(?:[\w-]*-)?multimodal-embeddings/,
	knobs: {},
	fields: [
		{
			displayName: 'Dimensions',
			name: 'novaEmbedDimensions',
			type: 'options',
			options: NOVA_EMBED_DIMENSIONS.map((length) => ({ name: String(length), value: length })),
			default: 3072,
			description: 'Length of the embedding vector',
		},
		{
			displayName: 'Embedding Purpose',
			name: 'novaEmbedPurpose',
			type: 'options',
			options: [
				{ name: 'Classification', value: 'CLASSIFICATION' },
				{ name: 'Clustering', value: 'CLUSTERING' },
				{ name: 'Generic Index (Texts to Store)', value: 'GENERIC_INDEX' },
				{ name: 'Generic Retrieval (Query)', value: 'GENERIC_RETRIEVAL' },
				{ name: 'Text Retrieval (Query Over Texts)', value: 'TEXT_RETRIEVAL' },
			],
			default: 'GENERIC_INDEX',
			description:
				'What the embedding is for: texts to store, a query, or classification and clustering',
		},
		{
			displayName: 'Truncation',
			name: 'novaEmbedTruncation',
			type: 'options',
			options: [
				{ name: 'End', value: 'END' },
				{ name: 'None (Fail When Too Long)', value: 'NONE' },
				{ name: 'Start', value: 'START' },
			],
			default: 'END',
			description: 'Which end of a text longer than the model accepts is cut',
		},
	],
	buildRequest,
	parseResponse,
	embeddings,
	createStreamParser: () => wholeBodyStreamParser(parseResponse),
	stopReasons,
	estimator: { ...DEFAULT_PROFILE, template: EMBEDDING_TEMPLATE },
};
