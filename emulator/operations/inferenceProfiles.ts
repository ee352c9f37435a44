/**
 * ListInferenceProfiles (GET /inference-profiles, paginated) and GetInferenceProfile
 * (GET /inference-profiles/{id or ARN}): system-defined profiles of the catalogue and the configured
 * application inference profiles.
 */
import { inferenceProfileSummaries } from '../catalogue';
import type { Operation } from '../context';
import { BedrockError } from '../errors';
import type { JsonObject } from '../http/json';

export const listInferenceProfilesOperation: Operation = {
	name: 'ListInferenceProfiles',
	handle(context) {
		const { query } = context;
		const typeEquals = query.get('type');
		const maxResults = query.has('maxResults') ? Number(query.get('maxResults')) : 1000;
		if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 1000) {
			throw new BedrockError(
				'ValidationException',
				`1 validation error detected: Value '${query.get('maxResults')}' at 'maxResults' failed to satisfy constraint: Member must have value ${maxResults < 1 ? 'greater than or equal to 1' : 'less than or equal to 1000'}`,
			);
		}
		const all = inferenceProfileSummaries(
			context.state.options.applicationInferenceProfiles,
		).filter((profile) => !typeEquals || profile.type === typeEquals);
		const nextToken = query.get('nextToken');
		const offset = nextToken ? Number(Buffer.from(nextToken, 'base64').toString('utf8')) : 0;
		if (!Number.isInteger(offset) || offset < 0) {
			throw new BedrockError('ValidationException', 'The provided nextToken is invalid.');
		}
		const page = all.slice(offset, offset + maxResults);
		const result: JsonObject = { inferenceProfileSummaries: page };
		if (offset + maxResults < all.length) {
			result.nextToken = Buffer.from(String(offset + maxResults)).toString('base64');
		}
		context.sendJson(result);
	},
};

export const getInferenceProfileOperation: Operation = {
	name: 'GetInferenceProfile',
	handle(context) {
		const { modelId } = context.params;
		const profile = inferenceProfileSummaries(
			context.state.options.applicationInferenceProfiles,
		).find(
			(candidate) =>
				candidate.inferenceProfileId === modelId || candidate.inferenceProfileArn === modelId,
		);
		if (!profile)
			throw new BedrockError(
				'ResourceNotFoundException',
				'The specified inference profile was not found.',
			);
		context.sendJson(profile);
	},
};
