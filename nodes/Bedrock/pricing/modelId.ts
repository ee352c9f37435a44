import { REGION_PROFILE_PREFIXES } from '../families/modelIds';

/** Geography or scope prefix of a system-defined (cross-region) inference profile ID, e.g. `us`. */
export type ProfileScope = string;

export interface ParsedModelId {
	/** The foundation-model ID without ARN or profile prefix, e.g. `anthropic.claude-3-haiku-20240307-v1:0`. */
	baseModelId: string;
	/** Set when the ID is (or the ARN names) a system-defined cross-region inference profile. */
	profileScope?: ProfileScope;
	/** The region written in an ARN, if the ID was one. */
	arnRegion?: string;
}

const ARN_PATTERN = /^arn:aws[a-z-]*:bedrock:([a-z0-9-]*):[0-9]*:([a-z-]+)\/(.+)$/;

// Resources whose ARN names the foundation model (directly or through a system-defined profile).
// Application inference profiles, provisioned, custom and imported models carry an opaque ID.
const RESOLVABLE_ARN_RESOURCES = new Set(['foundation-model', 'inference-profile']);

/**
 * Splits a model ID, cross-region inference profile ID or ARN into the foundation-model ID and the
 * profile scope. Returns undefined for ARNs whose model cannot be known offline (application
 * inference profiles, provisioned, custom and imported models).
 */
export function parseModelId(modelId: string): ParsedModelId | undefined {
	let id = modelId.trim();
	let arnRegion: string | undefined;
	if (id.startsWith('arn:')) {
		const match = ARN_PATTERN.exec(id);
		if (!match || !RESOLVABLE_ARN_RESOURCES.has(match[2])) return undefined;
		arnRegion = match[1] || undefined;
		id = match[3];
	}
	const lowerId = id.toLowerCase();
	// Longest scope first so that `us-gov.` is not read as `us` followed by `-gov.`.
	const scope = [...REGION_PROFILE_PREFIXES]
		.sort((a, b) => b.length - a.length)
		.find((candidate) => lowerId.startsWith(`${candidate}.`));
	const baseModelId = scope ? lowerId.slice(scope.length + 1) : lowerId;
	if (!baseModelId) return undefined;
	return { baseModelId, profileScope: scope, arnRegion };
}

/** The provider part of a foundation-model ID: `anthropic`, `meta`, `amazon`, ... */
export function providerOf(baseModelId: string): string {
	const dot = baseModelId.indexOf('.');
	return dot === -1 ? '' : baseModelId.slice(0, dot);
}
