/**
 * The bedrock-agent listings the node's searchable lists use: ListKnowledgeBases
 * (POST /knowledgebases/), ListAgents (POST /agents/) and ListAgentAliases
 * (POST /agents/{agentId}/agentaliases/), paginated by `maxResults` and `nextToken` in the body.
 */
import type { Operation, RequestContext } from '../context';
import { BedrockError } from '../errors';
import { isObject } from '../http/json';
import type { JsonObject } from '../http/json';
import { authorize, resourceArn } from '../policy/permissions';
import { aliasesOf, findAgent } from './agents';

/** When the emulated resources were last changed: fixed, so listings are deterministic. */
const UPDATED_AT = '2025-01-15T09:30:00Z';
const MAX_RESULTS = 1000;

function page(context: RequestContext, field: string, all: JsonObject[]): void {
	const body = context.json();
	const request = isObject(body) ? body : {};
	const maxResults = request.maxResults ?? MAX_RESULTS;
	if (
		typeof maxResults !== 'number' ||
		!Number.isInteger(maxResults) ||
		maxResults < 1 ||
		maxResults > MAX_RESULTS
	) {
		throw new BedrockError(
			'ValidationException',
			`1 validation error detected: Value '${String(maxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and ${MAX_RESULTS}`,
		);
	}
	const offset =
		typeof request.nextToken === 'string'
			? Number(Buffer.from(request.nextToken, 'base64').toString('utf8'))
			: 0;
	if (!Number.isInteger(offset) || offset < 0) {
		throw new BedrockError('ValidationException', 'The provided nextToken is invalid.');
	}
	const result: JsonObject = { [field]: all.slice(offset, offset + maxResults) };
	if (offset + maxResults < all.length) {
		result.nextToken = Buffer.from(String(offset + maxResults)).toString('base64');
	}
	context.sendJson(result);
}

export const listKnowledgeBasesOperation: Operation = {
	name: 'ListKnowledgeBases',
	handle(context) {
		authorize(context.state, 'bedrock:ListKnowledgeBases', '*');
		page(
			context,
			'knowledgeBaseSummaries',
			context.state.options.knowledgeBases.map((knowledgeBase) => ({
				knowledgeBaseId: knowledgeBase.id,
				name: knowledgeBase.name,
				...(knowledgeBase.description ? { description: knowledgeBase.description } : {}),
				status: knowledgeBase.status ?? 'ACTIVE',
				updatedAt: UPDATED_AT,
			})),
		);
	},
};

export const listAgentsOperation: Operation = {
	name: 'ListAgents',
	handle(context) {
		authorize(context.state, 'bedrock:ListAgents', '*');
		page(
			context,
			'agentSummaries',
			context.state.options.agents.map((agent) => ({
				agentId: agent.id,
				agentName: agent.name,
				agentStatus: agent.status ?? 'PREPARED',
				...(agent.description ? { description: agent.description } : {}),
				latestAgentVersion: String((agent.aliases ?? []).length || 1),
				updatedAt: UPDATED_AT,
			})),
		);
	},
};

export const listAgentAliasesOperation: Operation = {
	name: 'ListAgentAliases',
	handle(context) {
		const agent = findAgent(context.state, context.params.agentId);
		authorize(context.state, 'bedrock:ListAgentAliases', resourceArn(`agent/${agent.id}`));
		page(
			context,
			'agentAliasSummaries',
			aliasesOf(agent).map((alias) => ({
				agentAliasId: alias.id,
				agentAliasName: alias.name,
				agentAliasStatus: ('status' in alias ? alias.status : undefined) ?? 'PREPARED',
				routingConfiguration: [{ agentVersion: alias.agentVersion ?? '1' }],
				createdAt: UPDATED_AT,
				updatedAt: UPDATED_AT,
			})),
		);
	},
};
