/**
 * The foundation models and system-defined inference profiles the emulator serves, with the fields
 * ListFoundationModels and ListInferenceProfiles return:
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_ListFoundationModels.html
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_ListInferenceProfiles.html
 * Model IDs and cross-region profiles follow
 * https://docs.aws.amazon.com/bedrock/latest/userguide/models-supported.html and
 * https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html
 */

export const EMULATOR_REGION = 'us-east-1';
export const EMULATOR_ACCOUNT_ID = '123456789012';

export type InferenceType = 'ON_DEMAND' | 'PROVISIONED' | 'INFERENCE_PROFILE';
export type Modality = 'TEXT' | 'IMAGE' | 'VIDEO' | 'EMBEDDING';
export type CustomizationType = 'FINE_TUNING' | 'CONTINUED_PRE_TRAINING' | 'DISTILLATION';
export type GeographyPrefix = 'us' | 'eu' | 'apac' | 'global';

export interface CatalogueModel {
	modelId: string;
	modelName: string;
	providerName: string;
	inputModalities: Modality[];
	outputModalities: Modality[];
	responseStreamingSupported: boolean;
	customizationsSupported: CustomizationType[];
	inferenceTypesSupported: InferenceType[];
	lifecycleStatus: 'ACTIVE' | 'LEGACY';
	/** Cross-region system inference profiles that contain the model. */
	profiles: GeographyPrefix[];
	/** Whether the CountTokens API accepts the model. */
	countTokens: boolean;
	/** Whether Converse answers with a reasoning block even unasked (DeepSeek R1, gpt-oss). */
	alwaysReasons: boolean;
	/**
	 * Whether ConverseStream takes tools: some models use tools only through Converse, as Bedrock's
	 * table of model features lists them.
	 */
	streamingToolUse: boolean;
	/** Whether CreateModelInvocationJob accepts the model (BATCH_INFERENCE_MODELS below). */
	batchInference: boolean;
}

export interface ApplicationInferenceProfile {
	/** The 12-character ID at the end of the ARN. */
	id: string;
	name: string;
	/** The foundation model (or system inference profile ID) it routes to. */
	modelId: string;
	description?: string;
}

/**
 * The models of this catalogue that batch inference supports, after
 * https://docs.aws.amazon.com/bedrock/latest/userguide/batch-inference-supported.html
 * (the others answer CreateModelInvocationJob with a ValidationException).
 */
const BATCH_INFERENCE_MODELS = new Set([
	'anthropic.claude-3-haiku-20240307-v1:0',
	'anthropic.claude-3-sonnet-20240229-v1:0',
	'anthropic.claude-3-opus-20240229-v1:0',
	'anthropic.claude-3-5-haiku-20241022-v1:0',
	'anthropic.claude-3-5-sonnet-20241022-v2:0',
	'anthropic.claude-3-7-sonnet-20250219-v1:0',
	'anthropic.claude-sonnet-4-20250514-v1:0',
	'anthropic.claude-opus-4-20250514-v1:0',
	'anthropic.claude-opus-4-1-20250805-v1:0',
	'anthropic.claude-sonnet-4-5-20250929-v1:0',
	'anthropic.claude-haiku-4-5-20251001-v1:0',
	'meta.llama3-1-8b-instruct-v1:0',
	'meta.llama3-1-70b-instruct-v1:0',
	'meta.llama3-1-405b-instruct-v1:0',
	'meta.llama3-2-1b-instruct-v1:0',
	'meta.llama3-2-3b-instruct-v1:0',
	'meta.llama3-2-11b-instruct-v1:0',
	'meta.llama3-2-90b-instruct-v1:0',
	'meta.llama3-3-70b-instruct-v1:0',
	'meta.llama4-scout-17b-instruct-v1:0',
	'meta.llama4-maverick-17b-instruct-v1:0',
	'mistral.mistral-small-2402-v1:0',
	'mistral.mistral-large-2407-v1:0',
	'amazon.nova-micro-v1:0',
	'amazon.nova-lite-v1:0',
	'amazon.nova-pro-v1:0',
	'amazon.nova-premier-v1:0',
	'amazon.titan-embed-text-v2:0',
	'deepseek.r1-v1:0',
	'openai.gpt-oss-20b-1:0',
	'openai.gpt-oss-120b-1:0',
	'qwen.qwen3-32b-v1:0',
	'qwen.qwen3-coder-30b-a3b-v1:0',
	'qwen.qwen3-235b-a22b-2507-v1:0',
]);

const text: Modality[] = ['TEXT'];
const textImage: Modality[] = ['TEXT', 'IMAGE'];
const onDemand: InferenceType[] = ['ON_DEMAND'];
const onDemandAndProfile: InferenceType[] = ['ON_DEMAND', 'INFERENCE_PROFILE'];
const profileOnly: InferenceType[] = ['INFERENCE_PROFILE'];

function model(
	modelId: string,
	modelName: string,
	providerName: string,
	details: Partial<Omit<CatalogueModel, 'modelId' | 'modelName' | 'providerName'>> = {},
): CatalogueModel {
	return {
		modelId,
		modelName,
		providerName,
		inputModalities: text,
		outputModalities: text,
		responseStreamingSupported: true,
		customizationsSupported: [],
		inferenceTypesSupported: onDemand,
		lifecycleStatus: 'ACTIVE',
		profiles: [],
		countTokens: false,
		alwaysReasons: false,
		streamingToolUse: true,
		batchInference: BATCH_INFERENCE_MODELS.has(modelId),
		...details,
	};
}

const claude = (modelId: string, modelName: string, details: Partial<CatalogueModel>) =>
	model(modelId, modelName, 'Anthropic', { inputModalities: textImage, ...details });
const embedding = (
	modelId: string,
	modelName: string,
	providerName: string,
	details: Partial<CatalogueModel> = {},
) =>
	model(modelId, modelName, providerName, {
		outputModalities: ['EMBEDDING'],
		responseStreamingSupported: false,
		...details,
	});

export const FOUNDATION_MODELS: CatalogueModel[] = [
	claude('anthropic.claude-3-haiku-20240307-v1:0', 'Claude 3 Haiku', {
		inferenceTypesSupported: onDemandAndProfile,
		customizationsSupported: ['FINE_TUNING', 'DISTILLATION'],
		profiles: ['us', 'eu', 'apac'],
	}),
	// Claude 3 Sonnet and Opus: legacy on Bedrock, but the tutorial this project grew from calls Sonnet.
	claude('anthropic.claude-3-sonnet-20240229-v1:0', 'Claude 3 Sonnet', {
		inferenceTypesSupported: onDemandAndProfile,
		profiles: ['us', 'eu', 'apac'],
		lifecycleStatus: 'LEGACY',
	}),
	claude('anthropic.claude-3-opus-20240229-v1:0', 'Claude 3 Opus', {
		inferenceTypesSupported: onDemandAndProfile,
		profiles: ['us'],
		lifecycleStatus: 'LEGACY',
	}),
	claude('anthropic.claude-3-5-haiku-20241022-v1:0', 'Claude 3.5 Haiku', {
		inputModalities: text,
		inferenceTypesSupported: onDemandAndProfile,
		profiles: ['us'],
		countTokens: true,
	}),
	claude('anthropic.claude-3-5-sonnet-20241022-v2:0', 'Claude 3.5 Sonnet v2', {
		inferenceTypesSupported: onDemandAndProfile,
		profiles: ['us', 'apac'],
		lifecycleStatus: 'LEGACY',
	}),
	claude('anthropic.claude-3-7-sonnet-20250219-v1:0', 'Claude 3.7 Sonnet', {
		inferenceTypesSupported: profileOnly,
		profiles: ['us', 'eu', 'apac'],
		countTokens: true,
	}),
	claude('anthropic.claude-sonnet-4-20250514-v1:0', 'Claude Sonnet 4', {
		inferenceTypesSupported: profileOnly,
		profiles: ['us', 'eu', 'apac', 'global'],
		countTokens: true,
	}),
	claude('anthropic.claude-opus-4-20250514-v1:0', 'Claude Opus 4', {
		inferenceTypesSupported: profileOnly,
		profiles: ['us'],
		countTokens: true,
	}),
	claude('anthropic.claude-opus-4-1-20250805-v1:0', 'Claude Opus 4.1', {
		inferenceTypesSupported: profileOnly,
		profiles: ['us'],
		countTokens: true,
	}),
	claude('anthropic.claude-sonnet-4-5-20250929-v1:0', 'Claude Sonnet 4.5', {
		inferenceTypesSupported: profileOnly,
		profiles: ['us', 'eu', 'apac', 'global'],
		countTokens: true,
	}),
	claude('anthropic.claude-haiku-4-5-20251001-v1:0', 'Claude Haiku 4.5', {
		inferenceTypesSupported: profileOnly,
		profiles: ['us', 'eu', 'apac', 'global'],
		countTokens: true,
	}),
	model('meta.llama3-8b-instruct-v1:0', 'Llama 3 8B Instruct', 'Meta'),
	model('meta.llama3-70b-instruct-v1:0', 'Llama 3 70B Instruct', 'Meta'),
	model('meta.llama3-1-8b-instruct-v1:0', 'Llama 3.1 8B Instruct', 'Meta', {
		inferenceTypesSupported: onDemandAndProfile,
		customizationsSupported: ['FINE_TUNING', 'DISTILLATION'],
		profiles: ['us'],
	}),
	model('meta.llama3-1-70b-instruct-v1:0', 'Llama 3.1 70B Instruct', 'Meta', {
		inferenceTypesSupported: onDemandAndProfile,
		customizationsSupported: ['FINE_TUNING', 'DISTILLATION'],
		profiles: ['us'],
	}),
	model('meta.llama3-1-405b-instruct-v1:0', 'Llama 3.1 405B Instruct', 'Meta', {
		customizationsSupported: ['DISTILLATION'],
	}),
	model('meta.llama3-2-1b-instruct-v1:0', 'Llama 3.2 1B Instruct', 'Meta', {
		inferenceTypesSupported: profileOnly,
		profiles: ['us', 'eu'],
	}),
	model('meta.llama3-2-3b-instruct-v1:0', 'Llama 3.2 3B Instruct', 'Meta', {
		inferenceTypesSupported: profileOnly,
		profiles: ['us', 'eu'],
	}),
	model('meta.llama3-2-11b-instruct-v1:0', 'Llama 3.2 11B Instruct', 'Meta', {
		inputModalities: textImage,
		inferenceTypesSupported: profileOnly,
		profiles: ['us'],
	}),
	model('meta.llama3-2-90b-instruct-v1:0', 'Llama 3.2 90B Instruct', 'Meta', {
		inputModalities: textImage,
		inferenceTypesSupported: profileOnly,
		profiles: ['us'],
	}),
	model('meta.llama3-3-70b-instruct-v1:0', 'Llama 3.3 70B Instruct', 'Meta', {
		inferenceTypesSupported: profileOnly,
		profiles: ['us'],
	}),
	model('meta.llama4-scout-17b-instruct-v1:0', 'Llama 4 Scout 17B Instruct', 'Meta', {
		inputModalities: textImage,
		inferenceTypesSupported: profileOnly,
		profiles: ['us'],
	}),
	model('meta.llama4-maverick-17b-instruct-v1:0', 'Llama 4 Maverick 17B Instruct', 'Meta', {
		inputModalities: textImage,
		inferenceTypesSupported: profileOnly,
		profiles: ['us'],
	}),
	model('mistral.mistral-7b-instruct-v0:2', 'Mistral 7B Instruct', 'Mistral AI'),
	model('mistral.mixtral-8x7b-instruct-v0:1', 'Mixtral 8x7B Instruct', 'Mistral AI'),
	model('mistral.mistral-large-2402-v1:0', 'Mistral Large (24.02)', 'Mistral AI', {
		streamingToolUse: false,
	}),
	model('mistral.mistral-large-2407-v1:0', 'Mistral Large (24.07)', 'Mistral AI'),
	model('mistral.mistral-small-2402-v1:0', 'Mistral Small (24.02)', 'Mistral AI'),
	model('mistral.mistral-large-3-675b-instruct', 'Mistral Large 3', 'Mistral AI'),
	model('mistral.ministral-3-8b-instruct', 'Ministral 3 8B', 'Mistral AI'),
	model('mistral.magistral-small-2509', 'Magistral Small 1.2', 'Mistral AI'),
	model('amazon.titan-text-express-v1', 'Titan Text G1 - Express', 'Amazon', {
		customizationsSupported: ['FINE_TUNING', 'CONTINUED_PRE_TRAINING'],
	}),
	model('amazon.titan-text-lite-v1', 'Titan Text G1 - Lite', 'Amazon', {
		customizationsSupported: ['FINE_TUNING', 'CONTINUED_PRE_TRAINING'],
	}),
	model('amazon.titan-text-premier-v1:0', 'Titan Text G1 - Premier', 'Amazon'),
	model('amazon.nova-micro-v1:0', 'Nova Micro', 'Amazon', {
		inferenceTypesSupported: onDemandAndProfile,
		customizationsSupported: ['FINE_TUNING', 'DISTILLATION'],
		profiles: ['us', 'eu', 'apac'],
	}),
	model('amazon.nova-lite-v1:0', 'Nova Lite', 'Amazon', {
		inputModalities: ['TEXT', 'IMAGE', 'VIDEO'],
		inferenceTypesSupported: onDemandAndProfile,
		customizationsSupported: ['FINE_TUNING', 'DISTILLATION'],
		profiles: ['us', 'eu', 'apac'],
	}),
	model('amazon.nova-pro-v1:0', 'Nova Pro', 'Amazon', {
		inputModalities: ['TEXT', 'IMAGE', 'VIDEO'],
		inferenceTypesSupported: onDemandAndProfile,
		customizationsSupported: ['FINE_TUNING', 'DISTILLATION'],
		profiles: ['us', 'eu', 'apac'],
	}),
	model('amazon.nova-premier-v1:0', 'Nova Premier', 'Amazon', {
		inputModalities: ['TEXT', 'IMAGE', 'VIDEO'],
		inferenceTypesSupported: profileOnly,
		customizationsSupported: ['DISTILLATION'],
		profiles: ['us'],
	}),
	model('cohere.command-r-v1:0', 'Command R', 'Cohere', { streamingToolUse: false }),
	model('cohere.command-r-plus-v1:0', 'Command R+', 'Cohere', { streamingToolUse: false }),
	model('ai21.jamba-1-5-mini-v1:0', 'Jamba 1.5 Mini', 'AI21 Labs'),
	model('ai21.jamba-1-5-large-v1:0', 'Jamba 1.5 Large', 'AI21 Labs'),
	model('deepseek.r1-v1:0', 'DeepSeek-R1', 'DeepSeek', {
		inferenceTypesSupported: profileOnly,
		profiles: ['us'],
		alwaysReasons: true,
	}),
	model('openai.gpt-oss-20b-1:0', 'gpt-oss-20b', 'OpenAI', { alwaysReasons: true }),
	model('openai.gpt-oss-120b-1:0', 'gpt-oss-120b', 'OpenAI', { alwaysReasons: true }),
	model('qwen.qwen3-32b-v1:0', 'Qwen3 32B (dense)', 'Qwen'),
	model('qwen.qwen3-coder-30b-a3b-v1:0', 'Qwen3-Coder-30B-A3B-Instruct', 'Qwen'),
	model('qwen.qwen3-235b-a22b-2507-v1:0', 'Qwen3 235B A22B 2507', 'Qwen'),
	model('moonshot.kimi-k2-thinking', 'Kimi K2 Thinking', 'Moonshot AI', { alwaysReasons: true }),
	model('moonshotai.kimi-k2.5', 'Kimi K2.5', 'Moonshot AI'),
	model('deepseek.v3-v1:0', 'DeepSeek-V3.1', 'DeepSeek'),
	model('deepseek.v3.2', 'DeepSeek V3.2', 'DeepSeek'),
	model('minimax.minimax-m2', 'MiniMax M2', 'MiniMax', { alwaysReasons: true }),
	model('minimax.minimax-m2.1', 'MiniMax M2.1', 'MiniMax', { alwaysReasons: true }),
	model('google.gemma-3-4b-it', 'Gemma 3 4B IT', 'Google'),
	model('google.gemma-3-12b-it', 'Gemma 3 12B IT', 'Google'),
	model('google.gemma-3-27b-it', 'Gemma 3 27B PT', 'Google'),
	model('writer.palmyra-x4-v1:0', 'Palmyra X4', 'Writer', {
		inferenceTypesSupported: profileOnly,
		profiles: ['us'],
	}),
	model('writer.palmyra-x5-v1:0', 'Palmyra X5', 'Writer', {
		inferenceTypesSupported: profileOnly,
		profiles: ['us'],
	}),
	embedding('amazon.titan-embed-text-v2:0', 'Titan Text Embeddings V2', 'Amazon'),
	embedding('cohere.embed-english-v3', 'Embed English', 'Cohere'),
	embedding('cohere.embed-multilingual-v3', 'Embed Multilingual', 'Cohere'),
	// Embed v4 is also served through cross-region inference profiles.
	embedding('cohere.embed-v4:0', 'Embed v4', 'Cohere', {
		inferenceTypesSupported: onDemandAndProfile,
		profiles: ['us', 'eu', 'apac', 'global'],
	}),
	embedding('amazon.nova-2-multimodal-embeddings-v1:0', 'Nova Multimodal Embeddings', 'Amazon'),
];

export const DEFAULT_APPLICATION_INFERENCE_PROFILES: ApplicationInferenceProfile[] = [
	{
		id: 'emulator0001',
		name: 'emulator-claude-3-5-haiku',
		modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
		description: 'Application inference profile for cost tracking',
	},
];

const GEOGRAPHY_REGIONS: Record<GeographyPrefix, string[]> = {
	us: ['us-east-1', 'us-east-2', 'us-west-2'],
	eu: ['eu-central-1', 'eu-west-1', 'eu-west-3'],
	apac: ['ap-northeast-1', 'ap-southeast-1', 'ap-southeast-2'],
	global: ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'ap-northeast-1'],
};
const GEOGRAPHY_LABELS: Record<GeographyPrefix, string> = {
	us: 'US',
	eu: 'EU',
	apac: 'APAC',
	global: 'GLOBAL',
};

const PROFILE_PREFIX = /^(us|eu|apac|global|us-gov|ca|jp|au)\./;

export function foundationModelArn(modelId: string, region = EMULATOR_REGION): string {
	return `arn:aws:bedrock:${region}::foundation-model/${modelId}`;
}

export function inferenceProfileArn(profileId: string, region = EMULATOR_REGION): string {
	return `arn:aws:bedrock:${region}:${EMULATOR_ACCOUNT_ID}:inference-profile/${profileId}`;
}

export function applicationInferenceProfileArn(id: string, region = EMULATOR_REGION): string {
	return `arn:aws:bedrock:${region}:${EMULATOR_ACCOUNT_ID}:application-inference-profile/${id}`;
}

/**
 * The base foundation-model ID of a model ID, inference profile ID or ARN (foundation-model or
 * inference-profile). Application inference profile ARNs give their 12-character ID; resolve those
 * with `resolveModel`.
 */
export function baseModelId(idOrArn: string): string {
	let id = idOrArn;
	const arn = /^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:([a-z-]+)\/(.+)$/.exec(id);
	if (arn) id = arn[2];
	return id.replace(PROFILE_PREFIX, '');
}

export function findModel(idOrArn: string): CatalogueModel | undefined {
	const base = baseModelId(idOrArn);
	return FOUNDATION_MODELS.find((candidate) => candidate.modelId === base);
}

export type ModelReference =
	| { kind: 'foundation-model'; model: CatalogueModel }
	| { kind: 'inference-profile'; model: CatalogueModel; profileId: string }
	| {
			kind: 'application-inference-profile';
			model: CatalogueModel;
			profile: ApplicationInferenceProfile;
	  }
	| { kind: 'unknown-model' }
	| { kind: 'unknown-profile' };

/** What a request's model identifier names, before access and throughput checks. */
export function resolveModel(
	idOrArn: string,
	applicationProfiles: ApplicationInferenceProfile[] = DEFAULT_APPLICATION_INFERENCE_PROFILES,
): ModelReference {
	const arn = /^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:([a-z-]+)\/(.+)$/.exec(idOrArn);
	const resource =
		arn?.[1] ?? (PROFILE_PREFIX.test(idOrArn) ? 'inference-profile' : 'foundation-model');
	const id = arn?.[2] ?? idOrArn;
	if (resource === 'application-inference-profile') {
		const profile = applicationProfiles.find((candidate) => candidate.id === id);
		const target = profile && findModel(profile.modelId);
		return profile && target
			? { kind: 'application-inference-profile', model: target, profile }
			: { kind: 'unknown-profile' };
	}
	if (resource === 'inference-profile') {
		const prefix = PROFILE_PREFIX.exec(id)?.[1] as GeographyPrefix | undefined;
		const target = findModel(id);
		return prefix && target && target.profiles.includes(prefix)
			? { kind: 'inference-profile', model: target, profileId: id }
			: { kind: 'unknown-profile' };
	}
	if (resource !== 'foundation-model') return { kind: 'unknown-model' };
	const target = FOUNDATION_MODELS.find((candidate) => candidate.modelId === id);
	return target ? { kind: 'foundation-model', model: target } : { kind: 'unknown-model' };
}

export interface FoundationModelSummary {
	modelArn: string;
	modelId: string;
	modelName: string;
	providerName: string;
	inputModalities: Modality[];
	outputModalities: Modality[];
	responseStreamingSupported: boolean;
	customizationsSupported: CustomizationType[];
	inferenceTypesSupported: InferenceType[];
	modelLifecycle: { status: 'ACTIVE' | 'LEGACY' };
}

export function foundationModelSummary(entry: CatalogueModel): FoundationModelSummary {
	return {
		modelArn: foundationModelArn(entry.modelId),
		modelId: entry.modelId,
		modelName: entry.modelName,
		providerName: entry.providerName,
		inputModalities: entry.inputModalities,
		outputModalities: entry.outputModalities,
		responseStreamingSupported: entry.responseStreamingSupported,
		customizationsSupported: entry.customizationsSupported,
		inferenceTypesSupported: entry.inferenceTypesSupported,
		modelLifecycle: { status: entry.lifecycleStatus },
	};
}

export interface InferenceProfileSummary {
	inferenceProfileName: string;
	inferenceProfileArn: string;
	inferenceProfileId: string;
	description: string;
	createdAt: string;
	updatedAt: string;
	models: Array<{ modelArn: string }>;
	status: 'ACTIVE';
	type: 'SYSTEM_DEFINED' | 'APPLICATION';
}

const PROFILES_CREATED_AT = '2024-08-27T00:00:00Z';

export function inferenceProfileSummaries(
	applicationProfiles: ApplicationInferenceProfile[] = DEFAULT_APPLICATION_INFERENCE_PROFILES,
): InferenceProfileSummary[] {
	const summaries: InferenceProfileSummary[] = [];
	for (const entry of FOUNDATION_MODELS) {
		for (const prefix of entry.profiles) {
			const regions = GEOGRAPHY_REGIONS[prefix];
			// A region lists the cross-region profiles it is a source of: us-east-1 lists us. and global.
			if (prefix !== 'global' && !regions.includes(EMULATOR_REGION)) continue;
			const profileId = `${prefix}.${entry.modelId}`;
			summaries.push({
				inferenceProfileName: `${GEOGRAPHY_LABELS[prefix]} ${entry.providerName} ${entry.modelName}`,
				inferenceProfileArn: inferenceProfileArn(profileId),
				inferenceProfileId: profileId,
				description:
					prefix === 'global'
						? `Routes requests to ${entry.providerName} ${entry.modelName} in commercial AWS Regions.`
						: `Routes requests to ${entry.providerName} ${entry.modelName} in ${regions.slice(0, -1).join(', ')} and ${regions[regions.length - 1]}.`,
				createdAt: PROFILES_CREATED_AT,
				updatedAt: PROFILES_CREATED_AT,
				models: regions.map((region) => ({ modelArn: foundationModelArn(entry.modelId, region) })),
				status: 'ACTIVE',
				type: 'SYSTEM_DEFINED',
			});
		}
	}
	for (const profile of applicationProfiles) {
		const target = findModel(profile.modelId);
		if (!target) continue;
		summaries.push({
			inferenceProfileName: profile.name,
			inferenceProfileArn: applicationInferenceProfileArn(profile.id),
			inferenceProfileId: profile.id,
			description: profile.description ?? '',
			createdAt: PROFILES_CREATED_AT,
			updatedAt: PROFILES_CREATED_AT,
			models: [{ modelArn: foundationModelArn(target.modelId) }],
			status: 'ACTIVE',
			type: 'APPLICATION',
		});
	}
	return summaries;
}
