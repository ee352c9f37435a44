import type {
	CountTokensCommandInput,
	CountTokensInput,
	ContentBlock,
	ConverseCommandInput,
} from '@aws-sdk/client-bedrock-runtime';
import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { buildConverseRequest } from './converseInput';
import { buildInvokeRequest } from './invokeInput';
import { batchOptions, converseInputFields, invokeInputFields } from '../descriptions';
import type { OperationContext } from '../types';
import { maxTokenPaths } from '../../families/registry';
import { costOfUsage, priceOptions, priceOverrideOf } from '../../mapping/cost';
import { parseModelId } from '../../models/modelId';
import type { PricingTier } from '../../pricing';
import { estimateRequestTokens } from '../../tokens';
import type { EstimateParts } from '../../tokens';
import { bedrockErrorInfoOf, toNodeApiError } from '../../transport/errors';
import { callBedrock } from '../../transport/request';
import { emptyUsage } from '../../types';
import { loadRuntimeSdk } from '../../transport/sdk';

const DEFAULT_MAX_OUTPUT_TOKENS = 1024;

export const description: INodeProperties[] = [
	{
		displayName: 'Count Tokens Of',
		name: 'inputFormat',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Converse Request',
				value: 'converse',
				description:
					'Count what the Converse operation would send (prompt or messages, attachments, tools)',
			},
			{
				name: 'Invoke Model Body',
				value: 'invoke',
				description: 'Count what the Invoke Model operation would send (form or raw JSON body)',
			},
		],
		default: 'converse',
		displayOptions: { show: { operation: ['countTokens'] } },
	},
	...updateDisplayOptions(
		{ show: { operation: ['countTokens'], inputFormat: ['converse'] } },
		converseInputFields,
	),
	...updateDisplayOptions(
		{ show: { operation: ['countTokens'], inputFormat: ['invoke'] } },
		invokeInputFields,
	),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: ['countTokens'] } },
		options: [
			{
				displayName: 'Estimate Only',
				name: 'estimateOnly',
				type: 'boolean',
				default: false,
				description:
					'Whether to skip Bedrock’s CountTokens API and always estimate locally (no AWS call, no bedrock:CountTokens permission needed)',
			},
			{
				displayName: 'Max Output Tokens',
				name: 'maxTokens',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_MAX_OUTPUT_TOKENS,
				description:
					'The reply length the cost ceiling assumes (the request’s own max tokens is used when it sets one and this is left unset)',
			},
			{
				displayName: 'Price As',
				name: 'priceAs',
				type: 'options',
				options: [
					{
						name: 'On-Demand Calls',
						value: 'onDemand',
						description: 'What Converse or Invoke Model would cost for this item',
					},
					{
						name: 'Batch Inference Job',
						value: 'batch',
						description:
							'What this item would cost as a record of a Batch Job (half the on-demand price for most models); sum estimatedCost.maxTotalUsd over the items for the whole job',
					},
				],
				default: 'onDemand',
			},
			...priceOptions,
			...batchOptions,
		],
	},
];

function textOfBlocks(blocks: ContentBlock[] | undefined): {
	text: string;
	images: number;
	documents: Array<{ bytes: number; format: string }>;
} {
	let text = '';
	let images = 0;
	const documents: Array<{ bytes: number; format: string }> = [];
	for (const block of blocks ?? []) {
		if (block.text) text += `${block.text}\n`;
		else if (block.image) images++;
		else if (block.document) {
			documents.push({
				bytes: block.document.source?.bytes?.length ?? 0,
				format: block.document.format ?? 'txt',
			});
		} else if (block.toolUse) text += `${JSON.stringify(block.toolUse.input ?? {})}\n`;
		else if (block.toolResult) {
			for (const part of block.toolResult.content ?? []) {
				if (part.text) text += `${part.text}\n`;
				else if (part.json) text += `${JSON.stringify(part.json)}\n`;
			}
		}
	}
	return { text: text.trimEnd(), images, documents };
}

function converseParts(input: ConverseCommandInput): EstimateParts {
	return {
		system: (input.system ?? [])
			.map((block) => ('text' in block && block.text ? block.text : ''))
			.filter(Boolean)
			.join('\n'),
		messages: (input.messages ?? []).map((message) => ({
			role: message.role ?? 'user',
			...textOfBlocks(message.content),
		})),
		toolsJson: input.toolConfig?.tools ? JSON.stringify(input.toolConfig.tools) : undefined,
	};
}

/** Every string in a native body that a model reads (prompts, messages, system), for estimating. */
function stringsOf(value: unknown, key = ''): string[] {
	if (typeof value === 'string') {
		return /^(anthropic_version|role|type|format|schemaVersion|input_type|media_type)$/.test(key)
			? []
			: [value];
	}
	if (Array.isArray(value)) return value.flatMap((entry) => stringsOf(entry, key));
	if (typeof value === 'object' && value !== null) {
		return Object.entries(value).flatMap(([entryKey, entry]) => stringsOf(entry, entryKey));
	}
	return [];
}

function maxTokensOfBody(body: IDataObject): number | undefined {
	for (const path of maxTokenPaths()) {
		let node: unknown = body;
		for (const key of path) node = (node as IDataObject | undefined)?.[key];
		if (typeof node === 'number') return node;
	}
	return undefined;
}

/** The IDs to count with: a cross-region profile's base model too, which CountTokens may accept instead. */
function countCandidates(modelId: string): string[] {
	const parsed = parseModelId(modelId);
	return parsed.resourceType === 'inference-profile' && parsed.baseModelId
		? [modelId, parsed.baseModelId]
		: [modelId];
}

interface CountRequest {
	modelId: string;
	region?: string;
	api: CountTokensInput;
	parts: EstimateParts;
	requestMaxTokens?: number;
}

async function buildCountRequest(
	context: OperationContext,
	itemIndex: number,
): Promise<CountRequest> {
	const format = context.fn.getNodeParameter('inputFormat', itemIndex, 'converse') as string;
	if (format === 'invoke') {
		const request = await buildInvokeRequest(context, itemIndex);
		return {
			modelId: request.modelId,
			region: request.region,
			api: { invokeModel: { body: new TextEncoder().encode(JSON.stringify(request.body)) } },
			parts: { messages: [{ role: 'user', text: stringsOf(request.body).join('\n') }] },
			requestMaxTokens: maxTokensOfBody(request.body),
		};
	}
	const { modelId, region, input } = await buildConverseRequest(context, itemIndex);
	return {
		modelId,
		region,
		api: {
			converse: {
				messages: input.messages,
				system: input.system,
				toolConfig: input.toolConfig,
			},
		} as CountTokensInput,
		parts: converseParts(input),
		requestMaxTokens: input.inferenceConfig?.maxTokens,
	};
}

/** Codes with which the CountTokens API says "not for this model (ID)": fall back, do not fail. */
const UNSUPPORTED_CODES = new Set([
	'ValidationException',
	'ResourceNotFoundException',
	'AccessDeniedException',
]);

export async function execute(
	context: OperationContext,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const request = await buildCountRequest(context, itemIndex);
	const options = context.fn.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const region = request.region ?? context.credentials.region;
	const node = context.fn.getNode();
	const notes: string[] = [];

	let inputTokens: number | undefined;
	let countedAs: string | undefined;
	if (options.estimateOnly !== true) {
		const { CountTokensCommand } = await loadRuntimeSdk();
		const client = await context.clients.runtime(request.region);
		for (const candidate of countCandidates(request.modelId)) {
			const input: CountTokensCommandInput = { modelId: candidate, input: request.api };
			let failure: unknown;
			try {
				const result = await callBedrock(
					node,
					itemIndex,
					{ modelId: candidate, region, secrets: context.secrets },
					async () =>
						await client.send(new CountTokensCommand(input), { abortSignal: context.signal }),
				);
				inputTokens = result.inputTokens ?? 0;
				countedAs = candidate;
				break;
			} catch (error) {
				const info = error instanceof NodeApiError ? bedrockErrorInfoOf(error) : undefined;
				if (info && UNSUPPORTED_CODES.has(info.code)) {
					notes.push(`CountTokens refused ${candidate}: ${info.code}: ${info.message}`);
				} else {
					failure = error;
				}
			}
			if (failure) throw toNodeApiError(node, failure, itemIndex, { modelId: candidate, region });
		}
	}

	const output: IDataObject = { modelId: request.modelId };
	if (inputTokens !== undefined) {
		output.inputTokens = inputTokens;
		output.method = 'api';
		if (countedAs !== request.modelId) output.countedAs = countedAs;
	} else {
		const estimate = estimateRequestTokens(request.parts, request.modelId);
		output.inputTokens = estimate.tokens;
		output.method = 'estimate';
		output.estimator = estimate.estimator;
	}
	const configuredMax = Number(options.maxTokens);
	const maxOutputTokens =
		request.requestMaxTokens ??
		(Number.isFinite(configuredMax) && configuredMax > 0
			? configuredMax
			: DEFAULT_MAX_OUTPUT_TOKENS);
	output.maxOutputTokens = maxOutputTokens;
	const override = priceOverrideOf(options);
	const usage = emptyUsage();
	const tier: PricingTier = options.priceAs === 'batch' ? 'batch' : 'onDemand';
	const estimateAt = (pricingTier: PricingTier): IDataObject => {
		const inputCost = costOfUsage(
			{ ...usage, inputTokens: output.inputTokens as number },
			request.modelId,
			region,
			override,
			pricingTier,
		);
		const outputCost = costOfUsage(
			{ ...usage, outputTokens: maxOutputTokens },
			request.modelId,
			region,
			override,
			pricingTier,
		);
		return {
			inputUsd: inputCost.inputUsd,
			maxOutputUsd: outputCost.outputUsd,
			maxTotalUsd:
				typeof inputCost.inputUsd === 'number' && typeof outputCost.outputUsd === 'number'
					? Math.round((inputCost.inputUsd + outputCost.outputUsd) * 1e6) / 1e6
					: null,
			pricingSource: inputCost.pricingSource,
		};
	};
	output.estimatedCost = estimateAt(tier);
	if (tier === 'batch') {
		(output.estimatedCost as IDataObject).pricing = 'batch';
		(output.estimatedCost as IDataObject).onDemandMaxTotalUsd = estimateAt('onDemand').maxTotalUsd;
	}
	if (notes.length > 0) output.notes = notes;
	return { json: output };
}
