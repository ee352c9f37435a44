import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { inputError, readIdentifier, readJson, readWholeNumber } from '../input';
import type { OperationContext } from '../types';
import { foundationModelArn } from '../../models/modelId';
import { RERANK_MODELS } from '../../families/rerankModels';
import type { RetrievalSettings } from '../../mapping/knowledgeBase';
import { checkRetrievalFilter, MAX_NUMBER_OF_RESULTS } from '../../mapping/knowledgeBase';

/** Bedrock's pattern of knowledge base IDs. */
const KNOWLEDGE_BASE_ID_PATTERN = /^[0-9a-zA-Z]{1,10}$/;
const DEFAULT_NUMBER_OF_RESULTS = 5;

/** The fields both knowledge base operations have. */
export const knowledgeBaseFields: INodeProperties[] = [
	{
		displayName: 'Knowledge Base',
		name: 'knowledgeBaseId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The knowledge base to search, in the credential’s region',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchKnowledgeBases', searchable: true },
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. ABCDEFGHIJ',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: KNOWLEDGE_BASE_ID_PATTERN.source,
							errorMessage: 'A knowledge base ID is up to 10 letters and digits',
						},
					},
				],
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
		description: 'What to search the knowledge base for, usually the user’s question',
	},
];

/** The retrieval options both operations offer (inside their Options collection). */
export const retrievalOptions: INodeProperties[] = [
	{
		displayName: 'Metadata Filter',
		name: 'metadataFilter',
		type: 'json',
		default: '',
		placeholder: '{ "equals": { "key": "category", "value": "faq" } }',
		description:
			'Only passages whose metadata matches, as Bedrock’s filter JSON: one operator (equals, notEquals, greaterThan, greaterThanOrEquals, lessThan, lessThanOrEquals, in, notIn, startsWith, listContains, stringContains) with { key, value }, or andAll / orAll over 2 to 5 filters',
	},
	{
		displayName: 'Number of Results',
		name: 'numberOfResults',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_NUMBER_OF_RESULTS },
		default: DEFAULT_NUMBER_OF_RESULTS,
		description: 'How many passages to retrieve (1 to 100)',
	},
	{
		displayName: 'Number of Reranked Results',
		name: 'numberOfRerankedResults',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_NUMBER_OF_RESULTS },
		default: DEFAULT_NUMBER_OF_RESULTS,
		description: 'How many passages to keep after reranking (with a Reranking Model)',
	},
	{
		displayName: 'Reranking Model',
		name: 'rerankingModel',
		type: 'options',
		options: [
			{ name: 'None', value: '', description: 'Keep the knowledge base’s own order' },
			...RERANK_MODELS.map((model) => ({
				name: model.name,
				value: model.id,
				description: `Reorder the passages by relevance with ${model.name} (bedrock:Rerank and bedrock:InvokeModel on it)`,
			})),
		],
		default: '',
		description:
			'A Bedrock rerank model that reorders the retrieved passages by relevance to the query (offered in some regions only)',
	},
	{
		displayName: 'Search Type',
		name: 'searchType',
		type: 'options',
		options: [
			{ name: 'Knowledge Base Default', value: '', description: 'What the knowledge base chooses' },
			{
				name: 'Hybrid',
				value: 'HYBRID',
				description:
					'Vector and keyword search together (vector stores with a filterable text field, e.g. OpenSearch Serverless)',
			},
			{ name: 'Semantic', value: 'SEMANTIC', description: 'Vector search only' },
		],
		default: '',
		description: 'How the knowledge base searches its vector store',
	},
];

/** The item's knowledge base ID and query, checked. */
export function readKnowledgeBaseQuery(
	context: OperationContext,
	itemIndex: number,
): { knowledgeBaseId: string; query: string } {
	const knowledgeBaseId = readIdentifier(context, itemIndex, 'knowledgeBaseId', {
		label: 'Knowledge Base',
		pattern: KNOWLEDGE_BASE_ID_PATTERN,
		hint: 'Pick the knowledge base from the list, or enter its ID (up to 10 letters and digits, shown in the Bedrock console).',
	});
	const query = String(context.fn.getNodeParameter('query', itemIndex, '') ?? '').trim();
	if (query === '') {
		throw inputError(
			context,
			itemIndex,
			'The query is empty',
			'Enter what to search for, e.g. ={{ $json.question }}, or check that the expression gives text for this item.',
		);
	}
	return { knowledgeBaseId, query };
}

/** The retrieval settings of the item's Options, checked. */
export function readRetrievalSettings(
	context: OperationContext,
	itemIndex: number,
	options: IDataObject,
): RetrievalSettings {
	const settings: RetrievalSettings = {};
	const numberOfResults = readWholeNumber(
		context,
		itemIndex,
		options.numberOfResults,
		'Number of Results',
		{ min: 1, max: MAX_NUMBER_OF_RESULTS },
	);
	if (numberOfResults !== undefined) settings.numberOfResults = numberOfResults;
	if (options.searchType === 'HYBRID' || options.searchType === 'SEMANTIC') {
		settings.searchType = options.searchType;
	}
	const filter = readJson(context, itemIndex, options.metadataFilter, 'Metadata Filter');
	if (filter !== undefined) {
		try {
			settings.filter = checkRetrievalFilter(filter);
		} catch (error) {
			throw inputError(
				context,
				itemIndex,
				`Metadata Filter: ${(error as Error).message}`,
				'Write the filter as Bedrock’s RetrievalFilter JSON, e.g. { "andAll": [ { "equals": { "key": "category", "value": "faq" } }, { "greaterThan": { "key": "year", "value": 2023 } } ] }',
			);
		}
	}
	const rerankingModel = typeof options.rerankingModel === 'string' ? options.rerankingModel : '';
	if (rerankingModel !== '') {
		settings.reranking = {
			modelArn: foundationModelArn(rerankingModel, context.credentials.region),
			numberOfRerankedResults: readWholeNumber(
				context,
				itemIndex,
				options.numberOfRerankedResults,
				'Number of Reranked Results',
				{ min: 1, max: MAX_NUMBER_OF_RESULTS },
			),
		};
	}
	return settings;
}

/** What a not-found error means when a knowledge base was addressed. */
export function knowledgeBaseRemedies(knowledgeBaseId: string, region: string) {
	return {
		ResourceNotFoundException: `No knowledge base ${knowledgeBaseId} was found in ${region}: pick it from the list, or check its ID and the credential’s region.`,
	};
}
