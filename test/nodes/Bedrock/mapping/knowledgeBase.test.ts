import {
	checkRetrievalFilter,
	normaliseCitations,
	normaliseLocation,
	normaliseRetrievalResult,
	retrievalConfiguration,
	RetrieveAndGenerateStreamAggregator,
} from '../../../../nodes/Bedrock/mapping/knowledgeBase';

describe('knowledge base mapping', () => {
	it('builds no retrieval configuration for no settings, and the SDK shape for some', () => {
		expect(retrievalConfiguration({})).toBeUndefined();
		expect(retrievalConfiguration({ numberOfResults: 3, searchType: 'SEMANTIC' })).toEqual({
			vectorSearchConfiguration: { numberOfResults: 3, overrideSearchType: 'SEMANTIC' },
		});
	});

	it('accepts Bedrock’s filter shapes and names the path of the first problem', () => {
		const filter = {
			orAll: [
				{ equals: { key: 'category', value: 'faq' } },
				{
					andAll: [
						{ in: { key: 'tag', value: ['a', 'b'] } },
						{ lessThan: { key: 'year', value: 2025 } },
					],
				},
			],
		};
		expect(checkRetrievalFilter(filter)).toBe(filter);
		expect(() => checkRetrievalFilter([])).toThrow(/filter must be an object with one operator/);
		expect(() =>
			checkRetrievalFilter({ equals: { key: 'a', value: 1 }, notEquals: { key: 'b', value: 2 } }),
		).toThrow(/exactly one operator \(it has equals, notEquals\)/);
		expect(() =>
			checkRetrievalFilter({
				orAll: [{ equals: { key: 'a', value: 1 } }, { in: { key: 'b', value: 'x' } }],
			}),
		).toThrow(/filter\.orAll\[1\]\.in\.value must be a list/);
		expect(() => checkRetrievalFilter({ startsWith: { value: 'x' } })).toThrow(
			/startsWith must be \{ "key"/,
		);
		expect(() => checkRetrievalFilter({ equals: { key: 'a' } })).toThrow(/equals has no value/);
	});

	it('flattens every kind of location to its type and fields', () => {
		expect(normaliseLocation(undefined)).toBeNull();
		expect(normaliseLocation({ type: 'S3', s3Location: { uri: 's3://b/k' } })).toEqual({
			type: 'S3',
			uri: 's3://b/k',
		});
		expect(normaliseLocation({ type: 'WEB', webLocation: { url: 'https://x' } })).toEqual({
			type: 'WEB',
			url: 'https://x',
		});
		expect(normaliseLocation({ type: 'SQL', sqlLocation: { query: 'SELECT 1' } })).toEqual({
			type: 'SQL',
			query: 'SELECT 1',
		});
	});

	it('gives structured (row) results as column lines', () => {
		expect(
			normaliseRetrievalResult({
				content: {
					type: 'ROW',
					row: [
						{ columnName: 'city', columnValue: 'Paris' },
						{ columnName: 'sales', columnValue: '12' },
					],
				},
				score: 0.5,
			}),
		).toEqual({
			text: 'city: Paris\nsales: 12',
			score: 0.5,
			location: null,
			metadata: {},
			contentType: 'ROW',
		});
	});

	it('normalises citations and collects a stream’s text, citations and guardrail verdict', () => {
		const citation = {
			generatedResponsePart: { textResponsePart: { text: 'A.', span: { start: 0, end: 1 } } },
			retrievedReferences: [{ content: { text: 'A. B.' }, metadata: { k: 1 } }],
		};
		expect(normaliseCitations([citation])).toEqual([
			{
				text: 'A.',
				span: { start: 0, end: 1 },
				sources: [{ text: 'A. B.', location: null, metadata: { k: 1 } }],
			},
		]);
		const aggregator = new RetrieveAndGenerateStreamAggregator();
		expect(aggregator.push({ output: { text: 'A' } })).toBe('A');
		expect(aggregator.push({ output: { text: '.' } })).toBe('.');
		// The deprecated nested citation, and the newer top-level one.
		expect(aggregator.push({ citation: { citation } })).toBe('');
		expect(aggregator.push({ citation })).toBe('');
		expect(aggregator.push({ guardrail: { action: 'INTERVENED' } })).toBe('');
		expect(aggregator.finish()).toEqual({
			text: 'A.',
			citations: [citation, citation],
			guardrailAction: 'INTERVENED',
		});
	});
});
