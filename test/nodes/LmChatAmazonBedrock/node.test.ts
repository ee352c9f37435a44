import type { INode, ISupplyDataFunctions } from 'n8n-workflow';

import type { RunningEmulator } from '../../../emulator';
import { n8nCredentialFor, start } from '../../../emulator';
import {
	clientsForExecution,
	openExecutionCount,
} from '../../../nodes/LmChatAmazonBedrock/transport/executionClients';
import { toBedrockCredentials } from '../../../nodes/Bedrock/transport/credentials';

const NODE: INode = {
	id: 'chat-model',
	name: 'Amazon Bedrock Chat Model',
	type: 'n8n-nodes-bedrock.lmChatAmazonBedrock',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** The part of n8n's supply-data context the sub-node reads. */
function supplyContext(
	parameters: Record<string, unknown>,
	credentials: Record<string, unknown>,
	executionId = 'execution-1',
): ISupplyDataFunctions {
	return {
		getNode: () => NODE,
		getExecutionId: () => executionId,
		getCredentials: async () => credentials,
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) =>
			name in parameters ? parameters[name] : fallback,
		// What n8n's tracing of model calls writes to.
		addInputData: () => ({ index: 0 }),
		addOutputData: () => undefined,
		getNextRunIndex: () => 0,
		logAiEvent: () => undefined,
	} as unknown as ISupplyDataFunctions;
}

describe('the chat model node', () => {
	it('refuses a wrong option and an empty model on the sub-node, before any call', async () => {
		const { LmChatAmazonBedrock } = await import(
			'../../../nodes/LmChatAmazonBedrock/LmChatAmazonBedrock.node'
		);
		const node = new LmChatAmazonBedrock();
		const credentials = n8nCredentialFor('http://127.0.0.1:9');
		await expect(
			node.supplyData.call(supplyContext({ model: '', options: {} }, credentials), 0),
		).rejects.toThrow(/No model is selected/);
		await expect(
			node.supplyData.call(
				supplyContext(
					{ model: 'amazon.titan-text-express-v1', options: { reasoningBudget: 2048 } },
					credentials,
				),
				0,
			),
		).rejects.toThrow(/Reasoning Budget applies to Anthropic Claude/);
	});

	describe('against the emulator', () => {
		let emulator: RunningEmulator;
		beforeAll(async () => {
			emulator = await start({ port: 0 });
		});
		afterAll(async () => await emulator.close());

		it('supplies n8n’s model; every item of an execution shares one client, closed once', async () => {
			const { LmChatAmazonBedrock } = await import(
				'../../../nodes/LmChatAmazonBedrock/LmChatAmazonBedrock.node'
			);
			const node = new LmChatAmazonBedrock();
			const context = supplyContext(
				{ model: 'anthropic.claude-3-haiku-20240307-v1:0', options: { maxTokens: 50 } },
				n8nCredentialFor(emulator.url),
				'execution-shared',
			);
			const connectionsBefore = emulator.connections();
			const supplied = await Promise.all(
				[0, 1, 2].map((item) => node.supplyData.call(context, item)),
			);
			for (const [index, { response }] of supplied.entries()) {
				const reply = (await (
					response as { invoke(text: string): Promise<{ text: string }> }
				).invoke(`Item ${index}.`)) as { text: string };
				expect(reply.text).toBe(`Item ${index}.`);
			}
			expect(emulator.connections() - connectionsBefore).toBe(1);
			expect(openExecutionCount()).toBe(1);
			await Promise.all(supplied.map(async ({ closeFunction }) => await closeFunction?.()));
			expect(openExecutionCount()).toBe(0);
		});
	});
});

describe('clients per execution', () => {
	const credentials = toBedrockCredentials(n8nCredentialFor('http://127.0.0.1:9'));

	it('shares one client per execution and node, and makes a new one after closing', async () => {
		const first = clientsForExecution('e1\nnode', credentials, {});
		const second = clientsForExecution('e1\nnode', credentials, {});
		const other = clientsForExecution('e2\nnode', credentials, {});
		expect(second.clients).toBe(first.clients);
		expect(other.clients).not.toBe(first.clients);
		await first.close();
		await second.close();
		expect(clientsForExecution('e1\nnode', credentials, {}).clients).not.toBe(first.clients);
		await clientsForExecution('e1\nnode', credentials, {}).close();
		await other.close();
		expect(openExecutionCount()).toBe(0);
	});

	it('keeps credentials apart: another credential gets another client', async () => {
		const a = clientsForExecution('e3\nnode', credentials, {});
		const b = clientsForExecution('e3\nnode', { ...credentials, region: 'eu-west-1' }, {});
		expect(b.clients).not.toBe(a.clients);
		await a.close();
		await b.close();
	});
});
