/**
 * Cohere Embed v3 (English and Multilingual) and v4 bodies on InvokeModel.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed-v3.html
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed-v4.html
 */
import type { EmbeddingRequest, NativeFormat } from '../types';
import { EmulatorValidationError } from '../types';
import { asEmbedding, baseModelName, stableUuid, streamingUnsupported } from './common';
import { validateBody, type JsonObject, type Schema } from './schema';

const embeddingTypes = ['float', 'int8', 'uint8', 'binary', 'ubinary'] as const;
type CohereEmbeddingType = (typeof embeddingTypes)[number];

const requestSchema: Schema = {
	type: 'object',
	required: ['input_type'],
	properties: {
		texts: {
			type: 'array',
			maxItems: 96,
			items: { type: 'string', maxLength: 2048 },
		},
		images: { type: 'array', maxItems: 1, items: { type: 'string' } },
		input_type: {
			type: 'string',
			enum: ['search_document', 'search_query', 'classification', 'clustering', 'image'],
		},
		truncate: { type: 'string', enum: ['NONE', 'START', 'END'] },
		embedding_types: { type: 'array', items: { type: 'string', enum: embeddingTypes } },
	},
};

/** v4: texts of any length up to its context, an output dimension, and LEFT/RIGHT truncation. */
const v4Schema: Schema = {
	type: 'object',
	required: ['input_type'],
	properties: {
		texts: { type: 'array', maxItems: 96, items: { type: 'string' } },
		images: { type: 'array', maxItems: 96, items: { type: 'string' } },
		inputs: { type: 'array', maxItems: 96, items: { type: 'any' } },
		input_type: {
			type: 'string',
			enum: ['search_document', 'search_query', 'classification', 'clustering'],
		},
		truncate: { type: 'string', enum: ['NONE', 'LEFT', 'RIGHT'] },
		embedding_types: { type: 'array', items: { type: 'string', enum: embeddingTypes } },
		output_dimension: { anyValueOf: [256, 512, 1024, 1536] },
		max_tokens: { type: 'number' },
	},
};

function isV4(modelId: string): boolean {
	return /^cohere\.embed-v4/.test(baseModelName(modelId));
}

/** Cohere request state the response needs (the texts echoed back, the embedding types). */
interface CohereEmbeddingRequest extends EmbeddingRequest {
	cohereEmbeddingTypes?: CohereEmbeddingType[];
}

function parseRequest(body: unknown, modelId: string): CohereEmbeddingRequest {
	const v4 = isV4(modelId);
	validateBody(body, v4 ? v4Schema : requestSchema);
	const texts = (body.texts as string[] | undefined) ?? [];
	const images = (body.images as string[] | undefined) ?? [];
	if (texts.length === 0 && images.length === 0) {
		throw new EmulatorValidationError(
			'Malformed input request: #: required key [texts] not found, please reformat your input and try again.',
		);
	}
	const request: CohereEmbeddingRequest = {
		modelId,
		// An image is embedded like a text here; the engine only needs something to hash.
		texts: texts.length > 0 ? texts : images,
		dimensions: v4 ? ((body.output_dimension as number | undefined) ?? 1536) : 1024,
	};
	if (body.embedding_types !== undefined) {
		request.cohereEmbeddingTypes = body.embedding_types as CohereEmbeddingType[];
	} else if (v4) {
		// v4 always answers by type; float when none was asked for.
		request.cohereEmbeddingTypes = ['float'];
	}
	return request;
}

function quantise(vector: number[], type: CohereEmbeddingType): number[] {
	switch (type) {
		case 'float':
			return vector;
		case 'int8':
			return vector.map((value) => Math.max(-128, Math.min(127, Math.round(value * 127))));
		case 'uint8':
			return vector.map((value) => Math.max(0, Math.min(255, Math.round((value + 1) * 127.5))));
		case 'binary':
		case 'ubinary': {
			// One bit per dimension, packed eight to a byte; `binary` stores the byte minus 128.
			const packed: number[] = [];
			for (let offset = 0; offset < vector.length; offset += 8) {
				let byte = 0;
				for (let bit = 0; bit < 8; bit++) {
					byte = (byte << 1) | ((vector[offset + bit] ?? 0) > 0 ? 1 : 0);
				}
				packed.push(type === 'binary' ? byte - 128 : byte);
			}
			return packed;
		}
	}
}

export const cohereEmbedFormat: NativeFormat = {
	id: 'cohere-embed',
	matches: (baseModelId) =>
		/^cohere\.embed-(?:(?:english|multilingual)-v3|v4)/.test(baseModelName(baseModelId)),
	kind: 'embedding',
	parseRequest,
	renderResponse: (result, request) => {
		const { embeddings } = asEmbedding(result);
		const types = (request as CohereEmbeddingRequest).cohereEmbeddingTypes;
		const texts = 'texts' in request ? request.texts : [];
		const id = stableUuid(`${request.modelId}\n${texts.join('\n')}`);
		if (!types) return { embeddings, id, response_type: 'embeddings_floats', texts };
		const byType: JsonObject = {};
		for (const type of types) byType[type] = embeddings.map((vector) => quantise(vector, type));
		return { embeddings: byType, id, response_type: 'embeddings_by_type', texts };
	},
	renderStreamChunks: streamingUnsupported,
	streamMetrics: false,
};
