/**
 * The family registry: the one place the node learns what a model family is. Invoke Model builds
 * and parses bodies with it, Converse takes its model-specific request fields from it, Count Tokens
 * its max-token paths and estimator profiles, the cost estimate its prices. Adding a family is one
 * module and one line below.
 */
import type { InferenceKnobs } from '../types';
import { baseModelId, MODEL_ID_PREFIX_SOURCE, parseModelId } from '../models/modelId';
import { ai21JambaFamily } from './ai21Jamba';
import { anthropicFamily } from './anthropic';
import { cohereCommandRFamily } from './cohereCommandR';
import { cohereEmbedFamily } from './cohereEmbed';
import { deepseekFamily } from './deepseek';
import { metaFamily } from './meta';
import { mistralFamily } from './mistral';
import { mistralChatFamily } from './mistralChat';
import { novaFamily } from './nova';
import { openaiGptOssFamily } from './openaiGptOss';
import { qwenFamily } from './qwen';
import { kimiFamily } from './kimi';
import { deepseekV3Family } from './deepseekV3';
import { minimaxFamily } from './minimax';
import { gemmaFamily } from './gemma';
import { writerPalmyraFamily } from './writerPalmyra';
import { hasKnobValue } from './shared';
import { titanTextFamily } from './titanText';
import { titanEmbedFamily } from './titanEmbed';
import { novaEmbedFamily } from './novaEmbed';
import type { KnobName, ModelFamily } from './types';

export const families = [
	anthropicFamily,
	metaFamily,
	mistralFamily,
	mistralChatFamily,
	titanTextFamily,
	novaFamily,
	cohereCommandRFamily,
	ai21JambaFamily,
	deepseekFamily,
	openaiGptOssFamily,
	qwenFamily,
	kimiFamily,
	deepseekV3Family,
	minimaxFamily,
	gemmaFamily,
	writerPalmyraFamily,
	titanEmbedFamily,
	cohereEmbedFamily,
	novaEmbedFamily,
] as const;

export type FamilyId = (typeof families)[number]['id'];

/** How the common knobs are labelled in the node's Options. */
const KNOB_LABELS: Record<KnobName, string> = {
	maxTokens: 'Max Tokens',
	temperature: 'Temperature',
	topP: 'Top P',
	topK: 'Top K',
	stopSequences: 'Stop Sequences',
};

export function getFamily(id: FamilyId): ModelFamily {
	const family = (families as readonly ModelFamily[]).find((candidate) => candidate.id === id);
	if (!family) throw new Error(`Unknown model family '${String(id)}'`);
	return family;
}

/**
 * The family of a foundation model ID, a cross-region inference profile ID, or a foundation-model or
 * system inference-profile ARN. Undefined for anything that does not name its base model
 * (application inference profiles, provisioned, custom and imported models) and for unknown models.
 */
export function detectFamily(modelId: string): ModelFamily | undefined {
	const base = baseModelId(modelId);
	return (families as readonly ModelFamily[]).find((family) => family.modelIdPattern.test(base));
}

/** The family to build the body for: the one picked in the form, checked against the model ID. */
export function resolveFamily(modelId: string, pickedFamilyId: FamilyId | 'auto'): ModelFamily {
	const detected = detectFamily(modelId);
	if (pickedFamilyId === 'auto') {
		if (!detected) {
			throw new Error(
				`Could not tell the model family from '${modelId}'. Choose it in 'Model Family'.`,
			);
		}
		return detected;
	}
	const picked = getFamily(pickedFamilyId);
	if (detected && detected.id !== picked.id) {
		throw new Error(
			`Model Family is set to ${picked.displayName} but '${modelId}' is ${article(detected.displayName)} ${detected.displayName} model. Set Model Family to Auto-Detect or pick the matching family.`,
		);
	}
	return picked;
}

/** The embedding family of a model ID, profile ID or ARN; undefined for text and unknown models. */
export function detectEmbeddingFamily(
	modelId: string,
): (ModelFamily & { embeddings: NonNullable<ModelFamily['embeddings']> }) | undefined {
	const family = detectFamily(modelId);
	return family?.kind === 'embedding' && family.embeddings
		? (family as ModelFamily & { embeddings: NonNullable<ModelFamily['embeddings']> })
		: undefined;
}

/** The display names of the families the Embeddings sub-node can call. */
export function embeddingFamilyNames(): string[] {
	return (families as readonly ModelFamily[])
		.filter((family) => family.kind === 'embedding' && family.embeddings)
		.map((family) => family.displayName);
}

function article(word: string): string {
	return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/**
 * A regex source (for n8n's `displayOptions` `_cnd: { regex }`) matching the family's model IDs,
 * inference profile IDs and ARNs.
 */
export function modelIdRegexSource(family: ModelFamily): string {
	return MODEL_ID_PREFIX_SOURCE + family.modelIdPattern.source.replace(/^\^/, '');
}

/**
 * Every path at which some family's body carries its max-token limit, split into keys: Count Tokens
 * reads the reply length a raw body asks for from these.
 */
export function maxTokenPaths(): string[][] {
	const paths = new Set<string>();
	for (const family of families as readonly ModelFamily[]) {
		const spec = family.knobs.maxTokens;
		if (!spec) continue;
		for (const path of [spec.path, ...(spec.aliases ?? [])]) paths.add(path);
	}
	return [...paths].map((path) => path.split('.'));
}

/** Converse's Top K field for models no family knows: the name most native bodies use. */
const UNKNOWN_MODEL_TOP_K_PATH = 'top_k';

/**
 * Where Converse puts Top K in `additionalModelRequestFields` for a model of this family (or of no
 * known family); undefined when the family takes no Top K.
 */
export function converseTopKPath(family: ModelFamily | undefined): string | undefined {
	if (!family) return UNKNOWN_MODEL_TOP_K_PATH;
	const declared = family.converse?.topKPath;
	if (declared === null) return undefined;
	return declared ?? family.knobs.topK?.path;
}

/** The display names of the families that take a reasoning effort through Converse. */
export function reasoningEffortFamilyNames(): string[] {
	return (families as readonly ModelFamily[])
		.filter((family) => family.converse?.reasoningEffort)
		.map((family) => family.displayName);
}

/** Refuses knobs the family lacks and values outside its documented ranges. */
export function validateKnobs(family: ModelFamily, knobs: InferenceKnobs): void {
	for (const name of Object.keys(KNOB_LABELS) as KnobName[]) {
		if (!hasKnobValue(knobs, name)) continue;
		const label = KNOB_LABELS[name];
		const spec = family.knobs[name];
		if (!spec) {
			throw new Error(
				`${label} is not supported by ${family.displayName} models; remove it from Options.`,
			);
		}
		if (name === 'stopSequences') {
			const sequences = knobs.stopSequences ?? [];
			if (spec.maxItems !== undefined && sequences.length > spec.maxItems) {
				throw new Error(
					`${family.displayName} models accept at most ${spec.maxItems} stop sequences (got ${sequences.length}).`,
				);
			}
			const { allowed } = spec;
			const refused = allowed
				? sequences.find((sequence) => !allowed.includes(sequence))
				: undefined;
			if (allowed && refused !== undefined) {
				throw new Error(
					`${family.displayName} models only accept these stop sequences: ${allowed
						.map((sequence) => `"${sequence}"`)
						.join(', ')} (got "${refused}").`,
				);
			}
			continue;
		}
		const value = knobs[name] as number;
		const outOfRange =
			typeof value !== 'number' ||
			Number.isNaN(value) ||
			(spec.min !== undefined && value < spec.min) ||
			(spec.max !== undefined && value > spec.max);
		if (outOfRange) {
			throw new Error(
				`${label} must be ${rangeText(spec.min, spec.max)} for ${family.displayName} models (got ${String(value)}).`,
			);
		}
	}
}

function rangeText(min?: number, max?: number): string {
	if (min !== undefined && max !== undefined) return `between ${min} and ${max}`;
	if (min !== undefined) return `at least ${min}`;
	if (max !== undefined) return `at most ${max}`;
	return 'a number';
}

/** Whether Bedrock runs batch inference jobs for a model, and the models it does where it does not. */
export interface BatchSupport {
	supported: boolean;
	/** The family, when the model ID names one. */
	family?: ModelFamily;
	/** Display names of the families that have batch models, for the refusal's remedy. */
	familiesWithBatch: string[];
}

/**
 * Batch inference support of a model ID, inference profile ID or ARN, from the families' own lists.
 * Identifiers that do not name their base model (application profiles, custom models) are unknown
 * here and taken as supported: Bedrock itself decides when the job is created.
 */
export function batchSupportOf(modelId: string): BatchSupport {
	const familiesWithBatch = (families as readonly ModelFamily[])
		.filter((family) => family.batchInference)
		.map((family) => family.displayName);
	const parsed = parseModelId(modelId);
	if (!parsed.baseModelId) return { supported: true, familiesWithBatch };
	const family = detectFamily(modelId);
	const supported = family?.batchInference?.test(parsed.baseModelId.toLowerCase()) === true;
	return { supported, family, familiesWithBatch };
}
