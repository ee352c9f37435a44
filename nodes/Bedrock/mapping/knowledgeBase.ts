import type {
	Citation,
	CitationEvent,
	KnowledgeBaseRetrievalConfiguration,
	KnowledgeBaseRetrievalResult,
	KnowledgeBaseVectorSearchConfiguration,
	RetrievalFilter,
	RetrievalResultContent,
	RetrievalResultLocation,
	RetrieveAndGenerateStreamResponseOutput,
	RetrievedReference,
} from '@aws-sdk/client-bedrock-agent-runtime';
import type { IDataObject } from 'n8n-workflow';

/** Bedrock's bounds of a retrieval's number of results. */
export const MAX_NUMBER_OF_RESULTS = 100;

/** What a Retrieve or Retrieve and Generate call is asked to retrieve, as plain values. */
export interface RetrievalSettings {
	numberOfResults?: number;
	/** Unset lets the knowledge base choose (semantic unless it is set up for hybrid search). */
	searchType?: 'HYBRID' | 'SEMANTIC';
	filter?: RetrievalFilter;
	/** Reranks the retrieved passages with a Bedrock rerank model (its ARN). */
	reranking?: { modelArn: string; numberOfRerankedResults?: number };
}

/** The SDK's retrieval configuration for the settings; undefined when nothing is set. */
export function retrievalConfiguration(
	settings: RetrievalSettings,
): KnowledgeBaseRetrievalConfiguration | undefined {
	const vector: KnowledgeBaseVectorSearchConfiguration = {};
	if (settings.numberOfResults !== undefined) vector.numberOfResults = settings.numberOfResults;
	if (settings.searchType) vector.overrideSearchType = settings.searchType;
	if (settings.filter) vector.filter = settings.filter;
	if (settings.reranking) {
		vector.rerankingConfiguration = {
			type: 'BEDROCK_RERANKING_MODEL',
			bedrockRerankingConfiguration: {
				modelConfiguration: { modelArn: settings.reranking.modelArn },
				...(settings.reranking.numberOfRerankedResults !== undefined
					? { numberOfRerankedResults: settings.reranking.numberOfRerankedResults }
					: {}),
			},
		};
	}
	return Object.keys(vector).length > 0 ? { vectorSearchConfiguration: vector } : undefined;
}

const CONDITION_OPERATORS = [
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
] as const;
const GROUP_OPERATORS = ['andAll', 'orAll'] as const;
const LIST_OPERATORS = new Set(['in', 'notIn']);
const NUMBER_OPERATORS = new Set([
	'greaterThan',
	'greaterThanOrEquals',
	'lessThan',
	'lessThanOrEquals',
]);
/** Bedrock's bounds: a group holds 2 to 5 filters. */
const MIN_GROUP_FILTERS = 2;
const MAX_GROUP_FILTERS = 5;

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a metadata filter against the shape Bedrock accepts (one operator per object:
 * `{ "equals": { "key": "category", "value": "faq" } }`, `{ "andAll": [ ... ] }`, ...) and returns
 * it typed; throws an Error naming the path of the first problem.
 */
export function checkRetrievalFilter(value: unknown, path = 'filter'): RetrievalFilter {
	if (!isObject(value)) {
		throw new Error(
			`${path} must be an object with one operator, e.g. { "equals": { "key": "category", "value": "faq" } }`,
		);
	}
	const keys = Object.keys(value);
	if (keys.length !== 1) {
		throw new Error(
			`${path} must have exactly one operator (it has ${keys.length === 0 ? 'none' : keys.join(', ')}); combine several with andAll or orAll`,
		);
	}
	const [operator] = keys;
	const operand = value[operator];
	if ((GROUP_OPERATORS as readonly string[]).includes(operator)) {
		if (
			!Array.isArray(operand) ||
			operand.length < MIN_GROUP_FILTERS ||
			operand.length > MAX_GROUP_FILTERS
		) {
			throw new Error(
				`${path}.${operator} must be a list of ${MIN_GROUP_FILTERS} to ${MAX_GROUP_FILTERS} filters`,
			);
		}
		operand.forEach((filter, index) =>
			checkRetrievalFilter(filter, `${path}.${operator}[${index}]`),
		);
		return value as unknown as RetrievalFilter;
	}
	if (!(CONDITION_OPERATORS as readonly string[]).includes(operator)) {
		throw new Error(
			`${path}: '${operator}' is not a filter operator; use one of ${[...CONDITION_OPERATORS, ...GROUP_OPERATORS].join(', ')}`,
		);
	}
	if (!isObject(operand) || typeof operand.key !== 'string' || operand.key === '') {
		throw new Error(`${path}.${operator} must be { "key": "<metadata field>", "value": ... }`);
	}
	if (operand.value === undefined || operand.value === null) {
		throw new Error(`${path}.${operator} has no value`);
	}
	if (LIST_OPERATORS.has(operator) && !Array.isArray(operand.value)) {
		throw new Error(`${path}.${operator}.value must be a list`);
	}
	if (NUMBER_OPERATORS.has(operator) && typeof operand.value !== 'number') {
		throw new Error(`${path}.${operator}.value must be a number`);
	}
	return value as unknown as RetrievalFilter;
}

/**
 * Where a passage comes from: the location's type plus the fields of its source-specific member
 * (`{ type: 'S3', uri }`, `{ type: 'WEB', url }`, `{ type: 'CUSTOM', id }`, ...).
 */
export function normaliseLocation(
	location: RetrievalResultLocation | undefined,
): IDataObject | null {
	if (!location) return null;
	const normalised: IDataObject = { type: location.type ?? null };
	for (const [member, fields] of Object.entries(location)) {
		if (member === 'type' || !isObject(fields)) continue;
		Object.assign(normalised, fields);
	}
	return normalised;
}

/** A passage's text: its text, or for structured (SQL) results the row as `column: value` lines. */
export function contentText(content: RetrievalResultContent | undefined): string {
	if (!content) return '';
	if (typeof content.text === 'string') return content.text;
	if (content.row) {
		return content.row.map((column) => `${column.columnName}: ${column.columnValue}`).join('\n');
	}
	return '';
}

export interface RetrievedPassage extends IDataObject {
	text: string;
	score: number | null;
	location: IDataObject | null;
	metadata: IDataObject;
}

/** The contract's `{ text, score, location, metadata }` of one retrieval result. */
export function normaliseRetrievalResult(result: KnowledgeBaseRetrievalResult): RetrievedPassage {
	const passage: RetrievedPassage = {
		text: contentText(result.content),
		score: result.score ?? null,
		location: normaliseLocation(result.location),
		metadata: { ...((result.metadata as IDataObject | undefined) ?? {}) },
	};
	if (result.content?.type && result.content.type !== 'TEXT')
		passage.contentType = result.content.type;
	if (result.documentId) passage.documentId = result.documentId;
	return passage;
}

export interface CitationSource extends IDataObject {
	text: string;
	location: IDataObject | null;
	metadata: IDataObject;
}

export interface NormalisedCitation extends IDataObject {
	/** The part of the generated text the sources support. */
	text: string;
	/** Where that part is in the generated text (character offsets), when Bedrock says. */
	span: IDataObject | null;
	sources: CitationSource[];
}

function citationSource(reference: RetrievedReference): CitationSource {
	return {
		text: contentText(reference.content),
		location: normaliseLocation(reference.location),
		metadata: { ...((reference.metadata as IDataObject | undefined) ?? {}) },
	};
}

/** The contract's `[{ text, sources: [{ text, location, metadata }] }]` of Bedrock's citations. */
export function normaliseCitations(citations: Citation[] | undefined): NormalisedCitation[] {
	return (citations ?? []).map((citation) => {
		const part = citation.generatedResponsePart?.textResponsePart;
		return {
			text: part?.text ?? '',
			span: part?.span ? { start: part.span.start ?? null, end: part.span.end ?? null } : null,
			sources: (citation.retrievedReferences ?? []).map(citationSource),
		};
	});
}

export interface GeneratedAnswer {
	text: string;
	citations: Citation[];
	guardrailAction?: string;
}

/**
 * Collects a RetrieveAndGenerateStream: its output text and citations, and the guardrail's verdict.
 * `push` returns the text delta of an event ('' for others).
 */
export class RetrieveAndGenerateStreamAggregator {
	private text = '';
	private readonly citations: Citation[] = [];
	private guardrailAction?: string;

	push(event: RetrieveAndGenerateStreamResponseOutput): string {
		if (event.output) {
			const delta = event.output.text ?? '';
			this.text += delta;
			return delta;
		}
		if (event.citation) this.citations.push(citationOfEvent(event.citation));
		if (event.guardrail?.action) this.guardrailAction = event.guardrail.action;
		return '';
	}

	finish(): GeneratedAnswer {
		return {
			text: this.text,
			citations: this.citations,
			...(this.guardrailAction ? { guardrailAction: this.guardrailAction } : {}),
		};
	}
}

/** A citation event carries its citation at the top level (newer) or in `citation` (deprecated). */
function citationOfEvent(event: CitationEvent): Citation {
	if (event.generatedResponsePart || event.retrievedReferences) {
		return {
			generatedResponsePart: event.generatedResponsePart,
			retrievedReferences: event.retrievedReferences,
		};
	}
	return event.citation ?? {};
}
