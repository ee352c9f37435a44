import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resourceDescriptions, resourceField } from './actions/resources';
import { router } from './actions/router';
import { bedrockApiCredentialTest } from './methods/credentialTest';
import {
	searchAgentAliases,
	searchAgents,
	searchKnowledgeBases,
	searchRerankModels,
} from './methods/agentResources';
import { searchImageModels, searchModels } from './methods/listSearch';

export class Bedrock implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amazon Bedrock',
		name: 'bedrock',
		icon: { light: 'file:bedrock.svg', dark: 'file:bedrock.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter["operation"] + ($parameter["model"] && $parameter["model"].value ? ": " + ($parameter["model"].cachedResultName || $parameter["model"].value) : "") }}',
		description:
			'Converse with, invoke and count tokens for the foundation models of Amazon Bedrock; generate images; search knowledge bases, talk to agents, rerank and apply guardrails',
		defaults: { name: 'Amazon Bedrock' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'awsBedrockApi', required: true, testedBy: 'bedrockApiCredentialTest' }],
		properties: [resourceField, ...resourceDescriptions],
	};

	methods = {
		listSearch: {
			searchModels,
			searchImageModels,
			searchKnowledgeBases,
			searchAgents,
			searchAgentAliases,
			searchRerankModels,
		},
		credentialTest: { bedrockApiCredentialTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
