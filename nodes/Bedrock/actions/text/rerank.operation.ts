import type { RerankCommandInput } from '@aws-sdk/client-bedrock-agent-runtime';
import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { batchOptions } from '../descriptions';
import { inputError, readJson, readWholeNumber } from '../input';
import { readModelId } from '../parameters';
import type { OperationContext } from '../types';
import { arnRegion, baseModelId, foundationModelArn, parseModelId } from '../../models/modelId';
import { RERANK_MODELS } from '../../families/rerankModels';
import {
	checkRerankDocuments,
	MAX_RERANK_DOCUMENTS,
	normaliseRerankResults,
	rerankSources,
} from '../../mapping/rerank';
import { callBedrock } from '../../transport/request';
import { loadAgentRuntimeSdk } from '../../transport/sdk';

const [DEFAULT_RERANK_MODEL] = RERANK_MODELS;

const show = { show: { operation: ['rerank'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Model',
		name: 'model',
		type: 'resourceLocator',
		default: {
			__rl: true,
			mode: 'list',
			value: DEFAULT_RERANK_MODEL.id,
			cachedResultName: DEFAULT_RERANK_MODEL.name,
		},
		required: true,
		description:
			'The rerank model. Rerank is offered in some regions only (e.g. us-west-2, ca-central-1, eu-central-1, ap-northeast-1): use a credential of such a region, or the model’s ARN there.',
		displayOptions: show,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchRerankModels', searchable: true },
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. amazon.rerank-v1:0',
				hint: 'A rerank model ID, or its foundation-model ARN (its region is then used)',
			},
		],
	},
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		required: true,
		placeholder: 'e.g. ={{ $json.question }}',
		description:
			'What the documents are ranked against: the documents that answer it best come first',
		displayOptions: show,
	},
	{
		displayName: 'Documents',
		name: 'documents',
		type: 'json',
		default: '[]',
		required: true,
		placeholder: '={{ $json.results.map(result => result.text) }}',
		description: `The documents to rank: a list of texts, or of objects (ranked as JSON); at most ${MAX_RERANK_DOCUMENTS}`,
		hint: 'Each result’s index points into this list, and its document is the entry as given',
		displayOptions: show,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Top N',
				name: 'topN',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_RERANK_DOCUMENTS },
				default: 5,
				description: 'How many of the best documents to return (at most as many as given)',
			},
			...batchOptions,
		],
	},
];

export async function execute(
	context: OperationContext,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const modelId = readModelId(context, itemIndex);
	if (!baseModelId(modelId).includes('rerank')) {
		throw inputError(
			context,
			itemIndex,
			`${modelId} is not a rerank model`,
			`Choose a rerank model: ${RERANK_MODELS.map((model) => `${model.name} (${model.id})`).join(' or ')}.`,
		);
	}
	const query = String(context.fn.getNodeParameter('query', itemIndex, '') ?? '').trim();
	if (query === '') {
		throw inputError(
			context,
			itemIndex,
			'The query is empty',
			'Enter what the documents are ranked against, e.g. ={{ $json.question }}.',
		);
	}
	const documentsValue = readJson(
		context,
		itemIndex,
		context.fn.getNodeParameter('documents', itemIndex, '[]'),
		'Documents',
	);
	let documents: ReturnType<typeof checkRerankDocuments>;
	try {
		documents = checkRerankDocuments(documentsValue);
	} catch (error) {
		throw inputError(
			context,
			itemIndex,
			(error as Error).message,
			'Give the documents as an expression that yields a list, e.g. ={{ $json.results.map(result => result.text) }}.',
		);
	}
	const options = context.fn.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const topN = readWholeNumber(context, itemIndex, options.topN, 'Top N', {
		min: 1,
		max: MAX_RERANK_DOCUMENTS,
	});

	const region = arnRegion(parseModelId(modelId)) ?? context.credentials.region;
	const input: RerankCommandInput = {
		queries: [{ type: 'TEXT', textQuery: { text: query } }],
		sources: rerankSources(documents),
		rerankingConfiguration: {
			type: 'BEDROCK_RERANKING_MODEL',
			bedrockRerankingConfiguration: {
				modelConfiguration: { modelArn: foundationModelArn(modelId, region) },
				...(topN !== undefined ? { numberOfResults: Math.min(topN, documents.length) } : {}),
			},
		},
	};
	const client = await context.clients.agentRuntime(region);
	const { RerankCommand } = await loadAgentRuntimeSdk();
	const response = await callBedrock(
		context.fn.getNode(),
		itemIndex,
		{
			modelId,
			region,
			secrets: context.secrets,
			remedies: {
				ResourceNotFoundException: `Rerank model ${modelId} is not served in ${region}: use a credential of a region that offers Rerank (e.g. us-west-2 or eu-central-1), or the model’s ARN there.`,
			},
		},
		async () => await client.send(new RerankCommand(input), { abortSignal: context.signal }),
	);
	return {
		json: { results: normaliseRerankResults(response.results, documents), modelId },
	};
}
