/**
 * Model access: resolves a model identifier (base ID, inference profile, ARN) from the catalogue and
 * applies the rules Bedrock checks before inference: known model, access granted, throughput type,
 * and what the operation needs of the model.
 */
import type { CatalogueModel } from '../catalogue';
import { resolveModel } from '../catalogue';
import { BedrockError, MESSAGES } from '../errors';
import type { ModelBehaviour } from '../options';
import type { EmulatorState } from '../state';

export interface InferenceTarget {
	model: CatalogueModel;
	/** The model identifier as the request gave it (decoded). */
	modelId: string;
	behaviour: ModelBehaviour;
}

/** What an operation needs of the model, checked in this order after access. */
export interface ModelRequirements {
	/**
	 * CountTokens: a base model ID only (cross-region profile IDs are refused,
	 * https://github.com/Portkey-AI/gateway/issues/1437) of a model that counts tokens. Without it, a
	 * base model ID must support on-demand throughput.
	 */
	countTokens?: boolean;
	/** Refuses embedding models (Converse, ConverseStream). */
	textGeneration?: boolean;
	/** Refuses models without response streaming. */
	streaming?: boolean;
}

/** Resolves the model identifier and applies access, throughput and operation-support rules. */
export function resolveTarget(
	state: EmulatorState,
	modelId: string,
	requirements: ModelRequirements = {},
): InferenceTarget {
	const reference = resolveModel(modelId, state.options.applicationInferenceProfiles);
	// Unknown IDs and unknown inference profiles both get this answer from Bedrock, e.g.
	// https://github.com/RooCodeInc/Roo-Code/issues/9182 ("The provided model identifier is invalid.").
	if (reference.kind === 'unknown-model' || reference.kind === 'unknown-profile') {
		throw new BedrockError('ValidationException', MESSAGES.invalidModel);
	}
	const model = reference.model;
	if (state.options.endOfLifeModels.includes(model.modelId)) {
		throw new BedrockError('ResourceNotFoundException', MESSAGES.endOfLife);
	}
	if (state.options.accessDeniedModels.includes(model.modelId)) {
		throw new BedrockError('AccessDeniedException', MESSAGES.accessDenied);
	}
	if (requirements.countTokens) {
		if (reference.kind !== 'foundation-model')
			throw new BedrockError('ValidationException', MESSAGES.invalidModel);
		if (!model.countTokens)
			throw new BedrockError('ValidationException', MESSAGES.countTokensUnsupported);
	} else if (
		reference.kind === 'foundation-model' &&
		!model.inferenceTypesSupported.includes('ON_DEMAND')
	) {
		throw new BedrockError('ValidationException', MESSAGES.onDemandUnsupported(model.modelId));
	}
	if (requirements.textGeneration && model.outputModalities.includes('EMBEDDING')) {
		throw new BedrockError(
			'ValidationException',
			"This action doesn't support the model that you provided. Try again with a supported text or chat model.",
		);
	}
	if (requirements.streaming && !model.responseStreamingSupported) {
		throw new BedrockError('ValidationException', 'The model is unsupported for streaming.');
	}
	state.stats.model(model.modelId);
	return { model, modelId, behaviour: state.behaviourFor(model.modelId) };
}
