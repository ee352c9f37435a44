import type { IDataObject } from 'n8n-workflow';

import type { ModelReply, StopReason, Usage } from '../types';
import { toUsage } from '../types';
import { asArray, asObject, asString } from './shared';
import { baseModelId } from '../models/modelId';
import { parseJsonField } from '../mapping/fields';
import { wholeBodyStreamParser } from './titanEmbed';
import { DEFAULT_PROFILE, EMBEDDING_TEMPLATE } from '../tokens/profiles';
import type {
	EmbeddingBatchSpec,
	EmbeddingTruncation,
	FamilyPrices,
	FamilyRequestInput,
	ModelFamily,
} from './types';

const COHERE_EMBED_INPUT_TYPES = [
	'search_document',
	'search_query',
	'classification',
	'clustering',
];

/** Bedrock's limit of texts per Cohere Embed request (v3 and v4). */
export const COHERE_EMBED_MAX_TEXTS = 96;

/** Cohere Embed v3 refuses a text longer than this many characters, whatever `truncate` says. */
export const COHERE_EMBED_V3_MAX_CHARACTERS = 2048;

const V4_DIMENSIONS = [1536, 1024, 512, 256];

/** Embed v4 names the ends of a text LEFT and RIGHT where v3 says START and END. */
function isV4(modelId: string): boolean {
	return baseModelId(modelId).startsWith('cohere.embed-v4');
}

function truncateValue(modelId: string, truncation: EmbeddingTruncation | string): string {
	const upper = truncation.toUpperCase();
	if (!isV4(modelId)) return upper;
	if (upper === 'START') return 'LEFT';
	if (upper === 'END') return 'RIGHT';
	return upper;
}

function textsFrom(prompt: string, textsField: unknown): string[] {
	const parsed = parseJsonField(textsField, 'Texts');
	if (parsed === undefined) return [prompt];
	if (!Array.isArray(parsed) || parsed.some((text) => typeof text !== 'string')) {
		throw new Error(
			'\'Texts\' must be a JSON array of strings, such as ["first text", "second text"]',
		);
	}
	return parsed.length > 0 ? (parsed as string[]) : [prompt];
}

function buildRequest({ modelId, prompt, extra }: FamilyRequestInput): IDataObject {
	const inputType = asString(extra.cohereEmbedInputType) || 'search_document';
	if (!COHERE_EMBED_INPUT_TYPES.includes(inputType)) {
		throw new Error(
			`Input Type must be one of ${COHERE_EMBED_INPUT_TYPES.join(', ')} for Cohere Embed models (got '${inputType}')`,
		);
	}
	const body: IDataObject = {
		texts: textsFrom(prompt, extra.cohereEmbedTexts),
		input_type: inputType,
	};
	const truncate = asString(extra.cohereEmbedTruncate);
	if (truncate && truncate !== 'NONE') body.truncate = truncateValue(modelId, truncate);
	return body;
}

/**
 * Several texts per request, up to Bedrock's 96; documents as `search_document`, queries as
 * `search_query`. v4 is asked for float vectors explicitly and takes an output dimension.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed-v3.html
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed-v4.html
 */
const embeddings: EmbeddingBatchSpec = {
	maxTextsPerRequest: () => COHERE_EMBED_MAX_TEXTS,
	dimensions: (modelId) => (isV4(modelId) ? V4_DIMENSIONS : []),
	offeredDimensions: { models: 'Cohere Embed v4', lengths: V4_DIMENSIONS },
	takesNormalize: () => false,
	buildBatchRequest({ modelId, texts, purpose, dimensions, truncation }) {
		if (texts.length > COHERE_EMBED_MAX_TEXTS) {
			throw new Error(
				`Cohere Embed takes at most ${COHERE_EMBED_MAX_TEXTS} texts per request (got ${texts.length})`,
			);
		}
		const body: IDataObject = {
			texts,
			input_type: purpose === 'query' ? 'search_query' : 'search_document',
		};
		if (truncation && truncation !== 'none') body.truncate = truncateValue(modelId, truncation);
		if (isV4(modelId)) {
			body.embedding_types = ['float'];
			if (dimensions !== undefined) {
				if (!V4_DIMENSIONS.includes(dimensions)) {
					throw new Error(
						`Dimensions must be one of ${V4_DIMENSIONS.join(', ')} for Cohere Embed v4 (got ${dimensions})`,
					);
				}
				body.output_dimension = dimensions;
			}
			return body;
		}
		const tooLong = texts.findIndex((text) => text.length > COHERE_EMBED_V3_MAX_CHARACTERS);
		if (tooLong !== -1) {
			throw new Error(
				`Cohere Embed v3 accepts texts of at most ${COHERE_EMBED_V3_MAX_CHARACTERS} characters; text ${tooLong + 1} of this request has ${texts[tooLong].length}. Lower the text splitter's chunk size.`,
			);
		}
		return body;
	},
	parseBatchResponse(body) {
		const vectors = Array.isArray(body.embeddings)
			? body.embeddings
			: asArray(asObject(body.embeddings).float);
		return vectors as number[][];
	},
};

/**
 * `embeddings` is a list of vectors (`embeddings_floats`) or, when types were asked for, an object
 * by type (`embeddings_by_type`). One input text gives one vector; several give a list of vectors.
 * The body has no token counts: they come from the response headers.
 */
function parseResponse(body: IDataObject, headerUsage?: Partial<Usage>): ModelReply {
	const vectors = (
		Array.isArray(body.embeddings) ? body.embeddings : asArray(asObject(body.embeddings).float)
	) as number[][];
	return {
		text: '',
		stopReason: 'end_turn',
		usage: toUsage(headerUsage ?? {}),
		embedding: vectors.length === 1 ? vectors[0] : vectors,
	};
}

const stopReasons: Record<string, StopReason> = {};

const prices: FamilyPrices = {
	'cohere.embed-english-v3': {
		displayName: 'Embed English v3',
		regions: { us: { inputPer1k: 0.0001, outputPer1k: 0 } },
	},
	'cohere.embed-multilingual-v3': {
		displayName: 'Embed Multilingual v3',
		regions: { us: { inputPer1k: 0.0001, outputPer1k: 0 } },
	},
	'cohere.embed-v4': {
		displayName: 'Embed v4',
		regions: { us: { inputPer1k: 0.00012, outputPer1k: 0 } },
	},
};

export const cohereEmbedFamily: ModelFamily<'cohereEmbed'> = {
	id: 'cohereEmbed',
	displayName: 'Cohere Embed',
	kind: 'embedding',
	modelIdPattern: /^cohere\.embed/,
	knobs: {},
	fields: [
		{
			displayName: 'Input Type',
			name: 'cohereEmbedInputType',
			type: 'options',
			options: [
				{ name: 'Classification', value: 'classification' },
				{ name: 'Clustering', value: 'clustering' },
				{ name: 'Search Document', value: 'search_document' },
				{ name: 'Search Query', value: 'search_query' },
			],
			default: 'search_document',
			description:
				'What the embedding is for: texts to store for search, a search query, or classification and clustering',
		},
		{
			displayName: 'Texts',
			name: 'cohereEmbedTexts',
			type: 'json',
			default: '',
			description:
				'Several texts to embed in one call, as a JSON array of strings. Leave empty to embed the prompt.',
		},
		{
			displayName: 'Truncate',
			name: 'cohereEmbedTruncate',
			type: 'options',
			options: [
				{ name: 'End', value: 'END' },
				{ name: 'None (Fail When Too Long)', value: 'NONE' },
				{ name: 'Start', value: 'START' },
			],
			default: 'NONE',
			description: 'What to do with a text longer than the model accepts',
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
