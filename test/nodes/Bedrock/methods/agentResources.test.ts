import type { ILoadOptionsFunctions, INode } from 'n8n-workflow';

import type { RunningEmulator } from '../../../../emulator';
import { EMULATOR_CREDENTIALS, n8nCredentialFor, start } from '../../../../emulator';
import {
	listAgentAliases,
	listAgents,
	listKnowledgeBases,
	searchAgentAliases,
	searchKnowledgeBases,
	searchRerankModels,
} from '../../../../nodes/Bedrock/methods/agentResources';
import { toBedrockCredentials } from '../../../../nodes/Bedrock/transport/credentials';

// The searchable lists of knowledge bases, agents and aliases, against the emulator's bedrock-agent.
describe('knowledge base, agent and alias lists against the emulator, through the real SDK', () => {
	let emulator: RunningEmulator;

	beforeAll(async () => {
		emulator = await start({
			port: 0,
			knowledgeBases: Array.from({ length: 1205 }, (_, index) => ({
				id: `KB${String(index).padStart(8, '0')}`,
				name: `kb-${String(index).padStart(4, '0')}`,
				status: index === 3 ? 'CREATING' : undefined,
				documents: [],
			})),
		});
	});
	afterAll(async () => await emulator.close());

	const credentials = () => toBedrockCredentials(n8nCredentialFor(emulator.url));

	function loadOptions(parameters: Record<string, unknown> = {}): ILoadOptionsFunctions {
		return {
			getCredentials: async () => n8nCredentialFor(emulator.url),
			getCurrentNodeParameter: (name: string) => parameters[name],
			getNode: () => ({ name: 'Amazon Bedrock' }) as INode,
		} as unknown as ILoadOptionsFunctions;
	}

	it('lists every knowledge base over several pages, sorted, with a status that does not serve', async () => {
		emulator.resetStats();
		const items = await listKnowledgeBases(credentials());
		expect(items).toHaveLength(1205);
		expect(emulator.stats().byOperation.ListKnowledgeBases).toBe(2);
		expect(items[0]).toEqual({ name: 'kb-0000', value: 'KB00000000', description: 'KB00000000' });
		expect(items[3].name).toBe('kb-0003 (creating)');
		const searched = await searchKnowledgeBases.call(loadOptions(), 'kb-120');
		expect(searched.results.map((item) => item.value)).toEqual([
			'KB00001200',
			'KB00001201',
			'KB00001202',
			'KB00001203',
			'KB00001204',
		]);
	});

	it('lists agents and the aliases of the chosen agent, the working draft included', async () => {
		expect(await listAgents(credentials())).toEqual([
			{
				name: 'emulator-support-agent',
				value: 'EMULATORAG',
				description: 'Answers support questions from the product documentation',
			},
		]);
		expect(await listAgentAliases(credentials(), 'EMULATORAG')).toEqual([
			{ name: 'AgentTestAlias (version DRAFT)', value: 'TSTALIASID', description: 'TSTALIASID' },
			{ name: 'production (version 1)', value: 'PRODALIAS1', description: 'PRODALIAS1' },
		]);
		const search = await searchAgentAliases.call(loadOptions({ agentId: 'EMULATORAG' }), 'prod');
		expect(search.results.map((item) => item.value)).toEqual(['PRODALIAS1']);
		// No agent chosen yet: nothing to list, nothing asked.
		emulator.resetStats();
		expect(await searchAgentAliases.call(loadOptions({ agentId: '' }))).toEqual({ results: [] });
		expect(emulator.stats().requests).toBe(0);
	});

	it('says what is wrong when a list cannot be loaded', async () => {
		emulator.configure({ deniedActions: ['bedrock:ListKnowledgeBases'] });
		await expect(searchKnowledgeBases.call(loadOptions())).rejects.toMatchObject({
			message: expect.stringMatching(
				/^Could not list knowledge bases: AccessDeniedException: .*bedrock:ListKnowledgeBases/,
			),
			description: expect.stringContaining('may not call bedrock:ListKnowledgeBases'),
		});
		emulator.configure({ deniedActions: [] });
		await expect(
			searchAgentAliases.call(loadOptions({ agentId: 'NOSUCHAGNT' })),
		).rejects.toMatchObject({ message: expect.stringContaining('ResourceNotFoundException') });
	});

	it('refuses a Bedrock API key for the agent services, which AWS does not sign with it', async () => {
		const apiKeyCredentials = toBedrockCredentials({
			...n8nCredentialFor(emulator.url),
			authentication: 'apiKey',
			apiKey: EMULATOR_CREDENTIALS.apiKey,
		});
		emulator.resetStats();
		await expect(listAgents(apiKeyCredentials)).rejects.toThrow(
			/A Bedrock API key cannot call Knowledge Bases, Agents or Rerank/,
		);
		expect(emulator.stats().requests).toBe(0);
	});

	it('offers the rerank models, searchable', async () => {
		expect((await searchRerankModels.call(loadOptions(), 'amazon')).results).toEqual([
			{ name: 'Amazon Rerank 1.0', value: 'amazon.rerank-v1:0', description: 'amazon.rerank-v1:0' },
		]);
	});
});
