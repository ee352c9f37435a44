import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { PriceEntry } from '../pricing/priceTable';
import type { EstimatorProfile } from '../tokens/profiles';
import type { InferenceKnobs, ModelReply, StopReason, Usage } from '../types';

export type { FamilyId } from './registry';

export type KnobName = keyof InferenceKnobs;

/** How a common knob is called and bounded in this family's native body. */
export interface KnobSpec {
	/** Dotted path in the native body, e.g. `max_tokens` or `textGenerationConfig.maxTokenCount`. */
	path: string;
	/** Other paths the model accepts for the same knob in a raw body (read, never written). */
	aliases?: string[];
	min?: number;
	max?: number;
	/** Most stop sequences the family accepts. */
	maxItems?: number;
	/** Stop sequences only: the only values the family accepts, where it restricts them. */
	allowed?: string[];
}

export interface FamilyRequestInput {
	/** The model ID as it will be called (profile IDs and ARNs included). */
	modelId: string;
	prompt: string;
	systemPrompt?: string;
	knobs: InferenceKnobs;
	/** Values of this family's own `fields`, by parameter name. */
	extra: IDataObject;
}

/** Consumes InvokeModelWithResponseStream `chunk.bytes`, already decoded as JSON, one at a time. */
export interface StreamParser {
	/** Returns the text delta this chunk carries ('' when none). */
	push(chunk: IDataObject): string;
	/** The aggregated reply: identical to what `parseResponse` gives for the same non-streamed call. */
	finish(): ModelReply;
}

export type ReasoningEffort = 'low' | 'medium' | 'high';

/**
 * What Converse needs to know of the family: the model's own request fields it puts in
 * `additionalModelRequestFields` (Converse's inferenceConfig has no Top K and no reasoning).
 * https://docs.aws.amazon.com/bedrock/latest/userguide/conversation-inference-call.html
 */
export interface ConverseFields {
	/**
	 * Dotted path of Top K in `additionalModelRequestFields`. Undefined: the path of the family's
	 * Top K knob (the native body's name). Null: the family takes no Top K through Converse.
	 */
	topKPath?: string | null;
	/** A token budget for reasoning (Claude's extended thinking). */
	reasoningBudget?: {
		minTokens: number;
		/** Whether the model refuses Temperature, Top P and Top K while it reasons. */
		excludesSampling: boolean;
		/** Whether Max Tokens covers reasoning and answer, so the budget is added on top. */
		addsToMaxTokens: boolean;
		fields(budget: number): IDataObject;
	};
	/** A reasoning effort level (Nova 2, gpt-oss). */
	reasoningEffort?: (effort: ReasoningEffort) => IDataObject;
}

/** What the embedded text is for: stored for search, or a search query. */
export type EmbeddingPurpose = 'document' | 'query';

/** Where a text longer than the model accepts is cut; `none` refuses it. */
export type EmbeddingTruncation = 'none' | 'start' | 'end';

export interface EmbeddingBatchInput {
	/** The model ID as it will be called (profile IDs and ARNs included). */
	modelId: string;
	/** At most `maxTextsPerRequest(modelId)` texts, each non-empty. */
	texts: string[];
	purpose: EmbeddingPurpose;
	/** Vector length; undefined for the model's default. */
	dimensions?: number;
	/** Titan V2 only: scale to unit length. */
	normalize?: boolean;
	truncation?: EmbeddingTruncation;
}

/** How an embedding family embeds many texts: what the Embeddings sub-node needs. */
export interface EmbeddingBatchSpec {
	/** Most texts one InvokeModel request carries (1 for models that take one text). */
	maxTextsPerRequest(modelId: string): number;
	/** The vector lengths the model accepts, default first; empty when it has one fixed length. */
	dimensions(modelId: string): number[];
	/** Every length some model of the family makes, with which models, for the sub-node's form. */
	offeredDimensions: { models: string; lengths: number[] };
	/** Whether the model takes a normalize switch. */
	takesNormalize(modelId: string): boolean;
	buildBatchRequest(input: EmbeddingBatchInput): IDataObject;
	/** One vector per text sent, in the order sent. */
	parseBatchResponse(body: IDataObject): number[][];
}

/** Price-table entries keyed by the start of the foundation-model ID; the longest matching key wins. */
export type FamilyPrices = Record<string, PriceEntry>;

export interface ModelFamily<Id extends string = string> {
	id: Id;
	displayName: string;
	kind: 'text' | 'embedding';
	/** Matches base foundation-model IDs (no region prefix, no ARN), e.g. /^meta\.llama/. */
	modelIdPattern: RegExp;
	/** The common knobs this family has; a knob missing here is hidden in the form and refused. */
	knobs: Partial<Record<KnobName, KnobSpec>>;
	/** The family's own form fields (parameter names prefixed with the family id). */
	fields: INodeProperties[];
	buildRequest(input: FamilyRequestInput): IDataObject;
	/**
	 * Normalises a native InvokeModel response body. `headerUsage` holds the token counts AWS sends in
	 * `X-Amzn-Bedrock-Input-Token-Count` / `-Output-Token-Count`, used where the body has none.
	 */
	parseResponse(body: IDataObject, headerUsage?: Partial<Usage>): ModelReply;
	createStreamParser(): StreamParser;
	/** The family's own stop-reason words mapped to Converse's. */
	stopReasons: Record<string, StopReason>;
	/** Converse's model-specific request fields; embedding families have none. */
	converse?: ConverseFields;
	/** Embedding families: how many texts are embedded per request and how. */
	embeddings?: EmbeddingBatchSpec;
	/** How Count Tokens estimates the family's input locally, by base model ID where it differs. */
	estimator?: EstimatorProfile | ((baseModelId: string) => EstimatorProfile);
	/** On-demand prices of the family's models (https://aws.amazon.com/bedrock/pricing/). */
	prices?: FamilyPrices;
	/**
	 * The family's models that Bedrock runs batch inference jobs for (base foundation-model IDs), as
	 * listed in https://docs.aws.amazon.com/bedrock/latest/userguide/batch-inference-supported.html.
	 * Absent: none of them. Batch jobs are billed at half the on-demand price for these models.
	 */
	batchInference?: RegExp;
}
