import type {
	AgentAliasSummary,
	AgentSummary,
	KnowledgeBaseSummary,
} from '@aws-sdk/client-bedrock-agent';
import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { RERANK_MODELS } from '../families/rerankModels';
import { BedrockClients } from '../transport/clients';
import type { BedrockCredentials } from '../transport/credentials';
import { secretValues, toBedrockCredentials } from '../transport/credentials';
import { describeError } from '../transport/errors';
import { loadAgentSdk } from '../transport/sdk';

/** Pages of up to 1000 entries each; a region with more than this is searched by ID instead. */
const MAX_PAGES = 10;
const PAGE_SIZE = 1000;

function matchesFilter(item: INodeListSearchItems, filter: string | undefined): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return (
		item.name.toLowerCase().includes(needle) || String(item.value).toLowerCase().includes(needle)
	);
}

/** Every page of a bedrock-agent listing. */
async function listAll<T>(
	page: (nextToken: string | undefined) => Promise<{ items?: T[]; nextToken?: string }>,
): Promise<T[]> {
	const all: T[] = [];
	let nextToken: string | undefined;
	let pages = 0;
	do {
		const result = await page(nextToken);
		all.push(...(result.items ?? []));
		nextToken = result.nextToken;
		pages++;
	} while (nextToken && pages < MAX_PAGES);
	return all;
}

/** A list entry's name with its status when that status does not serve requests. */
function withStatus(name: string, status: string | undefined, ready: string): string {
	return status && status !== ready ? `${name} (${status.toLowerCase()})` : name;
}

export function knowledgeBaseItem(summary: KnowledgeBaseSummary): INodeListSearchItems | undefined {
	if (!summary.knowledgeBaseId) return undefined;
	return {
		name: withStatus(summary.name ?? summary.knowledgeBaseId, summary.status, 'ACTIVE'),
		value: summary.knowledgeBaseId,
		description: summary.description ?? summary.knowledgeBaseId,
	};
}

export function agentItem(summary: AgentSummary): INodeListSearchItems | undefined {
	if (!summary.agentId) return undefined;
	return {
		name: withStatus(summary.agentName ?? summary.agentId, summary.agentStatus, 'PREPARED'),
		value: summary.agentId,
		description: summary.description ?? summary.agentId,
	};
}

export function agentAliasItem(summary: AgentAliasSummary): INodeListSearchItems | undefined {
	if (!summary.agentAliasId) return undefined;
	const versions = (summary.routingConfiguration ?? [])
		.map((route) => route.agentVersion)
		.filter((version): version is string => Boolean(version));
	const label = versions.length > 0 ? ` (version ${versions.join(', ')})` : '';
	return {
		name: withStatus(
			`${summary.agentAliasName ?? summary.agentAliasId}${label}`,
			summary.agentAliasStatus,
			'PREPARED',
		),
		value: summary.agentAliasId,
		description: summary.description ?? summary.agentAliasId,
	};
}

async function withAgentClient<T>(
	credentials: BedrockCredentials,
	list: (clients: BedrockClients) => Promise<T>,
): Promise<T> {
	const clients = new BedrockClients(credentials, { maxAttempts: 2 });
	try {
		return await list(clients);
	} finally {
		await clients.destroy();
	}
}

export async function listKnowledgeBases(
	credentials: BedrockCredentials,
	filter?: string,
): Promise<INodeListSearchItems[]> {
	return await withAgentClient(credentials, async (clients) => {
		const client = await clients.agent();
		const { ListKnowledgeBasesCommand } = await loadAgentSdk();
		const summaries = await listAll(async (nextToken) => {
			const page = await client.send(
				new ListKnowledgeBasesCommand({ maxResults: PAGE_SIZE, nextToken }),
			);
			return { items: page.knowledgeBaseSummaries, nextToken: page.nextToken };
		});
		return sortedItems(summaries.map(knowledgeBaseItem), filter);
	});
}

export async function listAgents(
	credentials: BedrockCredentials,
	filter?: string,
): Promise<INodeListSearchItems[]> {
	return await withAgentClient(credentials, async (clients) => {
		const client = await clients.agent();
		const { ListAgentsCommand } = await loadAgentSdk();
		const summaries = await listAll(async (nextToken) => {
			const page = await client.send(new ListAgentsCommand({ maxResults: PAGE_SIZE, nextToken }));
			return { items: page.agentSummaries, nextToken: page.nextToken };
		});
		return sortedItems(summaries.map(agentItem), filter);
	});
}

export async function listAgentAliases(
	credentials: BedrockCredentials,
	agentId: string,
	filter?: string,
): Promise<INodeListSearchItems[]> {
	return await withAgentClient(credentials, async (clients) => {
		const client = await clients.agent();
		const { ListAgentAliasesCommand } = await loadAgentSdk();
		const summaries = await listAll(async (nextToken) => {
			const page = await client.send(
				new ListAgentAliasesCommand({ agentId, maxResults: PAGE_SIZE, nextToken }),
			);
			return { items: page.agentAliasSummaries, nextToken: page.nextToken };
		});
		return sortedItems(summaries.map(agentAliasItem), filter);
	});
}

function sortedItems(
	items: Array<INodeListSearchItems | undefined>,
	filter: string | undefined,
): INodeListSearchItems[] {
	return items
		.filter(
			(item): item is INodeListSearchItems => item !== undefined && matchesFilter(item, filter),
		)
		.sort((a, b) => a.name.localeCompare(b.name));
}

async function searchWith(
	fn: ILoadOptionsFunctions,
	what: string,
	list: (credentials: BedrockCredentials) => Promise<INodeListSearchItems[]>,
): Promise<INodeListSearchResult> {
	const credentials = toBedrockCredentials(await fn.getCredentials('awsBedrockApi'));
	try {
		return { results: await list(credentials) };
	} catch (error) {
		const info = describeError(error, { secrets: secretValues(credentials) });
		const message = `Could not list ${what}: ${info.code}: ${info.message}`;
		const failure = new NodeOperationError(fn.getNode(), message, { description: info.remedy });
		// n8n swaps messages containing ENOTFOUND (as ResourceNotFoundException does) for its own text.
		failure.message = message;
		throw failure;
	}
}

export async function searchKnowledgeBases(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await searchWith(this, 'knowledge bases', (credentials) =>
		listKnowledgeBases(credentials, filter),
	);
}

export async function searchAgents(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await searchWith(this, 'agents', (credentials) => listAgents(credentials, filter));
}

export async function searchAgentAliases(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const agentId = String(
		this.getCurrentNodeParameter('agentId', { extractValue: true }) ?? '',
	).trim();
	// The aliases belong to an agent: until one is chosen there is nothing to list.
	if (agentId === '') return { results: [] };
	return await searchWith(this, `the aliases of agent ${agentId}`, (credentials) =>
		listAgentAliases(credentials, agentId, filter),
	);
}

export async function searchRerankModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const items = RERANK_MODELS.map((model) => ({
		name: model.name,
		value: model.id,
		description: model.id,
	}));
	return { results: items.filter((item) => matchesFilter(item, filter)) };
}
