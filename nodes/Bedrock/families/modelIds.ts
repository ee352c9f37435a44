/** Prefixes of cross-region (system) inference profile IDs, e.g. `us.anthropic.claude-…`. */
export const REGION_PROFILE_PREFIXES = ['us', 'eu', 'apac', 'global', 'us-gov', 'jp', 'au', 'ca'];

const ARN_HEAD = 'arn:aws(?:-[a-z]+)*:bedrock:[a-z0-9-]*:[0-9]*:';
const FAMILY_ARN_PATTERN = new RegExp(`^${ARN_HEAD}(foundation-model|inference-profile)/(.+)$`);
const ANY_ARN_PATTERN = /^arn:/;
const REGION_PREFIX_PATTERN = new RegExp(`^(?:${REGION_PROFILE_PREFIXES.join('|')})\\.`);

/**
 * The regex source (no flags) of what may stand before a base model ID: an optional foundation-model
 * or system inference-profile ARN, then an optional region prefix.
 */
export const MODEL_ID_PREFIX_SOURCE =
	`^(?:${ARN_HEAD}(?:foundation-model|inference-profile)/)?` +
	`(?:(?:${REGION_PROFILE_PREFIXES.join('|')})\\.)?`;

/**
 * The foundation model ID behind a model ID, inference profile ID or ARN: the ARN and the region
 * prefix are stripped. Application inference profiles, provisioned, custom and imported model ARNs
 * do not name their base model and are returned unchanged.
 */
export function baseModelId(modelId: string): string {
	const id = modelId.trim();
	const arn = FAMILY_ARN_PATTERN.exec(id);
	if (arn) return arn[2].replace(REGION_PREFIX_PATTERN, '');
	if (ANY_ARN_PATTERN.test(id)) return id;
	return id.replace(REGION_PREFIX_PATTERN, '');
}

/** Whether a model ID is a system-defined cross-region inference profile ID (`us.anthropic…`). */
export function isSystemProfileId(modelId: string): boolean {
	const id = modelId.trim();
	return !ANY_ARN_PATTERN.test(id) && REGION_PREFIX_PATTERN.test(id);
}

/** The AWS partition of a region: `aws-cn` for China, `aws-us-gov` for GovCloud, else `aws`. */
export function partitionOfRegion(region: string): string {
	if (region.startsWith('cn-')) return 'aws-cn';
	if (region.startsWith('us-gov-')) return 'aws-us-gov';
	return 'aws';
}

/**
 * The ARN of a foundation model in a region, for APIs that take model ARNs (knowledge bases,
 * rerank). ARNs are returned as given; inference profile IDs have an account in their ARN and must
 * be resolved by the service (GetInferenceProfile) instead.
 */
export function foundationModelArn(modelId: string, region: string): string {
	const id = modelId.trim();
	if (ANY_ARN_PATTERN.test(id)) return id;
	return `arn:${partitionOfRegion(region)}:bedrock:${region}::foundation-model/${id}`;
}
