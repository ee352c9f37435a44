import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	ISupplyDataFunctions,
	SupplyData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { searchEmbeddingModels } from '../Bedrock/methods/listSearch';
import { bedrockApiCredentialTest } from '../Bedrock/methods/credentialTest';
import { BedrockClients } from '../Bedrock/transport/clients';
import { secretValues, toBedrockCredentials } from '../Bedrock/transport/credentials';
import type { EmbeddingsLog } from './embeddings';
import { BedrockEmbeddings } from './embeddings';
import { embeddingsProperties, readEmbeddingsSettings } from './settings';

export class EmbeddingsAmazonBedrock implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Embeddings Amazon Bedrock',
		name: 'embeddingsAmazonBedrock',
		icon: { light: 'file:bedrock.svg', dark: 'file:bedrock.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter["model"] && $parameter["model"].value ? ($parameter["model"].cachedResultName || $parameter["model"].value) : "" }}',
		description:
			'Embed documents and queries with Amazon Bedrock (Titan Text Embeddings, Cohere Embed, Nova Multimodal Embeddings) for n8n’s vector stores',
		defaults: { name: 'Embeddings Amazon Bedrock' },
		inputs: [],
		outputs: [NodeConnectionTypes.AiEmbedding],
		outputNames: ['Embeddings'],
		credentials: [{ name: 'awsBedrockApi', required: true, testedBy: 'bedrockApiCredentialTest' }],
		properties: embeddingsProperties,
	};

	methods = {
		listSearch: { searchEmbeddingModels },
		credentialTest: { bedrockApiCredentialTest },
	};

	async supplyData(this: ISupplyDataFunctions, itemIndex: number): Promise<SupplyData> {
		const credentials = toBedrockCredentials(await this.getCredentials('awsBedrockApi'));
		const settings = readEmbeddingsSettings(this, itemIndex, credentials.region);
		const clients = new BedrockClients(credentials, settings.clientOptions);
		const node = this.getNode();
		// Each call shows in the execution log of this sub-node, as n8n's own embeddings nodes do.
		const log: EmbeddingsLog = {
			start: (input: IDataObject) =>
				this.addInputData(NodeConnectionTypes.AiEmbedding, [[{ json: input }]]).index,
			done: (runIndex, output) =>
				this.addOutputData(NodeConnectionTypes.AiEmbedding, runIndex, [[{ json: output }]]),
			failed: (runIndex, error) =>
				this.addOutputData(NodeConnectionTypes.AiEmbedding, runIndex, error),
		};
		const embeddings = new BedrockEmbeddings(
			settings.embeddings,
			clients,
			node,
			secretValues(credentials),
			{ signal: this.getExecutionCancelSignal?.(), log },
		);
		return {
			response: embeddings,
			closeFunction: async () => await clients.destroy(),
		};
	}
}
