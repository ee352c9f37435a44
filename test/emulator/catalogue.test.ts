import type { ListFoundationModelsCommandInput } from '@aws-sdk/client-bedrock';
import {
	GetFoundationModelCommand,
	ListFoundationModelsCommand,
	ListInferenceProfilesCommand,
} from '@aws-sdk/client-bedrock';

import { baseModelId, findModel, FOUNDATION_MODELS, start } from '../../emulator';
import type { RunningEmulator } from '../../emulator';
import { findNativeFormat } from '../../emulator/native';
import { controlClient } from './client';

let emulator: RunningEmulator;
beforeAll(async () => {
	emulator = await start();
});
afterAll(async () => {
	await emulator.close();
});

describe('catalogue', () => {
	it('has a native format for every model', () => {
		for (const model of FOUNDATION_MODELS) expect(findNativeFormat(model.modelId)).toBeDefined();
	});

	it('reduces IDs, profile IDs and ARNs to the base model ID', () => {
		const id = 'anthropic.claude-sonnet-4-20250514-v1:0';
		expect(baseModelId(id)).toBe(id);
		expect(baseModelId(`global.${id}`)).toBe(id);
		expect(baseModelId(`arn:aws:bedrock:us-east-1::foundation-model/${id}`)).toBe(id);
		expect(baseModelId(`arn:aws:bedrock:us-east-1:123456789012:inference-profile/apac.${id}`)).toBe(
			id,
		);
		expect(findModel(`eu.${id}`)?.modelName).toBe('Claude Sonnet 4');
		expect(findModel('nobody.nothing-v1:0')).toBeUndefined();
	});
});

describe('ListFoundationModels', () => {
	it('lists every model with the SDK’s summary shape', async () => {
		const client = controlClient(emulator.url);
		const { modelSummaries } = await client.send(new ListFoundationModelsCommand({}));
		expect(modelSummaries).toHaveLength(FOUNDATION_MODELS.length);
		expect(modelSummaries?.find((model) => model.modelId === 'deepseek.r1-v1:0')).toEqual({
			modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/deepseek.r1-v1:0',
			modelId: 'deepseek.r1-v1:0',
			modelName: 'DeepSeek-R1',
			providerName: 'DeepSeek',
			inputModalities: ['TEXT'],
			outputModalities: ['TEXT'],
			responseStreamingSupported: true,
			customizationsSupported: [],
			inferenceTypesSupported: ['INFERENCE_PROFILE'],
			modelLifecycle: { status: 'ACTIVE' },
		});
		client.destroy();
	});

	it('filters by provider, output modality, inference type and customization', async () => {
		const client = controlClient(emulator.url);
		const ids = async (input: ListFoundationModelsCommandInput) =>
			((await client.send(new ListFoundationModelsCommand(input))).modelSummaries ?? []).map(
				(model) => model.modelId,
			);
		const anthropic = await ids({ byProvider: 'Anthropic' });
		expect(anthropic).toHaveLength(11);
		expect(anthropic.every((id) => id?.startsWith('anthropic.'))).toBe(true);
		expect(await ids({ byProvider: 'meta' })).toHaveLength(12);
		expect(await ids({ byOutputModality: 'EMBEDDING' })).toEqual([
			'amazon.titan-embed-text-v2:0',
			'cohere.embed-english-v3',
			'cohere.embed-multilingual-v3',
			'cohere.embed-v4:0',
			'amazon.nova-2-multimodal-embeddings-v1:0',
		]);
		const onDemand = await ids({ byInferenceType: 'ON_DEMAND' });
		expect(onDemand).toContain('anthropic.claude-3-haiku-20240307-v1:0');
		expect(onDemand).not.toContain('anthropic.claude-3-7-sonnet-20250219-v1:0');
		expect(await ids({ byCustomizationType: 'CONTINUED_PRE_TRAINING' })).toEqual([
			'amazon.titan-text-express-v1',
			'amazon.titan-text-lite-v1',
		]);
		client.destroy();
	});

	it('gets one model', async () => {
		const client = controlClient(emulator.url);
		const { modelDetails } = await client.send(
			new GetFoundationModelCommand({ modelIdentifier: 'amazon.nova-pro-v1:0' }),
		);
		expect(modelDetails?.modelName).toBe('Nova Pro');
		client.destroy();
	});
});

describe('ListInferenceProfiles', () => {
	it('lists system-defined cross-region profiles', async () => {
		const client = controlClient(emulator.url);
		const { inferenceProfileSummaries } = await client.send(
			new ListInferenceProfilesCommand({ typeEquals: 'SYSTEM_DEFINED' }),
		);
		const sonnet = inferenceProfileSummaries?.find(
			(profile) => profile.inferenceProfileId === 'us.anthropic.claude-3-7-sonnet-20250219-v1:0',
		);
		expect(sonnet).toMatchObject({
			inferenceProfileName: 'US Anthropic Claude 3.7 Sonnet',
			inferenceProfileArn:
				'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0',
			status: 'ACTIVE',
			type: 'SYSTEM_DEFINED',
			models: [
				{
					modelArn:
						'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0',
				},
				{
					modelArn:
						'arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0',
				},
				{
					modelArn:
						'arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0',
				},
			],
		});
		expect(sonnet?.createdAt).toBeInstanceOf(Date);
		const prefixes = new Set(
			inferenceProfileSummaries?.map((profile) => profile.inferenceProfileId?.split('.')[0]),
		);
		// us-east-1 is a source region of the us. and global. profiles only, as on Bedrock.
		expect([...prefixes].sort()).toEqual(['global', 'us']);
		expect(inferenceProfileSummaries?.every((profile) => profile.type === 'SYSTEM_DEFINED')).toBe(
			true,
		);
		client.destroy();
	});

	it('pages with maxResults and nextToken', async () => {
		const client = controlClient(emulator.url);
		const all =
			(await client.send(new ListInferenceProfilesCommand({}))).inferenceProfileSummaries ?? [];
		const paged: string[] = [];
		let nextToken: string | undefined;
		do {
			const page = await client.send(
				new ListInferenceProfilesCommand({ maxResults: 7, nextToken }),
			);
			expect((page.inferenceProfileSummaries ?? []).length).toBeLessThanOrEqual(7);
			paged.push(
				...(page.inferenceProfileSummaries ?? []).map(
					(profile) => profile.inferenceProfileId ?? '',
				),
			);
			nextToken = page.nextToken;
		} while (nextToken);
		expect(paged).toEqual(all.map((profile) => profile.inferenceProfileId));
		client.destroy();
	});

	it('lists application inference profiles', async () => {
		const client = controlClient(emulator.url);
		const { inferenceProfileSummaries } = await client.send(
			new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' }),
		);
		expect(inferenceProfileSummaries).toEqual([
			expect.objectContaining({
				inferenceProfileId: 'emulator0001',
				inferenceProfileArn:
					'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/emulator0001',
				type: 'APPLICATION',
			}),
		]);
		client.destroy();
	});
});
