/**
 * Amazon Titan Text Embeddings (G1 `amazon.titan-embed-text-v1` and V2 `amazon.titan-embed-text-v2:0`)
 * body on InvokeModel.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html
 */
import type { EmbeddingRequest, NativeFormat } from '../types';
import { asEmbedding, baseModelName, streamingUnsupported, withoutUndefined } from './common';
import { validateBody, type JsonObject, type Schema } from './schema';

const v2Schema: Schema = {
	type: 'object',
	required: ['inputText'],
	properties: {
		inputText: { type: 'string', minLength: 1, maxLength: 50000 },
		dimensions: { anyValueOf: [256, 512, 1024] },
		normalize: { type: 'boolean' },
		embeddingTypes: {
			type: 'array',
			minItems: 1,
			items: { type: 'string', enum: ['float', 'binary'] },
		},
	},
};

const v1Schema: Schema = {
	type: 'object',
	required: ['inputText'],
	properties: { inputText: { type: 'string', minLength: 1, maxLength: 50000 } },
};

type TitanEmbeddingType = 'float' | 'binary';

/** Titan V2 request state the response needs (which embedding types to return). */
interface TitanEmbeddingRequest extends EmbeddingRequest {
	titanEmbeddingTypes?: TitanEmbeddingType[];
}

function isV2(modelId: string): boolean {
	return /^amazon\.titan-embed-text-v2/.test(baseModelName(modelId));
}

function parseRequest(body: unknown, modelId: string): TitanEmbeddingRequest {
	if (!isV2(modelId)) {
		validateBody(body, v1Schema);
		return { modelId, texts: [body.inputText as string] };
	}
	validateBody(body, v2Schema);
	return withoutUndefined({
		modelId,
		texts: [body.inputText as string],
		dimensions: (body.dimensions as number | undefined) ?? 1024,
		normalize: (body.normalize as boolean | undefined) ?? true,
		titanEmbeddingTypes: body.embeddingTypes as TitanEmbeddingType[] | undefined,
	});
}

export function toBinaryEmbedding(vector: number[]): number[] {
	return vector.map((value) => (value > 0 ? 1 : 0));
}

export const titanEmbedFormat: NativeFormat = {
	id: 'titan-embed',
	matches: (baseModelId) => /^amazon\.titan-embed-text-v[12]/.test(baseModelName(baseModelId)),
	kind: 'embedding',
	parseRequest,
	renderResponse: (result, request) => {
		const { embeddings, inputTokens } = asEmbedding(result);
		const vector = embeddings[0] ?? [];
		if (!isV2(request.modelId)) return { embedding: vector, inputTextTokenCount: inputTokens };
		const types = (request as TitanEmbeddingRequest).titanEmbeddingTypes ?? ['float'];
		const byType: JsonObject = {};
		if (types.includes('float')) byType.float = vector;
		if (types.includes('binary')) byType.binary = toBinaryEmbedding(vector);
		return { embedding: vector, inputTextTokenCount: inputTokens, embeddingsByType: byType };
	},
	renderStreamChunks: streamingUnsupported,
	streamMetrics: false,
};
