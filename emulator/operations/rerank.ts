/**
 * Rerank (POST /rerank, bedrock-agent-runtime): one text query over 1 to 1000 inline documents
 * (text, or JSON scored by its JSON text), scored as retrieval.ts says, best first.
 */
import type { Operation } from '../context';
import { BedrockError, MESSAGES } from '../errors';
import { isObject } from '../http/json';
import type { JsonObject } from '../http/json';
import { admitRequest } from '../policy/admission';
import { authorize } from '../policy/permissions';
import { rerankRelevance } from '../retrieval';
import type { EmulatorState } from '../state';

/** The rerank models Bedrock serves, addressed by foundation-model ARN. */
export const RERANK_MODEL_IDS = ['cohere.rerank-v3-5:0', 'amazon.rerank-v1:0'];
const MAX_SOURCES = 1000;

const RERANK_ARN = /^arn:aws(?:-[a-z-]+)?:bedrock:[a-z0-9-]+::foundation-model\/(.+)$/;

/** The rerank model an ARN names; ValidationException for anything else. */
export function rerankModelOf(state: EmulatorState, modelArn: unknown): string {
	const modelId = typeof modelArn === 'string' ? RERANK_ARN.exec(modelArn)?.[1] : undefined;
	if (!modelId || !RERANK_MODEL_IDS.includes(modelId)) {
		throw new BedrockError('ValidationException', MESSAGES.invalidModel);
	}
	authorize(state, 'bedrock:InvokeModel', modelArn as string);
	state.stats.model(modelId);
	return modelId;
}

function validation(field: string, constraint: string): BedrockError {
	return new BedrockError(
		'ValidationException',
		`1 validation error detected: Value at '${field}' failed to satisfy constraint: ${constraint}`,
	);
}

function documentText(source: unknown, index: number): { text: string; document: JsonObject } {
	const inline =
		isObject(source) && isObject(source.inlineDocumentSource)
			? source.inlineDocumentSource
			: undefined;
	if (!isObject(source) || source.type !== 'INLINE' || !inline) {
		throw validation(`sources.${index + 1}.member`, 'Member must be an INLINE document source');
	}
	if (
		inline.type === 'TEXT' &&
		isObject(inline.textDocument) &&
		typeof inline.textDocument.text === 'string'
	) {
		return { text: inline.textDocument.text, document: inline };
	}
	if (inline.type === 'JSON' && inline.jsonDocument !== undefined) {
		return { text: JSON.stringify(inline.jsonDocument), document: inline };
	}
	throw validation(
		`sources.${index + 1}.member.inlineDocumentSource`,
		'Member must be a TEXT document with textDocument.text or a JSON document with jsonDocument',
	);
}

export const rerankOperation: Operation = {
	name: 'Rerank',
	async handle(context) {
		const { state } = context;
		authorize(state, 'bedrock:Rerank', '*');
		const body = context.json();
		const request = isObject(body) ? body : {};
		const queries = Array.isArray(request.queries) ? request.queries : [];
		const [query] = queries;
		if (
			queries.length !== 1 ||
			!isObject(query) ||
			query.type !== 'TEXT' ||
			!isObject(query.textQuery) ||
			typeof query.textQuery.text !== 'string'
		) {
			throw validation('queries', 'Member must have length 1, a TEXT query with textQuery.text');
		}
		const sources = Array.isArray(request.sources) ? request.sources : [];
		if (sources.length < 1 || sources.length > MAX_SOURCES) {
			throw validation('sources', `Member must have length between 1 and ${MAX_SOURCES}`);
		}
		const configuration = isObject(request.rerankingConfiguration)
			? request.rerankingConfiguration
			: {};
		const bedrock = isObject(configuration.bedrockRerankingConfiguration)
			? configuration.bedrockRerankingConfiguration
			: {};
		const modelConfiguration = isObject(bedrock.modelConfiguration)
			? bedrock.modelConfiguration
			: {};
		if (configuration.type !== 'BEDROCK_RERANKING_MODEL') {
			throw validation(
				'rerankingConfiguration.type',
				'Member must satisfy enum value set: [BEDROCK_RERANKING_MODEL]',
			);
		}
		rerankModelOf(state, modelConfiguration.modelArn);
		const numberOfResults = bedrock.numberOfResults ?? sources.length;
		if (
			typeof numberOfResults !== 'number' ||
			!Number.isInteger(numberOfResults) ||
			numberOfResults < 1 ||
			numberOfResults > sources.length
		) {
			throw new BedrockError(
				'ValidationException',
				`numberOfResults (${String(numberOfResults)}) must be between 1 and the number of sources (${sources.length}).`,
			);
		}
		const queryText = query.textQuery.text;
		const documents = sources.map(documentText);
		admitRequest(state, context.record);
		await context.delay(state.options.latencyMs);
		const results = documents
			.map((entry, index) => ({
				index,
				relevanceScore: rerankRelevance(queryText, entry.text),
				document: entry.document,
			}))
			.sort((a, b) => b.relevanceScore - a.relevanceScore || a.index - b.index)
			.slice(0, numberOfResults);
		context.sendJson({ results });
	},
};
