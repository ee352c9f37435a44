/**
 * The emulator's deterministic search, behind Retrieve, RetrieveAndGenerate, agents with a
 * knowledge base, and Rerank, so tests can assert results exactly.
 *
 * Terms: the lower-cased runs of letters and digits of a text, without a few stop words (`a`,
 * `the`, `is`, `what`, ...), each counted once.
 * Score of a text for a query: the share of the query's terms that the text contains, rounded to 4
 * decimals (0 when the query has no terms). Semantic and hybrid search score alike.
 * Retrieval: the documents that pass the metadata filter and score above 0, best first (ties in the
 * knowledge base's order), at most `numberOfResults` (default 5).
 * Rerank score (Retrieve's reranking and the Rerank API; JSON documents by their JSON text): the
 * score times (0.5 + 0.5 × the share of the text's terms that are query terms), rounded to 4
 * decimals, so focused texts rank above long ones that match as much; best first, ties in order.
 * Generated answers (RetrieveAndGenerate, agents with a knowledge base): the first sentence of each
 * of the (at most) two best results, joined with a space, each part cited with its result; with no
 * result, Bedrock's "Sorry, I am unable to assist you with this request." without citations.
 * `maxTokens` cuts the answer after that many tokens (engine.ts tokens), stop sequences before the
 * earliest one.
 */
import { firstSentences, truncateToTokens } from './engine';
import { BedrockError } from './errors';
import { isObject } from './http/json';
import type { JsonObject } from './http/json';
import type { EmulatorKnowledgeBase, KnowledgeBaseDocument } from './options';

const STOP_WORDS = new Set([
	'a',
	'about',
	'an',
	'and',
	'are',
	'at',
	'be',
	'by',
	'can',
	'could',
	'do',
	'does',
	'for',
	'has',
	'have',
	'how',
	'i',
	'in',
	'is',
	'it',
	'me',
	'my',
	'of',
	'on',
	'or',
	'our',
	'please',
	'tell',
	'that',
	'the',
	'their',
	'them',
	'there',
	'these',
	'they',
	'this',
	'those',
	'to',
	'us',
	'was',
	'we',
	'were',
	'what',
	'when',
	'where',
	'which',
	'who',
	'why',
	'will',
	'with',
	'would',
	'you',
	'your',
]);

export function terms(text: string): Set<string> {
	const found = new Set<string>();
	for (const match of text.toLowerCase().matchAll(/[a-z0-9]+/g)) {
		if (!STOP_WORDS.has(match[0])) found.add(match[0]);
	}
	return found;
}

export function relevance(query: string, text: string): number {
	const queryTerms = terms(query);
	if (queryTerms.size === 0) return 0;
	const textTerms = terms(text);
	let matched = 0;
	for (const term of queryTerms) if (textTerms.has(term)) matched++;
	return Math.round((matched / queryTerms.size) * 10_000) / 10_000;
}

export function rerankRelevance(query: string, text: string): number {
	const recall = relevance(query, text);
	if (recall === 0) return 0;
	const queryTerms = terms(query);
	const textTerms = terms(text);
	let shared = 0;
	for (const term of textTerms) if (queryTerms.has(term)) shared++;
	const precision = textTerms.size === 0 ? 0 : shared / textTerms.size;
	return Math.round(recall * (0.5 + 0.5 * precision) * 10_000) / 10_000;
}

export const DEFAULT_NUMBER_OF_RESULTS = 5;
const MAX_NUMBER_OF_RESULTS = 100;

export function documentUri(knowledgeBase: EmulatorKnowledgeBase, index: number): string {
	return (
		knowledgeBase.documents[index].uri ??
		`s3://emulator-kb-${knowledgeBase.id.toLowerCase()}/doc-${index + 1}.txt`
	);
}

/** A retrieval result as Bedrock sends it. */
export interface RetrievedDocument extends JsonObject {
	content: { type: 'TEXT'; text: string };
	location: { type: 'S3'; s3Location: { uri: string } };
	score: number;
	metadata: JsonObject;
}

function retrievedDocument(
	knowledgeBase: EmulatorKnowledgeBase,
	index: number,
	score: number,
): RetrievedDocument {
	const document = knowledgeBase.documents[index];
	const uri = documentUri(knowledgeBase, index);
	return {
		content: { type: 'TEXT', text: document.text },
		location: { type: 'S3', s3Location: { uri } },
		score,
		metadata: {
			...document.metadata,
			'x-amz-bedrock-kb-source-uri': uri,
			'x-amz-bedrock-kb-chunk-id': `${knowledgeBase.id}-chunk-${index + 1}`,
			'x-amz-bedrock-kb-data-source-id': `${knowledgeBase.id}DS`,
		},
	};
}

const CONDITIONS = new Set([
	'equals',
	'notEquals',
	'greaterThan',
	'greaterThanOrEquals',
	'lessThan',
	'lessThanOrEquals',
	'in',
	'notIn',
	'startsWith',
	'listContains',
	'stringContains',
]);

function invalidFilter(detail: string): BedrockError {
	return new BedrockError('ValidationException', `Invalid filter: ${detail}`);
}

/** Whether a document's metadata passes a RetrievalFilter (throws ValidationException for a bad one). */
export function passesFilter(filter: unknown, metadata: Record<string, unknown>): boolean {
	if (!isObject(filter)) throw invalidFilter('a filter must be an object');
	const members = Object.keys(filter);
	if (members.length !== 1) throw invalidFilter('a filter must set exactly one operator');
	const [operator] = members;
	const operand = filter[operator];
	if (operator === 'andAll' || operator === 'orAll') {
		if (!Array.isArray(operand) || operand.length < 2 || operand.length > 5) {
			throw invalidFilter(`${operator} takes 2 to 5 filters`);
		}
		const results = operand.map((entry) => passesFilter(entry, metadata));
		return operator === 'andAll' ? results.every(Boolean) : results.some(Boolean);
	}
	if (!CONDITIONS.has(operator)) throw invalidFilter(`unknown operator ${operator}`);
	if (!isObject(operand) || typeof operand.key !== 'string') {
		throw invalidFilter(`${operator} needs a key and a value`);
	}
	const actual = metadata[operand.key];
	const expected = operand.value;
	switch (operator) {
		case 'equals':
			return actual === expected;
		case 'notEquals':
			return actual !== expected;
		case 'greaterThan':
			return typeof actual === 'number' && actual > Number(expected);
		case 'greaterThanOrEquals':
			return typeof actual === 'number' && actual >= Number(expected);
		case 'lessThan':
			return typeof actual === 'number' && actual < Number(expected);
		case 'lessThanOrEquals':
			return typeof actual === 'number' && actual <= Number(expected);
		case 'in':
			return Array.isArray(expected) && expected.includes(actual);
		case 'notIn':
			return Array.isArray(expected) && !expected.includes(actual);
		case 'startsWith':
			return typeof actual === 'string' && actual.startsWith(String(expected));
		case 'listContains':
			return Array.isArray(actual) && actual.includes(expected);
		default:
			return typeof actual === 'string' && actual.includes(String(expected));
	}
}

export interface RetrievalRequest {
	query: string;
	/** `vectorSearchConfiguration` of the request, as sent. */
	vectorSearch?: JsonObject;
	/** Checks a reranking model ARN (the caller knows the rerank models). */
	checkRerankModel?: (modelArn: unknown) => void;
}

/** The knowledge base's results for a query, as Retrieve returns them. */
export function retrieve(
	knowledgeBase: EmulatorKnowledgeBase,
	request: RetrievalRequest,
): RetrievedDocument[] {
	const vector = request.vectorSearch ?? {};
	const numberOfResults =
		vector.numberOfResults === undefined ? DEFAULT_NUMBER_OF_RESULTS : vector.numberOfResults;
	if (
		typeof numberOfResults !== 'number' ||
		!Number.isInteger(numberOfResults) ||
		numberOfResults < 1 ||
		numberOfResults > MAX_NUMBER_OF_RESULTS
	) {
		throw new BedrockError(
			'ValidationException',
			`1 validation error detected: Value '${String(numberOfResults)}' at 'retrievalConfiguration.vectorSearchConfiguration.numberOfResults' failed to satisfy constraint: Member must have value between 1 and 100`,
		);
	}
	const searchType = vector.overrideSearchType;
	if (searchType !== undefined && searchType !== 'HYBRID' && searchType !== 'SEMANTIC') {
		throw new BedrockError(
			'ValidationException',
			`1 validation error detected: Value '${String(searchType)}' at 'retrievalConfiguration.vectorSearchConfiguration.overrideSearchType' failed to satisfy constraint: Member must satisfy enum value set: [HYBRID, SEMANTIC]`,
		);
	}
	if (searchType === 'HYBRID' && knowledgeBase.hybridSearch === false) {
		throw new BedrockError(
			'ValidationException',
			'HYBRID search type is not supported for search operation on index. Retry your request with a different search type.',
		);
	}
	const scored = knowledgeBase.documents
		.map((document: KnowledgeBaseDocument, index) => ({
			index,
			score: relevance(request.query, document.text),
			passes: vector.filter === undefined || passesFilter(vector.filter, document.metadata ?? {}),
		}))
		.filter((entry) => entry.passes && entry.score > 0)
		.sort((a, b) => b.score - a.score || a.index - b.index)
		.slice(0, numberOfResults);
	let results = scored.map((entry) => retrievedDocument(knowledgeBase, entry.index, entry.score));
	const reranking = vector.rerankingConfiguration;
	if (isObject(reranking)) {
		const bedrock = isObject(reranking.bedrockRerankingConfiguration)
			? reranking.bedrockRerankingConfiguration
			: {};
		const modelConfiguration = isObject(bedrock.modelConfiguration)
			? bedrock.modelConfiguration
			: {};
		request.checkRerankModel?.(modelConfiguration.modelArn);
		const kept =
			typeof bedrock.numberOfRerankedResults === 'number'
				? bedrock.numberOfRerankedResults
				: results.length;
		results = results
			.map((result, order) => ({
				result,
				order,
				score: rerankRelevance(request.query, result.content.text),
			}))
			.sort((a, b) => b.score - a.score || a.order - b.order)
			.slice(0, kept)
			.map(({ result, score }) => ({ ...result, score }));
	}
	return results;
}

export const NO_ANSWER = 'Sorry, I am unable to assist you with this request.';
const ANSWER_PARTS = 2;

export interface GeneratedCitation extends JsonObject {
	generatedResponsePart: {
		textResponsePart: { text: string; span: { start: number; end: number } };
	};
	retrievedReferences: Array<Pick<RetrievedDocument, 'content' | 'location' | 'metadata'>>;
}

export interface GeneratedAnswer {
	text: string;
	citations: GeneratedCitation[];
}

/** The answer generated from retrieval results, with its citations (spans: inclusive offsets). */
export function composeAnswer(
	results: RetrievedDocument[],
	limits: { maxTokens?: number; stopSequences?: string[] } = {},
): GeneratedAnswer {
	const parts = results.slice(0, ANSWER_PARTS).map((result) => ({
		text: firstSentences(result.content.text, 1),
		result,
	}));
	if (parts.length === 0) return { text: NO_ANSWER, citations: [] };
	let full = parts.map((part) => part.text).join(' ');
	for (const stop of limits.stopSequences ?? []) {
		const at = stop === '' ? -1 : full.indexOf(stop);
		if (at >= 0) full = full.slice(0, at);
	}
	if (limits.maxTokens !== undefined) full = truncateToTokens(full, limits.maxTokens);
	const citations: GeneratedCitation[] = [];
	let start = 0;
	for (const part of parts) {
		if (start >= full.length) break;
		const text = full.slice(start, start + part.text.length);
		citations.push({
			generatedResponsePart: {
				textResponsePart: { text, span: { start, end: start + text.length - 1 } },
			},
			retrievedReferences: [
				{
					content: part.result.content,
					location: part.result.location,
					metadata: part.result.metadata,
				},
			],
		});
		start += part.text.length + 1;
	}
	return { text: full, citations };
}
