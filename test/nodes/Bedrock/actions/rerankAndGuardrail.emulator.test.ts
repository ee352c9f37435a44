import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { DEFAULT_GUARDRAIL, n8nCredentialFor, start } from '../../../../emulator';
import type { RunningEmulator } from '../../../../emulator';
import { bedrockNode, chain, runWorkflow } from '../../../helpers/workflow';

// Text → Rerank and Text → Apply Guardrail through the real SDK and the n8n engine.
let emulator: RunningEmulator;
let credentials: Record<string, ICredentialDataDecryptedObject>;

beforeAll(async () => {
	emulator = await start({ port: 0 });
	credentials = { awsBedrockApi: n8nCredentialFor(emulator.url) };
});
afterAll(async () => await emulator.close());
beforeEach(() => {
	emulator.resetStats();
	emulator.configure({ faults: {}, deniedActions: [] });
});

function bodies(operation: string): IDataObject[] {
	return emulator.requests
		.filter((request) => request.operation === operation)
		.map((request) => request.body as IDataObject);
}

async function run(
	parameters: IDataObject,
	options: { input?: INodeExecutionData[]; continueOnFail?: boolean } = {},
) {
	const node = {
		...bedrockNode('Bedrock', parameters),
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	return await runWorkflow({
		nodes: [node],
		input: options.input ?? [{ json: {} }],
		credentials,
	});
}

const DOCUMENTS = [
	'Cats sleep most of the day.',
	'Refunds are paid within 14 days of the request.',
	{ title: 'Refund policy', body: 'Refund requests take 14 days' },
];

describe('Text → Rerank against the emulator', () => {
	it('ranks texts and objects best first, with their index and the document as given', async () => {
		const result = await run(
			{
				operation: 'rerank',
				query: 'refund days',
				documents: '={{ $json.documents }}',
				options: { topN: 2 },
			},
			{ input: [{ json: { documents: DOCUMENTS } }] },
		);
		const [item] = result.output('Bedrock');
		// Query terms: refund, days. Scores: recall × (0.5 + 0.5 × the share of the text's terms that
		// are query terms): the object has both among 8 terms (its JSON: title, refund, policy, body,
		// requests, take, 14, days): 1 × 0.625; the second text only "days" of 6: 0.5 × 0.5833.
		expect(item.json).toEqual({
			results: [
				{ index: 2, relevanceScore: 0.625, document: DOCUMENTS[2] },
				{ index: 1, relevanceScore: 0.2917, document: DOCUMENTS[1] },
			],
			modelId: 'cohere.rerank-v3-5:0',
		});
		expect(bodies('Rerank')).toEqual([
			{
				queries: [{ type: 'TEXT', textQuery: { text: 'refund days' } }],
				sources: [
					{
						type: 'INLINE',
						inlineDocumentSource: { type: 'TEXT', textDocument: { text: DOCUMENTS[0] } },
					},
					{
						type: 'INLINE',
						inlineDocumentSource: { type: 'TEXT', textDocument: { text: DOCUMENTS[1] } },
					},
					{ type: 'INLINE', inlineDocumentSource: { type: 'JSON', jsonDocument: DOCUMENTS[2] } },
				],
				rerankingConfiguration: {
					type: 'BEDROCK_RERANKING_MODEL',
					bedrockRerankingConfiguration: {
						numberOfResults: 2,
						modelConfiguration: {
							modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/cohere.rerank-v3-5:0',
						},
					},
				},
			},
		]);
	});

	it('reranks the passages of a Retrieve with Amazon Rerank, Top N capped at the documents given', async () => {
		const result = await runWorkflow({
			nodes: [
				bedrockNode('Retrieve', {
					resource: 'knowledgeBase',
					operation: 'retrieve',
					knowledgeBaseId: { __rl: true, mode: 'id', value: 'EMULATORKB' },
					query: 'knowledge bases models',
				}),
				bedrockNode('Rerank', {
					operation: 'rerank',
					model: { __rl: true, mode: 'list', value: 'amazon.rerank-v1:0' },
					query: 'knowledge bases models',
					documents: '={{ $json.results.map(result => result.text) }}',
					options: { topN: 50 },
				}),
			],
			connections: chain('Retrieve', 'Rerank'),
			input: [{ json: {} }],
			credentials,
		});
		const retrieved = result.output('Retrieve')[0].json.results as IDataObject[];
		const ranked = result.output('Rerank')[0].json.results as IDataObject[];
		expect(ranked).toHaveLength(retrieved.length);
		expect(ranked.map((entry) => entry.document)).toEqual(
			ranked.map((entry) => retrieved[entry.index as number].text),
		);
		const scores = ranked.map((entry) => entry.relevanceScore as number);
		expect([...scores].sort((a, b) => b - a)).toEqual(scores);
		const [body] = bodies('Rerank');
		expect(
			((body.rerankingConfiguration as IDataObject).bedrockRerankingConfiguration as IDataObject)
				.numberOfResults,
		).toBe(retrieved.length);
	});

	it('refuses bad documents, query and model before anything is sent', async () => {
		const cases: Array<[IDataObject, RegExp]> = [
			[{ documents: '={{ $json.nothing }}' }, /Documents must be a list/],
			[{ documents: '[]' }, /empty list/],
			[{ documents: '["a", ""]' }, /Documents\[1\] is an empty text/],
			[{ documents: '["a", [1]]' }, /Documents\[1\] must be a text or an object/],
			[{ documents: '["a", {}]' }, /Documents\[1\] is an empty object/],
			[{ documents: '={{ Array.from({ length: 1001 }, (_, i) => "d" + i) }}' }, /at most 1000/],
			[{ documents: '[oops' }, /Documents is not valid JSON/],
			[{ query: '={{ $json.q }}' }, /query is empty/],
			[
				{ model: { __rl: true, mode: 'id', value: 'anthropic.claude-3-haiku-20240307-v1:0' } },
				/is not a rerank model/,
			],
			[{ options: { topN: 0 } }, /Top N must be a whole number from 1 to 1000/],
		];
		for (const [parameters, message] of cases) {
			const result = await run(
				{ operation: 'rerank', query: 'refund', documents: '["a", "b"]', ...parameters },
				{ continueOnFail: true },
			);
			const error = result.output('Bedrock')[0].json.error as IDataObject;
			expect({ parameters, message: error.message }).toEqual({
				parameters,
				message: expect.stringMatching(message),
			});
		}
		expect(emulator.requests).toEqual([]);
	});

	it('gives error items for denied access, with the remedy naming the action', async () => {
		emulator.configure({ deniedActions: ['bedrock:Rerank'] });
		const result = await run(
			{ operation: 'rerank', query: 'refund', documents: '["a"]' },
			{ continueOnFail: true },
		);
		expect(result.output('Bedrock')[0].json.error).toMatchObject({
			code: 'AccessDeniedException',
			remedy: expect.stringContaining('bedrock:Rerank'),
		});
	});
});

describe('Text → Apply Guardrail against the emulator', () => {
	const guardrail = {
		operation: 'applyGuardrail',
		guardrailIdentifier: DEFAULT_GUARDRAIL.id,
		guardrailVersion: 'DRAFT',
	};

	it('passes clean text with action NONE, and masks what the guardrail anonymises', async () => {
		const result = await run(
			{ ...guardrail, source: 'INPUT', text: '={{ $json.text }}' },
			{
				input: [
					{ json: { text: 'What are your opening hours?' } },
					{ json: { text: 'Write to ada@example.com about ORD-123456.' } },
				],
			},
		);
		const [clean, masked] = result.output('Bedrock');
		expect(clean.json).toMatchObject({
			action: 'NONE',
			outputs: [],
			text: 'What are your opening hours?',
			masked: [],
		});
		expect(masked.json).toEqual({
			action: 'GUARDRAIL_INTERVENED',
			actionReason: 'Guardrail masked.',
			outputs: ['Write to {EMAIL} about {ORDER_NUMBER}.'],
			text: 'Write to {EMAIL} about {ORDER_NUMBER}.',
			assessments: {
				content: [],
				topics: [],
				words: [],
				sensitiveInformation: [
					{
						kind: 'pii',
						type: 'EMAIL',
						match: 'ada@example.com',
						action: 'ANONYMIZED',
						detected: true,
						maskedAs: '{EMAIL}',
					},
					{
						kind: 'regex',
						type: 'ORDER_NUMBER',
						match: 'ORD-123456',
						action: 'ANONYMIZED',
						detected: true,
						maskedAs: '{ORDER_NUMBER}',
						regex: 'ORD-[0-9]{6}',
					},
				],
				contextualGrounding: [],
				automatedReasoning: [],
			},
			masked: [
				expect.objectContaining({ type: 'EMAIL', maskedAs: '{EMAIL}' }),
				expect.objectContaining({ type: 'ORDER_NUMBER', maskedAs: '{ORDER_NUMBER}' }),
			],
			usage: {
				topicPolicyUnits: 1,
				contentPolicyUnits: 1,
				wordPolicyUnits: 1,
				sensitiveInformationPolicyUnits: 1,
				sensitiveInformationPolicyFreeUnits: 0,
				contextualGroundingPolicyUnits: 0,
				contentPolicyImageUnits: 0,
				automatedReasoningPolicyUnits: 0,
			},
		});
		expect(bodies('ApplyGuardrail')[1]).toEqual({
			source: 'INPUT',
			content: [{ text: { text: 'Write to ada@example.com about ORD-123456.' } }],
		});
	});

	it('blocks denied topics, content, words and blocked PII with the guardrail’s message', async () => {
		const texts = [
			'Which stocks should I buy?',
			'How do I attack my neighbour?',
			'This is confidential.',
			'My SSN is 123-45-6789.',
		];
		const result = await run(
			{ ...guardrail, source: 'INPUT', text: '={{ $json.text }}' },
			{ input: texts.map((text) => ({ json: { text } })) },
		);
		const items = result.output('Bedrock').map((item) => item.json);
		for (const item of items) {
			expect(item).toMatchObject({
				action: 'GUARDRAIL_INTERVENED',
				text: DEFAULT_GUARDRAIL.blockedInputMessaging,
				outputs: [DEFAULT_GUARDRAIL.blockedInputMessaging],
			});
		}
		const assessments = items.map((item) => item.assessments as IDataObject);
		expect(assessments[0].topics).toEqual([
			{ name: 'Investment advice', type: 'DENY', action: 'BLOCKED', detected: true },
		]);
		expect(assessments[1].content).toEqual([
			{
				type: 'VIOLENCE',
				confidence: 'HIGH',
				filterStrength: 'HIGH',
				action: 'BLOCKED',
				detected: true,
			},
		]);
		expect(assessments[2].words).toEqual([
			{ match: 'confidential', action: 'BLOCKED', detected: true, type: 'CUSTOM' },
		]);
		expect(assessments[3].sensitiveInformation).toEqual([
			expect.objectContaining({
				type: 'US_SOCIAL_SECURITY_NUMBER',
				action: 'BLOCKED',
				maskedAs: null,
			}),
		]);
	});

	it('checks a reply’s contextual grounding against the source and the query', async () => {
		const result = await run(
			{
				...guardrail,
				source: 'OUTPUT',
				text: '={{ $json.reply }}',
				options: {
					groundingSource: 'Refunds are paid within 14 days.',
					groundingQuery: 'How long do refunds take?',
				},
			},
			{
				input: [
					{ json: { reply: 'Refunds take 14 days.' } },
					{ json: { reply: 'Our office is in Paris.' } },
				],
			},
		);
		const [grounded, ungrounded] = result.output('Bedrock').map((item) => item.json);
		expect(grounded.action).toBe('NONE');
		expect(ungrounded).toMatchObject({
			action: 'GUARDRAIL_INTERVENED',
			text: DEFAULT_GUARDRAIL.blockedOutputsMessaging,
			assessments: {
				contextualGrounding: [
					{ type: 'GROUNDING', threshold: 0.5, score: 0, action: 'BLOCKED', detected: true },
					{ type: 'RELEVANCE', threshold: 0.5, score: 0, action: 'BLOCKED', detected: true },
				],
			},
		});
		expect(bodies('ApplyGuardrail')[0].content).toEqual([
			{ text: { text: 'Refunds are paid within 14 days.', qualifiers: ['grounding_source'] } },
			{ text: { text: 'How long do refunds take?', qualifiers: ['query'] } },
			{ text: { text: 'Refunds take 14 days.', qualifiers: ['guard_content'] } },
		]);
	});

	it('refuses a bad identifier, version or empty text before anything is sent', async () => {
		const cases: Array<[IDataObject, RegExp]> = [
			[{ guardrailIdentifier: 'Has Spaces' }, /Guardrail Identifier 'Has Spaces' is not valid/],
			[{ guardrailVersion: 'v2' }, /Guardrail Version 'v2' is not valid/],
			[{ text: '={{ $json.text }}' }, /text is empty/],
		];
		for (const [parameters, message] of cases) {
			const result = await run(
				{ ...guardrail, source: 'INPUT', text: 'hello', ...parameters },
				{ continueOnFail: true },
			);
			expect((result.output('Bedrock')[0].json.error as IDataObject).message).toMatch(message);
		}
		expect(emulator.requests).toEqual([]);
	});

	it('gives an error item for a guardrail or version that does not exist', async () => {
		const result = await run(
			{ ...guardrail, guardrailVersion: '7', source: 'INPUT', text: 'hello' },
			{ continueOnFail: true },
		);
		expect(result.output('Bedrock')[0].json.error).toMatchObject({
			code: 'ResourceNotFoundException',
			httpStatus: 404,
			remedy: expect.stringContaining('Guardrail emulatorguard version 7 was not found'),
		});
	});
});
