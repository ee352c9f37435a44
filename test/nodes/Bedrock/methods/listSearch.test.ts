import {
	AccessDeniedException,
	BedrockClient,
	ListFoundationModelsCommand,
	ListInferenceProfilesCommand,
} from '@aws-sdk/client-bedrock';
import type { FoundationModelSummary } from '@aws-sdk/client-bedrock';
import { mockClient } from 'aws-sdk-client-mock';

import { listModels } from '../../../../nodes/Bedrock/methods/listSearch';
import { toBedrockCredentials } from '../../../../nodes/Bedrock/transport/credentials';

const bedrock = mockClient(BedrockClient);
const credentials = toBedrockCredentials({
	region: 'us-east-1',
	accessKeyId: 'AKIATESTKEY000000001',
	secretAccessKey: 'test-secret',
});

// The SDK's enum predates INFERENCE_PROFILE, which Bedrock returns for profile-only models.
type InferenceTypes = FoundationModelSummary['inferenceTypesSupported'];

const modelSummaries: FoundationModelSummary[] = [
	{
		modelArn:
			'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0',
		modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
		modelName: 'Claude 3.5 Haiku',
		providerName: 'Anthropic',
		outputModalities: ['TEXT' as const],
		responseStreamingSupported: true,
		inferenceTypesSupported: ['ON_DEMAND', 'INFERENCE_PROFILE'] as unknown as InferenceTypes,
		modelLifecycle: { status: 'ACTIVE' as const },
	},
	{
		modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-3-70b-instruct-v1:0',
		modelId: 'meta.llama3-3-70b-instruct-v1:0',
		modelName: 'Llama 3.3 70B Instruct',
		providerName: 'Meta',
		outputModalities: ['TEXT' as const],
		responseStreamingSupported: true,
		inferenceTypesSupported: ['INFERENCE_PROFILE'] as unknown as InferenceTypes,
		modelLifecycle: { status: 'ACTIVE' as const },
	},
	{
		modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/stability.sd3-large-v1:0',
		modelId: 'stability.sd3-large-v1:0',
		modelName: 'SD3 Large',
		providerName: 'Stability AI',
		outputModalities: ['IMAGE' as const],
		modelLifecycle: { status: 'ACTIVE' as const },
	},
];

const profiles = [
	{
		inferenceProfileName: 'US Meta Llama 3.3 70B Instruct',
		inferenceProfileId: 'us.meta.llama3-3-70b-instruct-v1:0',
		inferenceProfileArn:
			'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.meta.llama3-3-70b-instruct-v1:0',
		status: 'ACTIVE' as const,
		type: 'SYSTEM_DEFINED' as const,
		models: [],
		createdAt: undefined,
	},
];

describe('listModels', () => {
	beforeEach(() => bedrock.reset());

	it('merges foundation models and inference profiles, labelled and sorted, without image models', async () => {
		bedrock.on(ListFoundationModelsCommand).resolves({ modelSummaries });
		bedrock
			.on(ListInferenceProfilesCommand, { typeEquals: 'SYSTEM_DEFINED' })
			.resolves({ inferenceProfileSummaries: profiles })
			.on(ListInferenceProfilesCommand, { typeEquals: 'APPLICATION' })
			.resolves({ inferenceProfileSummaries: [] });
		const { items, warnings } = await listModels(credentials);
		expect(warnings).toEqual([]);
		expect(items.map((item) => [item.name, item.value])).toEqual([
			['Claude 3.5 Haiku (Anthropic, streaming)', 'anthropic.claude-3-5-haiku-20241022-v1:0'],
			[
				'Llama 3.3 70B Instruct (Meta, streaming, inference profile only)',
				'meta.llama3-3-70b-instruct-v1:0',
			],
			['US Meta Llama 3.3 70B Instruct (inference profile)', 'us.meta.llama3-3-70b-instruct-v1:0'],
		]);
	});

	it('filters by the search text, in names and IDs', async () => {
		bedrock.on(ListFoundationModelsCommand).resolves({ modelSummaries });
		bedrock.on(ListInferenceProfilesCommand).resolves({ inferenceProfileSummaries: profiles });
		const { items } = await listModels(credentials, 'LLAMA3-3');
		expect(items.map((item) => item.value)).toEqual([
			'meta.llama3-3-70b-instruct-v1:0',
			'us.meta.llama3-3-70b-instruct-v1:0',
		]);
	});

	it('still lists foundation models when the credential may not list inference profiles', async () => {
		bedrock.on(ListFoundationModelsCommand).resolves({ modelSummaries });
		bedrock.on(ListInferenceProfilesCommand).rejects(
			new AccessDeniedException({
				message: 'User is not authorized to perform: bedrock:ListInferenceProfiles',
				$metadata: { httpStatusCode: 403 },
			}),
		);
		const { items, warnings } = await listModels(credentials);
		expect(items).toHaveLength(2);
		expect(warnings).toEqual([
			expect.stringContaining('Inference profiles could not be listed: AccessDeniedException'),
		]);
	});

	it('still lists inference profiles when the credential may not list foundation models', async () => {
		bedrock
			.on(ListFoundationModelsCommand)
			.rejects(
				new AccessDeniedException({ message: 'denied', $metadata: { httpStatusCode: 403 } }),
			);
		bedrock.on(ListInferenceProfilesCommand).resolves({ inferenceProfileSummaries: profiles });
		const { items, warnings } = await listModels(credentials);
		expect(items.map((item) => item.value)).toEqual(['us.meta.llama3-3-70b-instruct-v1:0']);
		expect(warnings).toHaveLength(1);
	});

	it('fails when neither list can be read', async () => {
		const denied = new AccessDeniedException({
			message: 'denied',
			$metadata: { httpStatusCode: 403 },
		});
		bedrock.on(ListFoundationModelsCommand).rejects(denied);
		bedrock.on(ListInferenceProfilesCommand).rejects(denied);
		await expect(listModels(credentials)).rejects.toThrow('denied');
	});

	it('lists application inference profiles by ARN', async () => {
		bedrock.on(ListFoundationModelsCommand).resolves({ modelSummaries: [] });
		bedrock
			.on(ListInferenceProfilesCommand, { typeEquals: 'SYSTEM_DEFINED' })
			.resolves({ inferenceProfileSummaries: [] })
			.on(ListInferenceProfilesCommand, { typeEquals: 'APPLICATION' })
			.resolves({
				inferenceProfileSummaries: [
					{
						inferenceProfileName: 'team-a-claude',
						inferenceProfileId: 'abc123xyz',
						inferenceProfileArn:
							'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz',
						status: 'ACTIVE',
						type: 'APPLICATION',
						models: [],
						createdAt: undefined,
					},
				],
			});
		const { items } = await listModels(credentials);
		expect(items).toEqual([
			expect.objectContaining({
				name: 'team-a-claude (application inference profile)',
				value: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz',
			}),
		]);
	});
});
