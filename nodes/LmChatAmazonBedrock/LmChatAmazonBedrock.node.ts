import type {
	INodeType,
	INodeTypeDescription,
	ISupplyDataFunctions,
	SupplyData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { bedrockApiCredentialTest } from '../Bedrock/methods/credentialTest';
import { searchModels } from '../Bedrock/methods/listSearch';
import { chatModelProperties } from './description';
import { supplyChatModel } from './supply';

/**
 * Amazon Bedrock as the chat model of n8n's AI Agent and chains. The node's module loads without
 * n8n's AI node SDK (n8n 1.x has none); the SDK and the model are required when a model is supplied.
 */
export class LmChatAmazonBedrock implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amazon Bedrock Chat Model',
		name: 'lmChatAmazonBedrock',
		icon: { light: 'file:bedrock.svg', dark: 'file:bedrock.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter["model"] && $parameter["model"].value ? ($parameter["model"].cachedResultName || $parameter["model"].value) : "" }}',
		description:
			'Chat model for AI agents and chains: Amazon Bedrock Converse, with tools, streaming, prompt caching, reasoning and guardrails',
		defaults: { name: 'Amazon Bedrock Chat Model' },
		inputs: [],
		outputs: [NodeConnectionTypes.AiLanguageModel],
		outputNames: ['Model'],
		credentials: [{ name: 'awsBedrockApi', required: true, testedBy: 'bedrockApiCredentialTest' }],
		properties: chatModelProperties,
	};

	methods = {
		listSearch: { searchModels },
		credentialTest: { bedrockApiCredentialTest },
	};

	async supplyData(this: ISupplyDataFunctions, itemIndex: number): Promise<SupplyData> {
		return await supplyChatModel(this, itemIndex);
	}
}
