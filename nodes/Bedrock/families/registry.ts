import type { InferenceKnobs } from '../types';
import { ai21JambaFamily } from './ai21Jamba';
import { anthropicFamily } from './anthropic';
import { cohereCommandRFamily } from './cohereCommandR';
import { cohereEmbedFamily } from './cohereEmbed';
import { deepseekFamily } from './deepseek';
import { metaFamily } from './meta';
import { mistralFamily } from './mistral';
import { mistralChatFamily } from './mistralChat';
import { baseModelId, MODEL_ID_PREFIX_SOURCE } from './modelIds';
import { novaFamily } from './nova';
import { openaiGptOssFamily } from './openaiGptOss';
import { hasKnobValue } from './shared';
import { TITAN_STOP_SEQUENCES, titanTextFamily } from './titanText';
import { titanEmbedFamily } from './titanEmbed';
import type { FamilyId, KnobName, ModelFamily } from './types';

export { baseModelId } from './modelIds';

export const families: ModelFamily[] = [
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
	titanEmbedFamily,
	cohereEmbedFamily,
];

/** How the common knobs are labelled in the node's Options. */
export const KNOB_LABELS: Record<KnobName, string> = {
	maxTokens: 'Max Tokens',
	temperature: 'Temperature',
	topP: 'Top P',
	topK: 'Top K',
	stopSequences: 'Stop Sequences',
};

/** Stop sequences a family accepts at all, where it restricts them. */
const ALLOWED_STOP_SEQUENCES: Partial<Record<FamilyId, string[]>> = {
	titanText: TITAN_STOP_SEQUENCES,
};

export function getFamily(id: FamilyId): ModelFamily {
	const family = families.find((candidate) => candidate.id === id);
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
	return families.find((family) => family.modelIdPattern.test(base));
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
			const allowed = ALLOWED_STOP_SEQUENCES[family.id];
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
