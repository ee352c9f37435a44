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
