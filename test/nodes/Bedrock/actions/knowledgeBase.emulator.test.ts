import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { DEFAULT_GUARDRAIL, defaultOptions, n8nCredentialFor, start } from '../../../../emulator';
import type { RunningEmulator } from '../../../../emulator';
import { bedrockNode, chain, runWorkflow } from '../../../helpers/workflow';

// Knowledge Base → Retrieve and Retrieve and Generate through the real SDK and the n8n engine.
let emulator: RunningEmulator;
let credentials: Record<string, ICredentialDataDecryptedObject>;

const KNOWLEDGE_BASE = {
	id: 'TESTKB0001',
	name: 'test-faq',
	documents: [
		{
			text: 'Refunds are paid within 14 days. Contact support for late refunds.',
			uri: 's3://faq/refunds.md',
			metadata: { category: 'billing', year: 2024 },
		},
		{
			text: 'Shipping takes 3 days in Europe. Express shipping takes 1 day.',
			uri: 's3://faq/shipping.md',
			metadata: { category: 'delivery', year: 2023 },
		},
		{
			text: 'Refund requests need the order number. Shipping costs are not refunded.',
			uri: 's3://faq/refund-rules.md',
			metadata: { category: 'billing', year: 2025 },
		},
	],
};

const kb = { __rl: true, mode: 'id', value: KNOWLEDGE_BASE.id };
const haiku = { __rl: true, mode: 'id', value: 'anthropic.claude-3-haiku-20240307-v1:0' };
const haikuProfile = {
	__rl: true,
	mode: 'id',
	value: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
};

function metadataOf(index: number) {
	const document = KNOWLEDGE_BASE.documents[index];
	return {
		...document.metadata,
		'x-amz-bedrock-kb-source-uri': document.uri,
		'x-amz-bedrock-kb-chunk-id': `${KNOWLEDGE_BASE.id}-chunk-${index + 1}`,
		'x-amz-bedrock-kb-data-source-id': `${KNOWLEDGE_BASE.id}DS`,
	};
}

function passage(index: number, score: number) {
	const document = KNOWLEDGE_BASE.documents[index];
	return {
		text: document.text,
		score,
		location: { type: 'S3', uri: document.uri },
		metadata: metadataOf(index),
	};
}

beforeAll(async () => {
	emulator = await start({
		port: 0,
		knowledgeBases: [KNOWLEDGE_BASE, { ...KNOWLEDGE_BASE, id: 'NOHYBRID01', hybridSearch: false }],
	});
	credentials = { awsBedrockApi: n8nCredentialFor(emulator.url) };
});
afterAll(async () => await emulator.close());
beforeEach(() => {
	emulator.resetStats();
	emulator.configure({ faults: {}, deniedActions: [], quota: {} });
});

function sent(operation: string): IDataObject[] {
	return emulator.requests
		.filter((request) => request.operation === operation)
		.map((request) => request.body as IDataObject);
}

async function runNode(
	parameters: IDataObject,
	options: {
		input?: INodeExecutionData[];
		continueOnFail?: boolean;
		streaming?: boolean;
	} = {},
) {
	const node = {
		...bedrockNode('Knowledge Base', {
			resource: 'knowledgeBase',
			knowledgeBaseId: kb,
			...parameters,
		}),
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	return await runWorkflow({
		nodes: [node],
		input: options.input ?? [{ json: {} }],
		credentials,
		streaming: options.streaming,
	});
}

describe('Knowledge Base → Retrieve against the emulator', () => {
	it('gives the passages, best first, with score, location and metadata', async () => {
		const result = await runNode(
			{
				operation: 'retrieve',
				query: '={{ $json.question }}',
			},
			{ input: [{ json: { question: 'How long do refunds take?' } }] },
		);
		const [item] = result.output('Knowledge Base');
		// Query terms: long, refunds, take. Document 1 has "refunds"; document 3 "refunded" only.
		expect(item.json).toEqual({ results: [passage(0, 0.3333)] });
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(sent('Retrieve')).toEqual([{ retrievalQuery: { text: 'How long do refunds take?' } }]);
	});

	it('sends number of results, search type, metadata filter and reranking', async () => {
		const result = await runNode({
			operation: 'retrieve',
			query: 'refund shipping order',
			options: {
				numberOfResults: 3,
				searchType: 'HYBRID',
				metadataFilter: '{ "equals": { "key": "category", "value": "billing" } }',
				rerankingModel: 'amazon.rerank-v1:0',
				numberOfRerankedResults: 1,
			},
		});
		const [item] = result.output('Knowledge Base');
		// Only billing documents: document 3 has all three terms (document 1 none); reranked, its
		// score is 1 × (0.5 + 0.5 × 3/9 of its terms), and one result is kept.
		expect(item.json).toEqual({ results: [passage(2, 0.6667)] });
		expect(sent('Retrieve')[0].retrievalConfiguration).toEqual({
			vectorSearchConfiguration: {
				numberOfResults: 3,
				overrideSearchType: 'HYBRID',
				filter: { equals: { key: 'category', value: 'billing' } },
				rerankingConfiguration: {
					type: 'BEDROCK_RERANKING_MODEL',
					bedrockRerankingConfiguration: {
						modelConfiguration: {
							modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.rerank-v1:0',
						},
						numberOfRerankedResults: 1,
					},
				},
			},
		});
	});

	it('splits the results into one item each, all paired with their input item', async () => {
		const result = await runNode(
			{ operation: 'retrieve', query: '={{ $json.q }}', options: { splitResults: true } },
			{
				input: [
					{ json: { q: 'refund shipping' } },
					{ json: { q: 'express' } },
					{ json: { q: 'zebra' } },
				],
			},
		);
		const items = result.output('Knowledge Base');
		// 'zebra' finds nothing: that item gives no output item.
		expect(items.map((item) => [item.pairedItem, item.json.rank, item.json.location])).toEqual([
			[{ item: 0 }, 1, { type: 'S3', uri: 's3://faq/refund-rules.md' }],
			[{ item: 0 }, 2, { type: 'S3', uri: 's3://faq/shipping.md' }],
			[{ item: 1 }, 1, { type: 'S3', uri: 's3://faq/shipping.md' }],
		]);
		expect(items[0].json).toEqual({ ...passage(2, 1), rank: 1 });
	});

	it('refuses locally detectable bad input before anything is sent', async () => {
		const cases: Array<[IDataObject, RegExp]> = [
			// n8n itself refuses a static empty required field: these come from the item.
			[{ query: '={{ $json.question }}' }, /query is empty/],
			[
				{ query: 'x', knowledgeBaseId: { __rl: true, mode: 'id', value: '={{ "not-an-id!" }}' } },
				/Knowledge Base 'not-an-id!' is not valid/,
			],
			[
				{
					query: 'x',
					knowledgeBaseId: { __rl: true, mode: 'id', value: '={{ $json.knowledgeBaseId }}' },
				},
				/Knowledge Base is empty/,
			],
			[
				{ query: 'x', options: { metadataFilter: '{ "equals": ' } },
				/Metadata Filter is not valid JSON/,
			],
			[
				{ query: 'x', options: { metadataFilter: '{ "equal": { "key": "a", "value": 1 } }' } },
				/'equal' is not a filter operator/,
			],
			[
				{
					query: 'x',
					options: { metadataFilter: '{ "andAll": [ { "equals": { "key": "a", "value": 1 } } ] }' },
				},
				/andAll must be a list of 2 to 5 filters/,
			],
			[
				{
					query: 'x',
					options: { metadataFilter: '{ "greaterThan": { "key": "year", "value": "2024" } }' },
				},
				/value must be a number/,
			],
			[
				{ query: 'x', options: { numberOfResults: 500 } },
				/Number of Results must be a whole number from 1 to 100/,
			],
		];
		for (const [parameters, message] of cases) {
			const result = await runNode(
				{ operation: 'retrieve', ...parameters },
				{ continueOnFail: true },
			);
			const [item] = result.output('Knowledge Base');
			const error = item.json.error as IDataObject;
			expect({ parameters, message: error.message }).toEqual({
				parameters,
				message: expect.stringMatching(message),
			});
			expect(error.code).toBe('InvalidInput');
		}
		expect(emulator.requests).toEqual([]);
	});

	it('fails the node on a bad input without Continue On Fail, naming the item', async () => {
		const result = await runNode(
			{ operation: 'retrieve', query: '={{ $json.q }}' },
			{ input: [{ json: { q: 'refunds' } }, { json: { q: '' } }] },
		);
		expect(result.error?.message).toMatch(/query is empty/);
		expect(result.error?.description).toMatch(/Enter what to search for/);
	});

	it('turns Bedrock’s errors into error items with code, status and remedy (Continue On Fail)', async () => {
		const unknown = await runNode(
			{
				operation: 'retrieve',
				query: 'refunds',
				knowledgeBaseId: { __rl: true, mode: 'id', value: 'MISSING123' },
			},
			{ continueOnFail: true },
		);
		expect(unknown.output('Knowledge Base')[0].json.error).toMatchObject({
			code: 'ResourceNotFoundException',
			httpStatus: 404,
			retryable: false,
			remedy: expect.stringContaining('No knowledge base MISSING123 was found in us-east-1'),
		});

		emulator.configure({ deniedActions: ['bedrock:Retrieve'] });
		const denied = await runNode(
			{ operation: 'retrieve', query: 'refunds' },
			{ continueOnFail: true },
		);
		expect(denied.output('Knowledge Base')[0].json.error).toMatchObject({
			code: 'AccessDeniedException',
			httpStatus: 403,
			remedy: expect.stringContaining('may not call bedrock:Retrieve'),
		});

		emulator.configure({ deniedActions: [] });
		const hybrid = await runNode(
			{
				operation: 'retrieve',
				query: 'refunds',
				knowledgeBaseId: { __rl: true, mode: 'id', value: 'NOHYBRID01' },
				options: { searchType: 'HYBRID' },
			},
			{ continueOnFail: true },
		);
		expect(hybrid.output('Knowledge Base')[0].json.error).toMatchObject({
			code: 'ValidationException',
			message: expect.stringContaining('HYBRID search type is not supported'),
		});
	});

	it('retries throttled retrievals and then succeeds', async () => {
		emulator.configure({ seed: 3, faults: { throttling: 0.5 } });
		const result = await runNode(
			{ operation: 'retrieve', query: 'refunds', options: { maxRetryTimeMs: 60_000 } },
			{ input: Array.from({ length: 6 }, () => ({ json: {} })) },
		);
		const items = result.output('Knowledge Base');
		expect(items).toHaveLength(6);
		expect(items.every((item) => Array.isArray(item.json.results))).toBe(true);
		expect(emulator.stats().throttled).toBeGreaterThan(0);
	});
});

describe('Knowledge Base → Retrieve and Generate against the emulator', () => {
	it('answers with citations and a session, from a foundation model ARN', async () => {
		const result = await runNode({
			operation: 'retrieveAndGenerate',
			model: haiku,
			query: 'How long do refunds take?',
			options: { maxTokens: 200, temperature: 0.2 },
		});
		const [item] = result.output('Knowledge Base');
		expect(item.json).toEqual({
			text: 'Refunds are paid within 14 days.',
			citations: [
				{
					text: 'Refunds are paid within 14 days.',
					span: { start: 0, end: 31 },
					sources: [
						{
							text: KNOWLEDGE_BASE.documents[0].text,
							location: { type: 'S3', uri: 's3://faq/refunds.md' },
							metadata: metadataOf(0),
						},
					],
				},
			],
			sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
			modelId: haiku.value,
			latencyMs: expect.any(Number),
		});
		const [body] = sent('RetrieveAndGenerate');
		expect(body).toEqual({
			input: { text: 'How long do refunds take?' },
			retrieveAndGenerateConfiguration: {
				type: 'KNOWLEDGE_BASE',
				knowledgeBaseConfiguration: {
					knowledgeBaseId: KNOWLEDGE_BASE.id,
					modelArn:
						'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
					generationConfiguration: {
						inferenceConfig: { textInferenceConfig: { maxTokens: 200, temperature: 0.2 } },
					},
				},
			},
		});
	});

	it('turns an inference profile ID into its ARN (once per execution) and continues the session in a follow-up', async () => {
		const result = await runWorkflow({
			nodes: [
				bedrockNode('Ask', {
					resource: 'knowledgeBase',
					operation: 'retrieveAndGenerate',
					knowledgeBaseId: kb,
					model: haikuProfile,
					query: '={{ $json.q }}',
				}),
				bedrockNode('Follow up', {
					resource: 'knowledgeBase',
					operation: 'retrieveAndGenerate',
					knowledgeBaseId: kb,
					model: haikuProfile,
					query: 'And express shipping?',
					options: { sessionId: '={{ $json.sessionId }}' },
				}),
			],
			connections: chain('Ask', 'Follow up'),
			input: [{ json: { q: 'Are refunds paid?' } }, { json: { q: 'Are refunds paid quickly?' } }],
			credentials,
		});
		const asked = result.output('Ask');
		const followed = result.output('Follow up');
		expect(followed.map((item) => item.json.sessionId)).toEqual(
			asked.map((item) => item.json.sessionId),
		);
		// The follow-up is searched with the session's first question too.
		expect(asked[0].json.text).toBe('Refunds are paid within 14 days.');
		expect(followed[0].json.text).toBe(
			'Refunds are paid within 14 days. Shipping takes 3 days in Europe.',
		);
		const bodies = sent('RetrieveAndGenerate');
		const arn =
			'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0';
		for (const body of bodies) {
			expect(
				(body.retrieveAndGenerateConfiguration as IDataObject).knowledgeBaseConfiguration,
			).toMatchObject({ modelArn: arn });
		}
		expect(bodies.map((body) => body.sessionId)).toEqual([
			undefined,
			undefined,
			asked[0].json.sessionId,
			asked[1].json.sessionId,
		]);
		// One lookup per node execution (each node run has its own clients).
		expect(emulator.stats().byOperation.GetInferenceProfile).toBe(2);
	});

	it('streams the answer: deltas reassemble to the same text and citations as the plain call', async () => {
		const parameters = {
			operation: 'retrieveAndGenerate',
			model: haiku,
			query: 'refund shipping',
		};
		const plain = await runNode(parameters);
		const streamed = await runNode(
			{ ...parameters, options: { stream: true } },
			{ streaming: true },
		);
		const [plainItem] = plain.output('Knowledge Base');
		const [streamedItem] = streamed.output('Knowledge Base');
		expect(streamedItem.json.text).toBe(plainItem.json.text);
		expect(streamedItem.json.citations).toEqual(plainItem.json.citations);
		expect(streamedItem.json.timeToFirstTokenMs).toEqual(expect.any(Number));
		const deltas = streamed.chunks.filter((chunk) => chunk.type === 'item');
		expect(deltas.length).toBeGreaterThan(2);
		expect(deltas.map((chunk) => chunk.content).join('')).toBe(streamedItem.json.text);
		expect(streamed.chunks.map((chunk) => chunk.type)).toEqual([
			'begin',
			...deltas.map(() => 'item'),
			'end',
		]);
		expect(emulator.stats().byOperation.RetrieveAndGenerateStream).toBe(1);
	});

	it('applies a guardrail to the answer', async () => {
		emulator.configure({
			guardrails: [{ ...DEFAULT_GUARDRAIL, id: 'nodays', blockedWords: ['days'] }],
		});
		const result = await runNode({
			operation: 'retrieveAndGenerate',
			model: haiku,
			query: 'refunds',
			options: { guardrailIdentifier: 'nodays', guardrailVersion: '1' },
		});
		expect(result.output('Knowledge Base')[0].json).toMatchObject({
			text: DEFAULT_GUARDRAIL.blockedOutputsMessaging,
			citations: [],
			guardrailAction: 'INTERVENED',
		});
		emulator.configure({ guardrails: defaultOptions().guardrails });
	});

	it('refuses bad input before anything is sent, and reports an unknown session from Bedrock', async () => {
		const cases: Array<[IDataObject, RegExp]> = [
			[{ model: { __rl: true, mode: 'id', value: '={{ $json.model }}' } }, /No model is selected/],
			[
				{ options: { promptTemplate: 'Answer: $query$' } },
				/Prompt Template has no \$search_results\$/,
			],
			[{ options: { sessionId: 'has spaces' } }, /Session ID 'has spaces' is not valid/],
			[
				{ options: { guardrailIdentifier: 'Bad ID' } },
				/Guardrail Identifier 'Bad ID' is not valid/,
			],
			[
				{ options: { guardrailIdentifier: 'gr1', guardrailVersion: 'v1' } },
				/Guardrail Version 'v1' is not valid/,
			],
			[{ query: '={{ "  " }}' }, /query is empty/],
		];
		for (const [parameters, message] of cases) {
			const result = await runNode(
				{ operation: 'retrieveAndGenerate', model: haiku, query: 'refunds', ...parameters },
				{ continueOnFail: true },
			);
			expect((result.output('Knowledge Base')[0].json.error as IDataObject).message).toMatch(
				message,
			);
		}
		expect(emulator.requests).toEqual([]);

		const unknown = await runNode(
			{
				operation: 'retrieveAndGenerate',
				model: haiku,
				query: 'refunds',
				options: { sessionId: 'not-a-session-of-bedrock' },
			},
			{ continueOnFail: true },
		);
		expect(unknown.output('Knowledge Base')[0].json.error).toMatchObject({
			code: 'ValidationException',
			message: 'Session with Id not-a-session-of-bedrock is not valid. Please check and try again.',
		});
	});
});
