import type {
	GenerationConfiguration,
	RetrieveAndGenerateCommandInput,
	RetrieveAndGenerateCommandOutput,
	TextInferenceConfig,
} from '@aws-sdk/client-bedrock-agent-runtime';
import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	knowledgeBaseRemedies,
	readKnowledgeBaseQuery,
	readRetrievalSettings,
	retrievalOptions,
} from './fields';
import { batchOptions } from '../descriptions';
import { inputError, readIdentifier } from '../input';
import { readModelId } from '../parameters';
import type { OperationContext } from '../types';
import { SESSION_ID_PATTERN } from '../../mapping/agent';
import { GUARDRAIL_IDENTIFIER_PATTERN, GUARDRAIL_VERSION_PATTERN } from '../../mapping/guardrail';
import type { GeneratedAnswer } from '../../mapping/knowledgeBase';
import {
	normaliseCitations,
	retrievalConfiguration,
	RetrieveAndGenerateStreamAggregator,
} from '../../mapping/knowledgeBase';
import { readKnobs } from '../../mapping/knobs';
import {
	arnRegion,
	foundationModelArn,
	isProfileIdWithoutArn,
	parseModelId,
} from '../../models/modelId';
import type { BedrockClients } from '../../transport/clients';
import { callBedrock } from '../../transport/request';
import { loadAgentRuntimeSdk, loadControlPlaneSdk } from '../../transport/sdk';
import { forwardStream } from '../../transport/streaming';

/** The placeholder where Bedrock puts the retrieved passages into a prompt template. */
const SEARCH_RESULTS_PLACEHOLDER = '$search_results$';

export const description: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: ['retrieveAndGenerate'] } },
		options: [
			{
				displayName: 'Guardrail Identifier',
				name: 'guardrailIdentifier',
				type: 'string',
				default: '',
				placeholder: 'e.g. gr-abc123xyz',
				description: 'ID of a Bedrock guardrail to apply to the generated answer',
			},
			{
				displayName: 'Guardrail Version',
				name: 'guardrailVersion',
				type: 'string',
				default: 'DRAFT',
				description: 'Version of the guardrail, or DRAFT',
			},
			{
				displayName: 'Max Tokens',
				name: 'maxTokens',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1024,
				description: 'The most tokens the answer may have',
			},
			...retrievalOptions,
			{
				displayName: 'Prompt Template',
				name: 'promptTemplate',
				type: 'string',
				typeOptions: { rows: 6 },
				default: '',
				placeholder:
					'You answer questions from these search results only.\n$search_results$\nAnswer in English.',
				description:
					'The prompt the model gets, with $search_results$ where the retrieved passages go (also $query$, $output_format_instructions$ for citations, $current_time$); empty uses Bedrock’s default',
			},
			{
				displayName: 'Session ID',
				name: 'sessionId',
				type: 'string',
				default: '',
				placeholder: '={{ $json.sessionId }}',
				description:
					'The sessionId of a previous answer, to ask a follow-up question in the same conversation (Bedrock creates sessions: leave empty for a new one)',
			},
			{
				displayName: 'Stop Sequences',
				name: 'stopSequences',
				type: 'string',
				default: '',
				placeholder: 'e.g. END',
				description: 'Comma-separated texts that end the answer when the model writes them',
			},
			{
				displayName: 'Stream',
				name: 'stream',
				type: 'boolean',
				default: false,
				description:
					'Whether to use RetrieveAndGenerateStream; the output is the same, and the answer is sent as it arrives when the workflow streams its response',
			},
			{
				displayName: 'Temperature',
				name: 'temperature',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				default: 0.7,
				description: 'Randomness of the answer: lower is more focused, higher more varied',
			},
			{
				displayName: 'Top P',
				name: 'topP',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				default: 1,
				description: 'Sample only from the most likely tokens whose probabilities add up to P',
			},
			...batchOptions,
		],
	},
];

/** Inference profile ARNs already looked up in this execution, by region and profile ID. */
const profileArns = new WeakMap<BedrockClients, Map<string, Promise<string>>>();

/**
 * The model ARN RetrieveAndGenerate wants: ARNs as given, foundation models as their ARN in the
 * region, and inference profile IDs as their ARN, which holds the account: Bedrock gives it
 * (GetInferenceProfile, once per profile and execution).
 */
async function modelArnOf(
	context: OperationContext,
	itemIndex: number,
	modelId: string,
): Promise<string> {
	const parsed = parseModelId(modelId);
	const region = arnRegion(parsed) ?? context.credentials.region;
	if (!isProfileIdWithoutArn(parsed)) return foundationModelArn(modelId, region);
	let cache = profileArns.get(context.clients);
	if (!cache) {
		cache = new Map();
		profileArns.set(context.clients, cache);
	}
	const key = `${region} ${modelId}`;
	let arn = cache.get(key);
	if (!arn) {
		arn = (async () => {
			const client = await context.clients.controlPlane(region);
			const { GetInferenceProfileCommand } = await loadControlPlaneSdk();
			const profile = await callBedrock(
				context.fn.getNode(),
				itemIndex,
				{ modelId, region, secrets: context.secrets },
				async () =>
					await client.send(
						new GetInferenceProfileCommand({ inferenceProfileIdentifier: modelId }),
						{ abortSignal: context.signal },
					),
			);
			if (!profile.inferenceProfileArn) {
				throw inputError(
					context,
					itemIndex,
					`Bedrock gave no ARN for inference profile ${modelId}`,
				);
			}
			return profile.inferenceProfileArn;
		})();
		cache.set(key, arn);
		arn.catch(() => cache.delete(key));
	}
	return await arn;
}

function textInferenceConfig(options: IDataObject): TextInferenceConfig | undefined {
	const knobs = readKnobs(options);
	const config: TextInferenceConfig = {};
	if (knobs.maxTokens !== undefined) config.maxTokens = knobs.maxTokens;
	if (knobs.temperature !== undefined) config.temperature = knobs.temperature;
	if (knobs.topP !== undefined) config.topP = knobs.topP;
	if (knobs.stopSequences) config.stopSequences = knobs.stopSequences;
	return Object.keys(config).length > 0 ? config : undefined;
}

interface GenerateRequest {
	modelId: string;
	input: RetrieveAndGenerateCommandInput;
	options: IDataObject;
	knowledgeBaseId: string;
}

async function buildRequest(
	context: OperationContext,
	itemIndex: number,
): Promise<GenerateRequest> {
	const { knowledgeBaseId, query } = readKnowledgeBaseQuery(context, itemIndex);
	const modelId = readModelId(context, itemIndex);
	const options = context.fn.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const settings = readRetrievalSettings(context, itemIndex, options);

	const promptTemplate = typeof options.promptTemplate === 'string' ? options.promptTemplate : '';
	if (promptTemplate.trim() !== '' && !promptTemplate.includes(SEARCH_RESULTS_PLACEHOLDER)) {
		throw inputError(
			context,
			itemIndex,
			`The Prompt Template has no ${SEARCH_RESULTS_PLACEHOLDER}`,
			`Bedrock puts the retrieved passages where ${SEARCH_RESULTS_PLACEHOLDER} stands: add it to the template, or leave the template empty for Bedrock’s default.`,
		);
	}
	const sessionId = readIdentifier(context, itemIndex, 'options.sessionId', {
		label: 'Session ID',
		pattern: SESSION_ID_PATTERN,
		hint: 'Use the sessionId of a previous Retrieve and Generate answer (={{ $json.sessionId }}), or leave it empty to start a new conversation.',
		required: false,
	});
	const guardrailId = String(options.guardrailIdentifier ?? '').trim();
	const guardrailVersion = String(options.guardrailVersion ?? 'DRAFT').trim() || 'DRAFT';
	if (guardrailId !== '') {
		if (!GUARDRAIL_IDENTIFIER_PATTERN.test(guardrailId)) {
			throw inputError(
				context,
				itemIndex,
				`Guardrail Identifier '${guardrailId}' is not valid`,
				'Enter the guardrail’s ID (lower-case letters and digits) or ARN.',
			);
		}
		if (!GUARDRAIL_VERSION_PATTERN.test(guardrailVersion)) {
			throw inputError(
				context,
				itemIndex,
				`Guardrail Version '${guardrailVersion}' is not valid`,
				'Enter DRAFT or a version number such as 1.',
			);
		}
	}

	const modelArn = await modelArnOf(context, itemIndex, modelId);
	const generation: GenerationConfiguration = {};
	if (promptTemplate.trim() !== '')
		generation.promptTemplate = { textPromptTemplate: promptTemplate };
	const inference = textInferenceConfig(options);
	if (inference) generation.inferenceConfig = { textInferenceConfig: inference };
	if (guardrailId !== '') generation.guardrailConfiguration = { guardrailId, guardrailVersion };

	const retrieval = retrievalConfiguration(settings);
	const input: RetrieveAndGenerateCommandInput = {
		input: { text: query },
		retrieveAndGenerateConfiguration: {
			type: 'KNOWLEDGE_BASE',
			knowledgeBaseConfiguration: {
				knowledgeBaseId,
				modelArn,
				...(retrieval ? { retrievalConfiguration: retrieval } : {}),
				...(Object.keys(generation).length > 0 ? { generationConfiguration: generation } : {}),
			},
		},
	};
	if (sessionId !== '') input.sessionId = sessionId;
	return { modelId, input, options, knowledgeBaseId };
}

interface GenerateResult {
	answer: GeneratedAnswer;
	sessionId: string | null;
	timeToFirstTokenMs?: number;
}

async function generate(
	context: OperationContext,
	itemIndex: number,
	request: GenerateRequest,
	errorContext: Parameters<typeof callBedrock>[2],
): Promise<GenerateResult> {
	const client = await context.clients.agentRuntime();
	const { RetrieveAndGenerateCommand } = await loadAgentRuntimeSdk();
	const response: RetrieveAndGenerateCommandOutput = await callBedrock(
		context.fn.getNode(),
		itemIndex,
		errorContext,
		async () =>
			await client.send(new RetrieveAndGenerateCommand(request.input), {
				abortSignal: context.signal,
			}),
	);
	return {
		answer: {
			text: response.output?.text ?? '',
			citations: response.citations ?? [],
			...(response.guardrailAction ? { guardrailAction: response.guardrailAction } : {}),
		},
		sessionId: response.sessionId ?? null,
	};
}

async function generateStream(
	context: OperationContext,
	itemIndex: number,
	request: GenerateRequest,
	errorContext: Parameters<typeof callBedrock>[2],
	started: number,
): Promise<GenerateResult> {
	const client = await context.clients.agentRuntime();
	const { RetrieveAndGenerateStreamCommand } = await loadAgentRuntimeSdk();
	const aggregator = new RetrieveAndGenerateStreamAggregator();
	// An exception event mid-stream is thrown while iterating: the whole call is wrapped.
	return await callBedrock(context.fn.getNode(), itemIndex, errorContext, async () => {
		const output = await client.send(new RetrieveAndGenerateStreamCommand(request.input), {
			abortSignal: context.signal,
		});
		const { timeToFirstTokenMs } = await forwardStream(
			context.chunks,
			itemIndex,
			output.stream,
			(event) => aggregator.push(event),
			started,
		);
		return { answer: aggregator.finish(), sessionId: output.sessionId ?? null, timeToFirstTokenMs };
	});
}

export async function execute(
	context: OperationContext,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const request = await buildRequest(context, itemIndex);
	const region = context.credentials.region;
	const errorContext = {
		modelId: request.modelId,
		region,
		secrets: context.secrets,
		remedies: knowledgeBaseRemedies(request.knowledgeBaseId, region),
	};
	const started = performance.now();
	const result =
		request.options.stream === true
			? await generateStream(context, itemIndex, request, errorContext, started)
			: await generate(context, itemIndex, request, errorContext);
	const output: IDataObject = {
		text: result.answer.text,
		citations: normaliseCitations(result.answer.citations),
		sessionId: result.sessionId,
		modelId: request.modelId,
		latencyMs: Math.round(performance.now() - started),
	};
	if (result.timeToFirstTokenMs !== undefined)
		output.timeToFirstTokenMs = result.timeToFirstTokenMs;
	if (result.answer.guardrailAction) output.guardrailAction = result.answer.guardrailAction;
	return { json: output };
}
