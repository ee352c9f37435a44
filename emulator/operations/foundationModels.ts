/** ListFoundationModels (GET /foundation-models) and GetFoundationModel (GET /foundation-models/{id}). */
import { foundationModelSummary, FOUNDATION_MODELS } from '../catalogue';
import type { Operation } from '../context';
import { BedrockError } from '../errors';

export const listFoundationModelsOperation: Operation = {
	name: 'ListFoundationModels',
	handle(context) {
		const { query } = context;
		const byProvider = query.get('byProvider')?.toLowerCase();
		const byOutputModality = query.get('byOutputModality');
		const byInferenceType = query.get('byInferenceType');
		const byCustomizationType = query.get('byCustomizationType');
		const modelSummaries = FOUNDATION_MODELS.filter(
			(entry) =>
				(!byProvider ||
					entry.providerName.toLowerCase() === byProvider ||
					entry.modelId.split('.')[0] === byProvider) &&
				(!byOutputModality || (entry.outputModalities as string[]).includes(byOutputModality)) &&
				(!byInferenceType ||
					(entry.inferenceTypesSupported as string[]).includes(byInferenceType)) &&
				(!byCustomizationType ||
					(entry.customizationsSupported as string[]).includes(byCustomizationType)),
		).map(foundationModelSummary);
		context.sendJson({ modelSummaries });
	},
};

export const getFoundationModelOperation: Operation = {
	name: 'GetFoundationModel',
	handle(context) {
		const entry = FOUNDATION_MODELS.find(
			(candidate) => candidate.modelId === context.params.modelId,
		);
		if (!entry)
			throw new BedrockError(
				'ResourceNotFoundException',
				'The specified model identifier was not found.',
			);
		context.sendJson({ modelDetails: foundationModelSummary(entry) });
	},
};
