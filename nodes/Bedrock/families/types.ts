import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { InferenceKnobs, ModelReply, StopReason, Usage } from '../types';

export type FamilyId =
	| 'anthropic'
	| 'meta'
	| 'mistral'
	| 'mistralChat'
	| 'titanText'
	| 'nova'
	| 'cohereCommandR'
	| 'ai21Jamba'
	| 'deepseek'
	| 'openaiGptOss'
	| 'titanEmbed'
	| 'cohereEmbed';

export type KnobName = keyof InferenceKnobs;

/** How a common knob is called and bounded in this family's native body. */
export interface KnobSpec {
	/** Dotted path in the native body, e.g. `max_tokens` or `textGenerationConfig.maxTokenCount`. */
	path: string;
	min?: number;
	max?: number;
	/** Most stop sequences the family accepts. */
	maxItems?: number;
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

export interface ModelFamily {
	id: FamilyId;
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
}
