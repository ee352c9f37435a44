import type { RerankResult, RerankSource } from '@aws-sdk/client-bedrock-agent-runtime';
import type { DocumentType } from '@smithy/types';
import type { IDataObject } from 'n8n-workflow';

/** Bedrock's bound of the documents of one Rerank request. */
export const MAX_RERANK_DOCUMENTS = 1000;

/** A document to rerank: text, or an object (sent as a JSON document). */
export type RerankInputDocument = string | IDataObject;

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The documents of a Rerank call, checked: a non-empty list of strings or objects, at most
 * MAX_RERANK_DOCUMENTS. Numbers and booleans are taken as text. Throws an Error naming the entry.
 */
export function checkRerankDocuments(value: unknown): RerankInputDocument[] {
	if (!Array.isArray(value)) {
		throw new Error(
			`Documents must be a list of texts or objects, e.g. ={{ $json.passages }}; it is ${value === null ? 'null' : typeof value}`,
		);
	}
	if (value.length === 0) throw new Error('Documents is an empty list: there is nothing to rerank');
	if (value.length > MAX_RERANK_DOCUMENTS) {
		throw new Error(
			`Documents has ${value.length} entries; Rerank takes at most ${MAX_RERANK_DOCUMENTS} per request`,
		);
	}
	return value.map((document: unknown, index) => {
		if (typeof document === 'string') {
			if (document.trim() === '') throw new Error(`Documents[${index}] is an empty text`);
			return document;
		}
		if (typeof document === 'number' || typeof document === 'boolean') return String(document);
		if (isObject(document)) {
			if (Object.keys(document).length === 0)
				throw new Error(`Documents[${index}] is an empty object`);
			return document;
		}
		throw new Error(`Documents[${index}] must be a text or an object`);
	});
}

/** Rerank's inline sources: texts as TEXT documents, objects as JSON documents. */
export function rerankSources(documents: RerankInputDocument[]): RerankSource[] {
	return documents.map((document) => ({
		type: 'INLINE',
		inlineDocumentSource:
			typeof document === 'string'
				? { type: 'TEXT', textDocument: { text: document } }
				: { type: 'JSON', jsonDocument: document as DocumentType },
	}));
}

export interface RankedDocument extends IDataObject {
	/** The document's position in the documents given. */
	index: number;
	relevanceScore: number;
	/** The document as given. */
	document: RerankInputDocument;
}

/** The contract's results, best first, each with the document as given. */
export function normaliseRerankResults(
	results: RerankResult[] | undefined,
	documents: RerankInputDocument[],
): RankedDocument[] {
	return (results ?? [])
		.filter((result) => typeof result.index === 'number')
		.map((result) => ({
			index: result.index as number,
			relevanceScore: result.relevanceScore ?? 0,
			document: documents[result.index as number] ?? null,
		}))
		.sort((a, b) => b.relevanceScore - a.relevanceScore || a.index - b.index);
}
