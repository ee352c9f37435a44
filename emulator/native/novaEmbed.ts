/**
 * Amazon Nova Multimodal Embeddings (`amazon.nova-2-multimodal-embeddings-v1:0`) synchronous body
 * on InvokeModel: one SINGLE_EMBEDDING task per request. Only text inputs are embedded here.
 * https://docs.aws.amazon.com/nova/latest/userguide/embeddings-schema.html
 */
import type { EmbeddingRequest, NativeFormat } from '../types';
import { EmulatorValidationError } from '../types';
import { asEmbedding, baseModelName, streamingUnsupported } from './common';
import { validateBody, type Schema } from './schema';

const requestSchema: Schema = {
	type: 'object',
	required: ['taskType', 'singleEmbeddingParams'],
	properties: {
		schemaVersion: { type: 'string', enum: ['nova-multimodal-embed-v1'] },
		taskType: { type: 'string', enum: ['SINGLE_EMBEDDING'] },
		singleEmbeddingParams: {
			type: 'object',
			required: ['embeddingPurpose'],
			properties: {
				embeddingPurpose: {
					type: 'string',
					enum: [
						'GENERIC_INDEX',
						'GENERIC_RETRIEVAL',
						'TEXT_RETRIEVAL',
						'IMAGE_RETRIEVAL',
						'VIDEO_RETRIEVAL',
						'DOCUMENT_RETRIEVAL',
						'AUDIO_RETRIEVAL',
						'CLASSIFICATION',
						'CLUSTERING',
					],
				},
				embeddingDimension: { anyValueOf: [256, 384, 1024, 3072] },
				text: {
					type: 'object',
					required: ['truncationMode'],
					properties: {
						truncationMode: { type: 'string', enum: ['START', 'END', 'NONE'] },
						value: { type: 'string', minLength: 1 },
						source: { type: 'any' },
					},
				},
				image: { type: 'any' },
				audio: { type: 'any' },
				video: { type: 'any' },
			},
		},
	},
};

function parseRequest(body: unknown, modelId: string): EmbeddingRequest {
	validateBody(body, requestSchema);
	const params = body.singleEmbeddingParams as {
		embeddingDimension?: number;
		text?: { value?: string };
	};
	const text = params.text?.value;
	if (text === undefined) {
		throw new EmulatorValidationError(
			'Malformed input request: exactly one of text, image, audio or video must be provided in singleEmbeddingParams, please reformat your input and try again.',
		);
	}
	return { modelId, texts: [text], dimensions: params.embeddingDimension ?? 3072 };
}

export const novaEmbedFormat: NativeFormat = {
	id: 'nova-embed',
	matches: (baseModelId) =>
		/^amazon\.nova-(?:[\w-]*-)?multimodal-embeddings/.test(baseModelName(baseModelId)),
	kind: 'embedding',
	parseRequest,
	renderResponse: (result) => {
		const { embeddings } = asEmbedding(result);
		return {
			embeddings: embeddings.map((embedding) => ({ embeddingType: 'TEXT', embedding })),
		};
	},
	renderStreamChunks: streamingUnsupported,
	streamMetrics: false,
};
