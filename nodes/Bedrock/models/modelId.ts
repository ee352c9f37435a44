/**
 * The one reader of model identifiers: foundation-model IDs, cross-region inference profile IDs and
 * Bedrock ARNs are parsed here, and nowhere else, into the parts the node needs (the base model for
 * families, pricing and estimates, the region an ARN pins the call to, what CountTokens may accept).
 * Formats: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html
 * (modelId) and https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html.
 */

/** Scopes of system-defined (cross-region) inference profile IDs, e.g. the `us` of `us.anthropic.…`. */
export const PROFILE_SCOPES = ['us', 'eu', 'apac', 'global', 'us-gov', 'jp', 'au', 'ca'] as const;

export type ProfileScope = (typeof PROFILE_SCOPES)[number];

/** AWS partitions: a call, and the credential that signs it, never crosses one. */
export type Partition =
	| 'aws'
	| 'aws-cn'
	| 'aws-us-gov'
	| 'aws-iso'
	| 'aws-iso-b'
	| 'aws-iso-e'
	| 'aws-iso-f';

/**
 * What a model identifier names. Plain IDs are foundation models or, with a scope prefix, system
 * inference profiles; ARNs say it in their resource part.
 */
export type ModelResourceType =
	| 'foundation-model'
	| 'inference-profile'
	| 'application-inference-profile'
	| 'provisioned-model'
	| 'custom-model'
	| 'custom-model-deployment'
	| 'imported-model'
	| 'marketplace-model-endpoint'
	| 'prompt'
	| 'unknown';

export interface ModelArn {
	partition: string;
	/** Empty for foundation-model ARNs written without a region. */
	region: string;
	/** Empty for foundation-model ARNs, which belong to no account. */
	account: string;
	resourceType: ModelResourceType;
	/** Everything after `resource-type/`. */
	resource: string;
}

export interface ParsedModelId {
	/** The identifier as given, trimmed. */
	id: string;
	resourceType: ModelResourceType;
	/**
	 * The foundation model behind the identifier (case kept, no prefix, no ARN), e.g.
	 * `anthropic.claude-3-haiku-20240307-v1:0`. Undefined where it cannot be known offline:
	 * application inference profiles, provisioned, custom and imported models.
	 */
	baseModelId?: string;
	/** Set when the identifier is (or the ARN names) a system-defined cross-region inference profile. */
	profileScope?: ProfileScope;
	arn?: ModelArn;
}

const ARN_PATTERN = /^arn:(aws[a-z-]*):bedrock:([a-z0-9-]*):([0-9]*):([a-z-]+)\/(.+)$/;

const KNOWN_RESOURCE_TYPES: ModelResourceType[] = [
	'foundation-model',
	'inference-profile',
	'application-inference-profile',
	'provisioned-model',
	'custom-model',
	'custom-model-deployment',
	'imported-model',
	'marketplace-model-endpoint',
	'prompt',
];

// Longest first, so that `us-gov.` is not read as `us` followed by `-gov.`.
const SCOPES_LONGEST_FIRST = [...PROFILE_SCOPES].sort((a, b) => b.length - a.length);

function splitScope(id: string): { scope?: ProfileScope; rest: string } {
	const lower = id.toLowerCase();
	const scope = SCOPES_LONGEST_FIRST.find((candidate) => lower.startsWith(`${candidate}.`));
	return scope ? { scope, rest: id.slice(scope.length + 1) } : { rest: id };
}

function resourceTypeOf(name: string): ModelResourceType {
	return (KNOWN_RESOURCE_TYPES as string[]).includes(name)
		? (name as ModelResourceType)
		: 'unknown';
}

/** Parses a model ID, inference profile ID or Bedrock ARN. Never throws. */
export function parseModelId(modelId: string): ParsedModelId {
	const id = modelId.trim();
	const arnMatch = ARN_PATTERN.exec(id);
	if (arnMatch) {
		const [, partition, region, account, typeName, resource] = arnMatch;
		const resourceType = resourceTypeOf(typeName);
		const arn: ModelArn = { partition, region, account, resourceType, resource };
		if (resourceType !== 'foundation-model' && resourceType !== 'inference-profile') {
			return { id, resourceType, arn };
		}
		const { scope, rest } = splitScope(resource);
		return {
			id,
			resourceType,
			arn,
			...(rest ? { baseModelId: rest } : {}),
			...(scope ? { profileScope: scope } : {}),
		};
	}
	if (id.startsWith('arn:')) return { id, resourceType: 'unknown' };
	const { scope, rest } = splitScope(id);
	return {
		id,
		resourceType: scope ? 'inference-profile' : 'foundation-model',
		...(rest ? { baseModelId: rest } : {}),
		...(scope ? { profileScope: scope } : {}),
	};
}

/**
 * The foundation model ID behind a model ID, inference profile ID or ARN. Identifiers that do not
 * name their base model (application inference profiles, provisioned, custom and imported models)
 * come back unchanged.
 */
export function baseModelId(modelId: string): string {
	const parsed = parseModelId(modelId);
	return parsed.baseModelId ?? parsed.id;
}

/** The region an ARN pins the call to; undefined for plain IDs and region-less ARNs. */
export function arnRegion(parsed: ParsedModelId): string | undefined {
	return parsed.arn?.region || undefined;
}

/**
 * The regex source (no flags) of what may stand before a base model ID: an optional foundation-model
 * or system inference-profile ARN, then an optional profile scope. For n8n's display conditions.
 */
export const MODEL_ID_PREFIX_SOURCE =
	'^(?:arn:aws(?:-[a-z]+)*:bedrock:[a-z0-9-]*:[0-9]*:(?:foundation-model|inference-profile)/)?' +
	`(?:(?:${PROFILE_SCOPES.join('|')})\\.)?`;

/** The partition of a region code: `cn-north-1` is in `aws-cn`, `us-gov-west-1` in `aws-us-gov`. */
export function partitionOfRegion(region: string): Partition {
	const code = region.trim().toLowerCase();
	if (code.startsWith('cn-')) return 'aws-cn';
	if (code.startsWith('us-gov-')) return 'aws-us-gov';
	if (code.startsWith('us-isob-')) return 'aws-iso-b';
	if (code.startsWith('us-isof-')) return 'aws-iso-f';
	if (code.startsWith('eu-isoe-')) return 'aws-iso-e';
	if (code.startsWith('us-iso-')) return 'aws-iso';
	return 'aws';
}

const PARTITION_NAMES: Record<Partition, string> = {
	aws: 'the commercial AWS partition (aws)',
	'aws-cn': 'AWS China (aws-cn)',
	'aws-us-gov': 'AWS GovCloud (US) (aws-us-gov)',
	'aws-iso': 'the aws-iso partition',
	'aws-iso-b': 'the aws-iso-b partition',
	'aws-iso-e': 'the aws-iso-e partition',
	'aws-iso-f': 'the aws-iso-f partition',
};

const EXAMPLE_REGIONS: Partial<Record<Partition, string>> = {
	aws: 'us-east-1',
	'aws-cn': 'cn-north-1',
	'aws-us-gov': 'us-gov-west-1',
};

/** A model identifier that cannot work with the credential's region; nothing was sent. */
class ModelRegionError extends Error {
	override name = 'ModelRegionError';
}

function regionFor(partition: Partition): string {
	const region = EXAMPLE_REGIONS[partition];
	return region
		? `a region of ${PARTITION_NAMES[partition]} such as ${region}`
		: PARTITION_NAMES[partition];
}

/**
 * Refuses, before anything is sent, an identifier that cannot work from the credential's region:
 * an ARN of another partition (credentials and endpoints never cross partitions), an ARN whose
 * region is not in its own partition, and a profile scope of another partition (`us-gov.` profiles
 * live only in AWS GovCloud (US), the other scopes only in the commercial partition). Within a
 * partition the node calls an ARN's own region, so a different region there is fine.
 */
export function checkModelAgainstRegion(parsed: ParsedModelId, credentialRegion: string): void {
	const region = credentialRegion.trim() || 'us-east-1';
	const credentialPartition = partitionOfRegion(region);
	const { arn } = parsed;
	if (arn) {
		if (arn.region && partitionOfRegion(arn.region) !== arn.partition) {
			throw new ModelRegionError(
				`The ARN '${parsed.id}' names partition ${arn.partition} with region ${arn.region}, which is in ${partitionOfRegion(arn.region)}: check the ARN, it cannot be called as written.`,
			);
		}
		if (arn.partition !== credentialPartition) {
			const target = arn.region ? `region ${arn.region}` : regionFor(arn.partition as Partition);
			throw new ModelRegionError(
				`The ARN '${parsed.id}' is in ${PARTITION_NAMES[arn.partition as Partition] ?? arn.partition}, but the credential's region ${region} is in ${PARTITION_NAMES[credentialPartition]}, and a call cannot cross partitions. Use a credential for ${target} (an account of that partition), or a model of the credential's partition.`,
			);
		}
	}
	const scope = parsed.profileScope;
	if (!scope) return;
	const callRegion = arn?.region || region;
	const callPartition = partitionOfRegion(callRegion);
	const scopePartition: Partition = scope === 'us-gov' ? 'aws-us-gov' : 'aws';
	if (callPartition === scopePartition) return;
	const fix =
		scope === 'us-gov'
			? `Use a credential for region us-gov-west-1 or us-gov-east-1, or the model ID without the 'us-gov.' prefix.`
			: `Use a credential for ${regionFor(scopePartition)}, or the model ID without the '${scope}.' prefix${callPartition === 'aws-us-gov' ? " (or with 'us-gov.')" : ''}.`;
	throw new ModelRegionError(
		`'${parsed.id}' is a '${scope}.' cross-region inference profile of ${PARTITION_NAMES[scopePartition]}, but the call goes to region ${callRegion}, in ${PARTITION_NAMES[callPartition]}. ${fix}`,
	);
}

/** Whether the identifier is a system inference profile ID written as an ID (`us.anthropic…`), not an ARN. */
export function isProfileIdWithoutArn(parsed: ParsedModelId): boolean {
	return parsed.resourceType === 'inference-profile' && parsed.arn === undefined;
}

/**
 * The model as an ARN, for the APIs that take model ARNs (knowledge bases, rerank): an ARN as
 * given, a foundation-model ID as its foundation-model ARN in the region. A system inference profile
 * ID has the account in its ARN, which only Bedrock knows (GetInferenceProfile): resolve it there.
 */
export function foundationModelArn(modelId: string, region: string): string {
	const parsed = parseModelId(modelId);
	if (parsed.arn) return parsed.id;
	return `arn:${partitionOfRegion(region)}:bedrock:${region}::foundation-model/${parsed.id}`;
}
