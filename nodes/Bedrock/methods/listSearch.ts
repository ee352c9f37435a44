import type {
	FoundationModelSummary,
	InferenceProfileSummary,
	ListInferenceProfilesCommandOutput,
} from '@aws-sdk/client-bedrock';
import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { detectFamily, detectImageModel } from '../families/registry';
import { baseModelId } from '../models/modelId';
import { BedrockClients } from '../transport/clients';
import type { BedrockCredentials } from '../transport/credentials';
import { secretValues, toBedrockCredentials } from '../transport/credentials';
import { describeError } from '../transport/errors';
import { loadControlPlaneSdk } from '../transport/sdk';

export interface ModelListing {
	items: INodeListSearchItems[];
	/** Why a list is missing (e.g. no permission for one of the two listings), when it is. */
	warnings: string[];
}

/** Which models a list offers: every text and embedding model, or embedding models only. */
export type ModelListKind = 'all' | 'embedding';

const OUTPUT_MODALITIES: Record<ModelListKind, Set<string>> = {
	all: new Set(['TEXT', 'EMBEDDING']),
	embedding: new Set(['EMBEDDING']),
};

function foundationModelItem(
	model: FoundationModelSummary,
	kind: ModelListKind = 'all',
): INodeListSearchItems | undefined {
	if (!model.modelId) return undefined;
	if (model.modelLifecycle?.status === 'LEGACY') return undefined;
	const wanted = OUTPUT_MODALITIES[kind];
	if (!(model.outputModalities ?? []).some((modality) => wanted.has(modality))) {
		return undefined;
	}
	const onDemand = (model.inferenceTypesSupported ?? []).includes('ON_DEMAND');
	const labels = [model.providerName ?? model.modelId.split('.')[0]];
	if (model.outputModalities?.includes('EMBEDDING')) labels.push('embeddings');
	if (model.responseStreamingSupported) labels.push('streaming');
	if (!onDemand) labels.push('inference profile only');
	return {
		name: `${model.modelName ?? model.modelId} (${labels.join(', ')})`,
		value: model.modelId,
		description: onDemand
			? model.modelId
			: `${model.modelId}: call it through one of its inference profiles in this list`,
	};
}

function inferenceProfileItem(profile: InferenceProfileSummary): INodeListSearchItems | undefined {
	if (!profile.inferenceProfileId || (profile.status && profile.status !== 'ACTIVE'))
		return undefined;
	const kind =
		profile.type === 'APPLICATION' ? 'application inference profile' : 'inference profile';
	return {
		name: `${profile.inferenceProfileName ?? profile.inferenceProfileId} (${kind})`,
		// Application profiles are only addressable by ARN.
		value:
			profile.type === 'APPLICATION'
				? (profile.inferenceProfileArn ?? profile.inferenceProfileId)
				: profile.inferenceProfileId,
		description: profile.description ?? profile.inferenceProfileId,
	};
}

/**
 * Whether a profile routes to an embedding model: by the model its ID names, else (application
 * profiles) by the foundation models it lists.
 */
function isEmbeddingProfile(profile: InferenceProfileSummary): boolean {
	const candidates = [
		profile.inferenceProfileId ?? '',
		...(profile.models ?? []).map((model) => model.modelArn ?? ''),
	];
	return candidates.some((id) => id !== '' && detectFamily(id)?.kind === 'embedding');
}

function matchesFilter(item: INodeListSearchItems, filter: string | undefined): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return (
		item.name.toLowerCase().includes(needle) || String(item.value).toLowerCase().includes(needle)
	);
}

/**
 * Lists foundation models and inference profiles (system-defined and application) of the
 * credential's region. A credential lacking one of the two list permissions still gets the other list.
 */
export async function listModels(
	credentials: BedrockCredentials,
	filter?: string,
	clients = new BedrockClients(credentials, { maxAttempts: 2 }),
	kind: ModelListKind = 'all',
): Promise<ModelListing> {
	const secrets = secretValues(credentials);
	const warnings: string[] = [];
	try {
		const bedrock = await clients.controlPlane();
		const { ListFoundationModelsCommand, ListInferenceProfilesCommand } =
			await loadControlPlaneSdk();
		const listProfiles = async (): Promise<InferenceProfileSummary[]> => {
			const profiles: InferenceProfileSummary[] = [];
			let nextToken: string | undefined;
			for (const type of ['SYSTEM_DEFINED', 'APPLICATION'] as const) {
				nextToken = undefined;
				do {
					const page: ListInferenceProfilesCommandOutput = await bedrock.send(
						new ListInferenceProfilesCommand({ typeEquals: type, maxResults: 1000, nextToken }),
					);
					profiles.push(...(page.inferenceProfileSummaries ?? []));
					nextToken = page.nextToken;
				} while (nextToken);
			}
			return profiles;
		};
		const [modelsResult, profilesResult] = await Promise.allSettled([
			bedrock.send(new ListFoundationModelsCommand({})),
			listProfiles(),
		]);
		const items: INodeListSearchItems[] = [];
		if (profilesResult.status === 'fulfilled') {
			for (const profile of profilesResult.value) {
				if (kind === 'embedding' && !isEmbeddingProfile(profile)) continue;
				const item = inferenceProfileItem(profile);
				if (item) items.push(item);
			}
		} else {
			const info = describeError(profilesResult.reason, { secrets });
			warnings.push(`Inference profiles could not be listed: ${info.code}: ${info.message}`);
		}
		if (modelsResult.status === 'fulfilled') {
			for (const model of modelsResult.value.modelSummaries ?? []) {
				const item = foundationModelItem(model, kind);
				if (item) items.push(item);
			}
		} else {
			const info = describeError(modelsResult.reason, { secrets });
			warnings.push(`Foundation models could not be listed: ${info.code}: ${info.message}`);
		}
		if (modelsResult.status === 'rejected' && profilesResult.status === 'rejected') {
			throw modelsResult.reason;
		}
		const unique = [...new Map(items.map((item) => [item.value, item])).values()];
		unique.sort((a, b) => a.name.localeCompare(b.name));
		return { items: unique.filter((item) => matchesFilter(item, filter)), warnings };
	} finally {
		await clients.destroy();
	}
}

async function searchModelList(
	fn: ILoadOptionsFunctions,
	filter: string | undefined,
	kind: ModelListKind,
): Promise<INodeListSearchResult> {
	const credentials = toBedrockCredentials(await fn.getCredentials('awsBedrockApi'));
	try {
		const { items, warnings } = await listModels(credentials, filter, undefined, kind);
		for (const warning of warnings) fn.logger.warn(`Amazon Bedrock model list: ${warning}`);
		return { results: items };
	} catch (error) {
		const info = describeError(error, { secrets: secretValues(credentials) });
		throw new NodeOperationError(
			fn.getNode(),
			`Could not list Bedrock models: ${info.code}: ${info.message}`,
			{ description: info.remedy },
		);
	}
}

/** Foundation models and inference profiles with text or embedding output. */
export async function searchModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await searchModelList(this, filter, 'all');
}

/** Embedding models, and the inference profiles that route to one. */
export async function searchEmbeddingModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await searchModelList(this, filter, 'embedding');
}

/**
 * The image models (Image → Generate) of the credential's region: foundation models with IMAGE
 * output of a family the node knows, and the system inference profiles that route to them (Image
 * Services are served through `us.` profiles). Legacy models (`modelLifecycle.status` LEGACY: AWS
 * has given them an end-of-life date) stay in the list, marked, after the active ones.
 */
export async function listImageModels(
	credentials: BedrockCredentials,
	filter?: string,
	clients = new BedrockClients(credentials, { maxAttempts: 2 }),
): Promise<ModelListing> {
	const secrets = secretValues(credentials);
	const warnings: string[] = [];
	try {
		const bedrock = await clients.controlPlane();
		const { ListFoundationModelsCommand, ListInferenceProfilesCommand } =
			await loadControlPlaneSdk();
		const [modelsResult, profilesResult] = await Promise.allSettled([
			bedrock.send(new ListFoundationModelsCommand({ byOutputModality: 'IMAGE' })),
			bedrock.send(
				new ListInferenceProfilesCommand({ typeEquals: 'SYSTEM_DEFINED', maxResults: 1000 }),
			),
		]);
		if (modelsResult.status === 'rejected') throw modelsResult.reason;
		const legacy = new Set<string>();
		const entries: Array<{ item: INodeListSearchItems; legacy: boolean }> = [];
		for (const model of modelsResult.value.modelSummaries ?? []) {
			if (!model.modelId || !(model.outputModalities ?? []).includes('IMAGE')) continue;
			const match = detectImageModel(model.modelId);
			if (!match) continue;
			const isLegacy = model.modelLifecycle?.status === 'LEGACY';
			if (isLegacy) legacy.add(model.modelId);
			const onDemand = (model.inferenceTypesSupported ?? []).includes('ON_DEMAND');
			const labels = [model.providerName ?? match.family.displayName];
			if (isLegacy) labels.push('legacy');
			if (!onDemand) labels.push('inference profile only');
			entries.push({
				legacy: isLegacy,
				item: {
					name: `${model.modelName ?? model.modelId} (${labels.join(', ')})`,
					value: model.modelId,
					description: isLegacy
						? `${model.modelId}: legacy, AWS has given it an end-of-life date. It works while Bedrock serves it; prefer a Stability model for new workflows.`
						: onDemand
							? model.modelId
							: `${model.modelId}: call it through its inference profile in this list`,
				},
			});
		}
		if (profilesResult.status === 'fulfilled') {
			for (const profile of profilesResult.value.inferenceProfileSummaries ?? []) {
				const id = profile.inferenceProfileId;
				if (!id || (profile.status && profile.status !== 'ACTIVE')) continue;
				if (!detectImageModel(id)) continue;
				const isLegacy = legacy.has(baseModelId(id));
				entries.push({
					legacy: isLegacy,
					item: {
						name: `${profile.inferenceProfileName ?? id} (inference profile${isLegacy ? ', legacy' : ''})`,
						value: id,
						description: profile.description ?? id,
					},
				});
			}
		} else {
			const info = describeError(profilesResult.reason, { secrets });
			warnings.push(`Inference profiles could not be listed: ${info.code}: ${info.message}`);
		}
		entries.sort(
			(a, b) => Number(a.legacy) - Number(b.legacy) || a.item.name.localeCompare(b.item.name),
		);
		const items = entries.map((entry) => entry.item);
		return { items: items.filter((item) => matchesFilter(item, filter)), warnings };
	} finally {
		await clients.destroy();
	}
}

export async function searchImageModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const credentials = toBedrockCredentials(await this.getCredentials('awsBedrockApi'));
	try {
		const { items, warnings } = await listImageModels(credentials, filter);
		for (const warning of warnings) this.logger.warn(`Amazon Bedrock image model list: ${warning}`);
		return { results: items };
	} catch (error) {
		const info = describeError(error, { secrets: secretValues(credentials) });
		throw new NodeOperationError(
			this.getNode(),
			`Could not list Bedrock image models: ${info.code}: ${info.message}`,
			{ description: info.remedy },
		);
	}
}
