import type { RetrieveCommandInput } from '@aws-sdk/client-bedrock-agent-runtime';
import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	knowledgeBaseRemedies,
	readKnowledgeBaseQuery,
	readRetrievalSettings,
	retrievalOptions,
} from './fields';
import { batchOptions } from '../descriptions';
import type { OperationContext } from '../types';
import { normaliseRetrievalResult, retrievalConfiguration } from '../../mapping/knowledgeBase';
import { callBedrock } from '../../transport/request';
import { loadAgentRuntimeSdk } from '../../transport/sdk';

export const description: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: ['retrieve'] } },
		options: [
			...retrievalOptions,
			{
				displayName: 'Split Results Into Items',
				name: 'splitResults',
				type: 'boolean',
				default: false,
				description:
					'Whether to output one item per passage ({ text, score, location, metadata, rank }) instead of one item with all results; an item whose search finds nothing then gives no output item',
			},
			...batchOptions,
		],
	},
];

export async function execute(
	context: OperationContext,
	itemIndex: number,
): Promise<INodeExecutionData | INodeExecutionData[]> {
	const { knowledgeBaseId, query } = readKnowledgeBaseQuery(context, itemIndex);
	const options = context.fn.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const settings = readRetrievalSettings(context, itemIndex, options);
	const input: RetrieveCommandInput = {
		knowledgeBaseId,
		retrievalQuery: { text: query },
	};
	const configuration = retrievalConfiguration(settings);
	if (configuration) input.retrievalConfiguration = configuration;

	const client = await context.clients.agentRuntime();
	const { RetrieveCommand } = await loadAgentRuntimeSdk();
	const region = context.credentials.region;
	const response = await callBedrock(
		context.fn.getNode(),
		itemIndex,
		{ region, secrets: context.secrets, remedies: knowledgeBaseRemedies(knowledgeBaseId, region) },
		async () => await client.send(new RetrieveCommand(input), { abortSignal: context.signal }),
	);
	const results = (response.retrievalResults ?? []).map(normaliseRetrievalResult);
	if (options.splitResults === true) {
		return results.map((passage, index) => ({ json: { ...passage, rank: index + 1 } }));
	}
	const output: IDataObject = { results };
	if (response.guardrailAction) output.guardrailAction = response.guardrailAction;
	return { json: output };
}
