/**
 * The sub-node's parameters and how they are read: the model (checked against the credential's
 * region and resolved to its embedding family), the embedding options and how requests are sent.
 */
import type { IDataObject, INodeProperties, ISupplyDataFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { detectFamily, embeddingFamilyNames, families } from '../Bedrock/families/registry';
import type { EmbeddingTruncation, ModelFamily } from '../Bedrock/families/types';
import { arnRegion, checkModelAgainstRegion, parseModelId } from '../Bedrock/models/modelId';
import type { ClientOptions } from '../Bedrock/transport/clients';
import {
	DEFAULT_CONCURRENCY,
	DEFAULT_MAX_ATTEMPTS,
	DEFAULT_MAX_RETRY_TIME_MS,
	MAX_CONCURRENCY,
} from '../Bedrock/transport/limits';
import type { EmbeddingsSettings } from './embeddings';

const embeddingFamilies = (families as readonly ModelFamily[]).filter(
	(family) => family.kind === 'embedding' && family.embeddings !== undefined,
);

/** The vector lengths the models make, as the families declare them. */
const offeredLengths = [
	...new Set(
		embeddingFamilies.flatMap((family) => family.embeddings?.offeredDimensions.lengths ?? []),
	),
].sort((a, b) => a - b);

const offeredDimensionsText = embeddingFamilies
	.flatMap((family) => (family.embeddings ? [family.embeddings.offeredDimensions] : []))
	.map(({ models, lengths }) => `${models}: ${lengths.join(', ')}`)
	.join('; ');

/** The most texts any embedding family takes in one request (Cohere Embed's 96). */
const MAX_TEXTS_PER_REQUEST = Math.max(
	...embeddingFamilies.map((family) => family.embeddings?.maxTextsPerRequest('') ?? 1),
);

export const embeddingsProperties: INodeProperties[] = [
	{
		displayName:
			'Connect this node to a vector store’s Embedding input (for example the Simple Vector Store). Use the same model to insert and to retrieve.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Model',
		name: 'model',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: `The embedding model or inference profile to call: ${embeddingFamilyNames().join(', ')}`,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchEmbeddingModels', searchable: true },
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. amazon.titan-embed-text-v2:0',
				hint: 'An embedding model ID, an inference profile ID (e.g. us.cohere.embed-v4:0), or an ARN',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
				default: DEFAULT_CONCURRENCY,
				description:
					'How many embedding requests are sent at once while documents are inserted. Lowered automatically when Bedrock throttles.',
			},
			{
				displayName: 'Dimensions',
				name: 'dimensions',
				type: 'options',
				options: [
					{ name: 'Model Default', value: 0 },
					...offeredLengths.map((length) => ({ name: String(length), value: length })),
				],
				default: 0,
				description: `Length of the vectors. ${offeredDimensionsText}; the first is the model's default. The vector store must be created with the same length.`,
			},
			{
				displayName: 'Max Attempts',
				name: 'maxAttempts',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 20 },
				default: DEFAULT_MAX_ATTEMPTS,
				description:
					'How many times a request is tried in all when Bedrock has a temporary error. Throttled attempts do not count: they back off until Max Retry Time.',
			},
			{
				displayName: 'Max Retry Time (Milliseconds)',
				name: 'maxRetryTimeMs',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: DEFAULT_MAX_RETRY_TIME_MS,
				description:
					'No retry of a request starts once this long has passed since its first attempt',
			},
			{
				displayName: 'Model Family',
				name: 'family',
				type: 'options',
				options: [
					{ name: 'Auto-Detect', value: 'auto' },
					...embeddingFamilies.map((family) => ({ name: family.displayName, value: family.id })),
				],
				default: 'auto',
				description:
					'Which request body the model takes. Auto-Detect reads it from the model ID; choose it for application inference profiles and other ARNs that do not name their model.',
			},
			{
				displayName: 'Normalize',
				name: 'normalize',
				type: 'boolean',
				default: true,
				description:
					'Whether Titan Text Embeddings V2 scales each vector to unit length (other models ignore this)',
			},
			{
				displayName: 'Request Timeout (Milliseconds)',
				name: 'requestTimeoutMs',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'How long a request may wait for Bedrock’s answer before it fails and is retried; 0 waits as long as Bedrock does',
			},
			{
				displayName: 'Texts Per Request',
				name: 'textsPerRequest',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_TEXTS_PER_REQUEST },
				default: MAX_TEXTS_PER_REQUEST,
				description: `How many document chunks go into one Cohere Embed request (Bedrock allows up to ${MAX_TEXTS_PER_REQUEST}). Titan and Nova take one text per request.`,
			},
			{
				displayName: 'Truncation',
				name: 'truncation',
				type: 'options',
				options: [
					{
						name: 'Cut the End',
						value: 'end',
						description: 'A text longer than the model accepts loses its end',
					},
					{
						name: 'Cut the Start',
						value: 'start',
						description: 'A text longer than the model accepts loses its start',
					},
					{
						name: 'None (Fail When Too Long)',
						value: 'none',
						description: 'Bedrock refuses a text longer than the model accepts',
					},
				],
				default: 'end',
				description:
					'What Cohere Embed and Nova do with a text longer than they accept. Titan refuses such texts.',
			},
		],
	},
];

function wholeNumber(value: unknown, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) {
	const parsed = Math.floor(Number(value ?? fallback));
	if (!Number.isFinite(parsed)) return fallback;
	return Math.min(Math.max(parsed, min), max);
}

const TRUNCATIONS: EmbeddingTruncation[] = ['none', 'start', 'end'];

export interface EmbeddingsNodeSettings {
	embeddings: EmbeddingsSettings;
	clientOptions: ClientOptions;
}

/** The family the model is embedded with: the one chosen in Options, else the model ID's. */
function embeddingFamilyOf(modelId: string, picked: string): ModelFamily {
	const detected = detectFamily(modelId);
	if (picked !== 'auto') {
		const family = embeddingFamilies.find((candidate) => candidate.id === picked);
		if (!family) throw new Error(`Unknown Model Family '${picked}'`);
		if (detected && detected.id !== family.id) {
			throw new Error(
				`Model Family is set to ${family.displayName} but '${modelId}' belongs to ${detected.displayName}. Set Model Family to Auto-Detect.`,
			);
		}
		return family;
	}
	if (!detected) {
		throw new Error(
			`Could not tell which embedding model '${modelId}' is. Choose it in Options → Model Family (${embeddingFamilyNames().join(', ')}).`,
		);
	}
	if (detected.kind !== 'embedding' || !detected.embeddings) {
		throw new Error(
			`'${modelId}' is not an embedding model (its family is ${detected.displayName}, a text family). Pick an embedding model: ${embeddingFamilyNames().join(', ')}.`,
		);
	}
	return detected;
}

/**
 * Reads and checks the parameters. Whatever cannot work (no model, a text model, a vector length
 * the model does not make, another partition's ARN) is refused here, before anything is sent.
 */
export function readEmbeddingsSettings(
	fn: ISupplyDataFunctions,
	itemIndex: number,
	credentialRegion: string,
): EmbeddingsNodeSettings {
	const node = fn.getNode();
	const refuse = (message: string) =>
		new NodeOperationError(node, message, {
			itemIndex,
			description: 'Nothing was sent to Bedrock.',
		});
	const modelId = String(
		fn.getNodeParameter('model', itemIndex, '', { extractValue: true }) ?? '',
	).trim();
	if (modelId === '') {
		throw refuse(
			'No model is selected. Choose an embedding model from the list, or enter its model ID, inference profile ID or ARN.',
		);
	}
	const parsed = parseModelId(modelId);
	const options = fn.getNodeParameter('options', itemIndex, {}) as IDataObject;
	let family: ModelFamily;
	try {
		checkModelAgainstRegion(parsed, credentialRegion);
		family = embeddingFamilyOf(modelId, String(options.family ?? 'auto'));
	} catch (error) {
		throw refuse((error as Error).message);
	}
	const spec = family.embeddings;
	if (!spec) throw refuse(`${family.displayName} models cannot be used for embeddings here.`);
	const requested = wholeNumber(options.dimensions, 0, 0);
	const accepted = spec.dimensions(modelId);
	if (requested !== 0 && !accepted.includes(requested)) {
		throw refuse(
			accepted.length === 0
				? `${family.displayName} '${modelId}' makes vectors of one fixed length: set Dimensions to Model Default.`
				: `Dimensions ${requested} is not offered by ${family.displayName}: choose one of ${accepted.join(', ')}, or Model Default.`,
		);
	}
	const truncation = TRUNCATIONS.includes(options.truncation as EmbeddingTruncation)
		? (options.truncation as EmbeddingTruncation)
		: 'end';
	const concurrency = wholeNumber(options.concurrency, DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY);
	return {
		embeddings: {
			modelId,
			region: arnRegion(parsed) ?? credentialRegion,
			familyName: family.displayName,
			spec,
			dimensions: requested === 0 ? undefined : requested,
			normalize: spec.takesNormalize(modelId) ? options.normalize !== false : undefined,
			truncation,
			textsPerRequest: wholeNumber(
				options.textsPerRequest,
				MAX_TEXTS_PER_REQUEST,
				1,
				MAX_TEXTS_PER_REQUEST,
			),
			concurrency,
			retryMode: 'aimd',
			maxAttempts: wholeNumber(options.maxAttempts, DEFAULT_MAX_ATTEMPTS, 1, 20),
			maxRetryTimeMs: wholeNumber(options.maxRetryTimeMs, DEFAULT_MAX_RETRY_TIME_MS, 0),
		},
		clientOptions: {
			// The node retries (AIMD must see throttling to lower concurrency), so the SDK tries once.
			maxAttempts: 1,
			retryMode: 'standard',
			requestTimeoutMs: wholeNumber(options.requestTimeoutMs, 0, 0),
			httpVersion: 'http2',
			maxConcurrency: concurrency,
		},
	};
}
