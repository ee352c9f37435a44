import type { IDataObject } from 'n8n-workflow';

import type { ModelReply, StopReason, Usage } from '../types';
import { toUsage } from '../types';
import { asArray, asNumber, asObject, mergeUsage } from './shared';
import { baseModelId } from '../models/modelId';
import { DEFAULT_PROFILE, EMBEDDING_TEMPLATE } from '../tokens/profiles';
import type {
	EmbeddingBatchSpec,
	FamilyPrices,
	FamilyRequestInput,
	ModelFamily,
	StreamParser,
} from './types';

const TITAN_EMBED_DIMENSIONS = [256, 512, 1024];

/** Titan refuses a longer `inputText` (it has no truncation switch). */
const TITAN_EMBED_MAX_CHARACTERS = 50_000;

function isV2(modelId: string): boolean {
	return baseModelId(modelId).startsWith('amazon.titan-embed-text-v2');
}

/** The body for one text; `dimensions` and `normalize` only go to V2, which alone accepts them. */
function titanBody(
	modelId: string,
	text: string,
	dimensions: unknown,
	normalize: boolean | undefined,
): IDataObject {
	const body: IDataObject = { inputText: text };
	if (!isV2(modelId)) return body;
	const length = Number(dimensions ?? 1024);
	if (!TITAN_EMBED_DIMENSIONS.includes(length)) {
		throw new Error(
			`Dimensions must be one of ${TITAN_EMBED_DIMENSIONS.join(', ')} for Amazon Titan Text Embeddings (got ${String(dimensions)})`,
		);
	}
	body.dimensions = length;
	body.normalize = normalize !== false;
	return body;
}

function buildRequest({ modelId, prompt, extra }: FamilyRequestInput): IDataObject {
	return titanBody(
		modelId,
		prompt,
		extra.titanEmbedDimensions,
		extra.titanEmbedNormalize === false ? false : undefined,
	);
}

function parseResponse(body: IDataObject, headerUsage?: Partial<Usage>): ModelReply {
	const embedding =
		asArray(body.embedding).length > 0
			? asArray(body.embedding)
			: asArray(asObject(body.embeddingsByType).float);
	return {
		text: '',
		stopReason: 'end_turn',
		usage: toUsage(mergeUsage({ inputTokens: asNumber(body.inputTextTokenCount) }, headerUsage)),
		embedding: embedding as number[],
	};
}

/** Embedding models do not stream; a single body passed through here is parsed as is. */
export function wholeBodyStreamParser(
	parse: (body: IDataObject, headerUsage?: Partial<Usage>) => ModelReply,
): StreamParser {
	let body: IDataObject = {};
	return {
		push(chunk) {
			body = { ...body, ...chunk };
			return '';
		},
		finish() {
			return parse(body);
		},
	};
}

/**
 * Titan takes one text per request and has no truncation switch (a text over its limit is refused).
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html
 */
const embeddings: EmbeddingBatchSpec = {
	maxTextsPerRequest: () => 1,
	dimensions: (modelId) => (isV2(modelId) ? [1024, 512, 256] : []),
	offeredDimensions: { models: 'Titan Text Embeddings V2', lengths: [1024, 512, 256] },
	takesNormalize: isV2,
	buildBatchRequest({ modelId, texts, dimensions, normalize }) {
		const text = texts[0] ?? '';
		if (text.length > TITAN_EMBED_MAX_CHARACTERS) {
			throw new Error(
				`Titan Text Embeddings accepts texts of at most ${TITAN_EMBED_MAX_CHARACTERS} characters (got ${text.length}). Lower the text splitter's chunk size.`,
			);
		}
		return titanBody(modelId, text, dimensions, normalize);
	},
	parseBatchResponse: (body) => [parseResponse(body).embedding as number[]],
};

const stopReasons: Record<string, StopReason> = {};

const prices: FamilyPrices = {
	'amazon.titan-embed-text-v1': {
		displayName: 'Titan Embeddings G1 - Text',
		regions: { us: { inputPer1k: 0.0001, outputPer1k: 0 } },
	},
	'amazon.titan-embed-text-v2': {
		displayName: 'Titan Text Embeddings V2',
		regions: { us: { inputPer1k: 0.00002, outputPer1k: 0 } },
	},
};

export const titanEmbedFamily: ModelFamily<'titanEmbed'> = {
	id: 'titanEmbed',
	displayName: 'Amazon Titan Text Embeddings',
	kind: 'embedding',
	modelIdPattern: /^amazon\.titan-embed-(?:text-v[12]|g1-text)/,
	// Batch inference: Titan Text Embeddings V2.
	batchInference: /^amazon\.titan-embed-text-v2/,
	knobs: {},
	fields: [
		{
			displayName: 'Dimensions',
			name: 'titanEmbedDimensions',
			type: 'options',
			options: [
				{ name: '256', value: 256 },
				{ name: '512', value: 512 },
				{ name: '1024', value: 1024 },
			],
			default: 1024,
			description: 'Length of the embedding vector (Titan Text Embeddings V2 only)',
		},
		{
			displayName: 'Normalize',
			name: 'titanEmbedNormalize',
			type: 'boolean',
			default: true,
			description: 'Whether to scale the embedding to unit length (Titan Text Embeddings V2 only)',
		},
	],
	buildRequest,
	parseResponse,
	embeddings,
	createStreamParser: () => wholeBodyStreamParser(parseResponse),
	stopReasons,
	estimator: { ...DEFAULT_PROFILE, template: EMBEDDING_TEMPLATE },
	prices,
};
