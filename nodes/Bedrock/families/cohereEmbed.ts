import type { IDataObject } from 'n8n-workflow';

import type { ModelReply, StopReason, Usage } from '../types';
import { toUsage } from '../types';
import { asArray, asObject, asString } from './shared';
import { parseJsonField } from '../mapping/fields';
import { wholeBodyStreamParser } from './titanEmbed';
import { DEFAULT_PROFILE, EMBEDDING_TEMPLATE } from '../tokens/profiles';
import type { FamilyPrices, FamilyRequestInput, ModelFamily } from './types';

const COHERE_EMBED_INPUT_TYPES = [
	'search_document',
	'search_query',
	'classification',
	'clustering',
];

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

function buildRequest({ prompt, extra }: FamilyRequestInput): IDataObject {
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
	if (truncate && truncate !== 'NONE') body.truncate = truncate;
	return body;
}

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
	createStreamParser: () => wholeBodyStreamParser(parseResponse),
	stopReasons,
	estimator: { ...DEFAULT_PROFILE, template: EMBEDDING_TEMPLATE },
	prices,
};
