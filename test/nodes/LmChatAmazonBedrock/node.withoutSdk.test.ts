/**
 * n8n 1.x has no AI node SDK and does not install the package's peer dependencies: the chat model's
 * module must still load (so the package's other nodes do), and say what is missing when used.
 */
import type { INode, ISupplyDataFunctions } from 'n8n-workflow';

import { n8nCredentialFor } from '../../../emulator';

const NODE: INode = {
	id: 'chat-model',
	name: 'Amazon Bedrock Chat Model',
	type: 'n8n-nodes-bedrock.lmChatAmazonBedrock',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function supplyContext(parameters: Record<string, unknown>, credentials: Record<string, unknown>) {
	return {
		getNode: () => NODE,
		getExecutionId: () => 'execution-1',
		getCredentials: async () => credentials,
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) =>
			name in parameters ? parameters[name] : fallback,
	} as unknown as ISupplyDataFunctions;
}

jest.mock('@n8n/ai-node-sdk', () => {
	throw new Error("Cannot find module '@n8n/ai-node-sdk'");
});

describe('the chat model node without n8n’s AI node SDK', () => {
	it('loads without n8n’s AI node SDK (n8n 1.x) and says what is missing when used', async () => {
		const { LmChatAmazonBedrock } = await import(
			'../../../nodes/LmChatAmazonBedrock/LmChatAmazonBedrock.node'
		);
		const node = new LmChatAmazonBedrock();
		expect(node.description.name).toBe('lmChatAmazonBedrock');
		expect(node.description.outputs).toEqual(['ai_languageModel']);
		const context = supplyContext(
			{ model: 'anthropic.claude-3-haiku-20240307-v1:0', options: {} },
			n8nCredentialFor('http://127.0.0.1:9'),
		);
		const error = await node.supplyData.call(context, 0).catch((caught: unknown) => caught);
		// A module registry of its own: n8n-workflow's classes are other copies here.
		expect((error as Error).constructor.name).toBe('NodeOperationError');
		expect((error as Error).message).toMatch(/AI node SDK/);
	});
});
