import {
	BedrockAgentRuntimeClient,
	InvokeAgentCommand,
	RerankCommand,
	RetrieveAndGenerateStreamCommand,
	RetrieveCommand,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { ApplyGuardrailCommand } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';

import type { RunningEmulator } from '../../emulator';
import { EMULATOR_CREDENTIALS, start } from '../../emulator';
import { CREDENTIALS, runtimeClient } from './client';

// The agent services of the emulator through the real SDK clients, on both transports.
describe('the emulator’s knowledge bases, agents, rerank and guardrails', () => {
	let emulator: RunningEmulator;

	beforeAll(async () => {
		emulator = await start({
			port: 0,
			knowledgeBases: [
				{
					id: 'KB1',
					name: 'kb',
					documents: [
						{ text: 'Alpha beta gamma.', metadata: { year: 2020, tags: ['x'] } },
						{ text: 'Beta delta.', metadata: { year: 2024, tags: ['y'] } },
					],
				},
			],
		});
	});
	afterAll(async () => await emulator.close());
	beforeEach(() => emulator.resetStats());

	const agentRuntime = (transport: 'http2' | 'http1' = 'http2') =>
		new BedrockAgentRuntimeClient({
			region: EMULATOR_CREDENTIALS.region,
			endpoint: emulator.url,
			credentials: CREDENTIALS,
			maxAttempts: 1,
			...(transport === 'http1' ? { requestHandler: new NodeHttpHandler() } : {}),
		});

	it.each(['http2', 'http1'] as const)(
		'scores by the share of query terms and applies metadata filters (%s)',
		async (transport) => {
			const client = agentRuntime(transport);
			const all = await client.send(
				new RetrieveCommand({ knowledgeBaseId: 'KB1', retrievalQuery: { text: 'beta gamma' } }),
			);
			expect(all.retrievalResults?.map((result) => [result.content?.text, result.score])).toEqual([
				['Alpha beta gamma.', 1],
				['Beta delta.', 0.5],
			]);
			const filtered = await client.send(
				new RetrieveCommand({
					knowledgeBaseId: 'KB1',
					retrievalQuery: { text: 'beta' },
					retrievalConfiguration: {
						vectorSearchConfiguration: {
							filter: {
								andAll: [
									{ greaterThanOrEquals: { key: 'year', value: 2021 } },
									{ listContains: { key: 'tags', value: 'y' } },
								],
							},
						},
					},
				}),
			);
			expect(filtered.retrievalResults?.map((result) => result.content?.text)).toEqual([
				'Beta delta.',
			]);
			client.destroy();
		},
	);

	it('refuses a bad filter and an unknown knowledge base as Bedrock does', async () => {
		const client = agentRuntime();
		await expect(
			client.send(
				new RetrieveCommand({
					knowledgeBaseId: 'KB1',
					retrievalQuery: { text: 'beta' },
					retrievalConfiguration: {
						vectorSearchConfiguration: {
							filter: { andAll: [{ equals: { key: 'year', value: 2020 } }] },
						},
					},
				}),
			),
		).rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
		await expect(
			client.send(new RetrieveCommand({ knowledgeBaseId: 'KB9', retrievalQuery: { text: 'x' } })),
		).rejects.toMatchObject({
			name: 'ResourceNotFoundException',
			$metadata: { httpStatusCode: 404 },
		});
		client.destroy();
	});

	it('streams an answer as output and citation events, with the session in the header', async () => {
		const client = agentRuntime();
		const response = await client.send(
			new RetrieveAndGenerateStreamCommand({
				input: { text: 'beta gamma' },
				retrieveAndGenerateConfiguration: {
					type: 'KNOWLEDGE_BASE',
					knowledgeBaseConfiguration: {
						knowledgeBaseId: 'KB1',
						modelArn:
							'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
					},
				},
			}),
		);
		expect(response.sessionId).toMatch(/^[0-9a-f-]{36}$/);
		const kinds: string[] = [];
		let text = '';
		for await (const event of response.stream ?? []) {
			if (event.output) {
				kinds.push('output');
				text += event.output.text;
			} else if (event.citation) kinds.push('citation');
		}
		expect(text).toBe('Alpha beta gamma. Beta delta.');
		expect(kinds.filter((kind) => kind === 'citation')).toHaveLength(2);
		expect(kinds[kinds.length - 1]).toBe('citation');
		client.destroy();
	});

	it('answers InvokeAgent as an event stream of base64 chunks, and refuses an unknown alias', async () => {
		const client = agentRuntime();
		const invoke = (agentId: string) =>
			new InvokeAgentCommand({
				agentId,
				agentAliasId: 'PRODALIAS1',
				sessionId: 'sess-01',
				inputText: 'Grüße aus Köln. Wie geht es? Gut.',
			});
		// The default agent answers from EMULATORAG's knowledge base, which this emulator lacks.
		await expect(client.send(invoke('EMULATORAG'))).rejects.toMatchObject({
			name: 'DependencyFailedException',
			$metadata: { httpStatusCode: 424 },
		});
		emulator.configure({
			agents: [{ id: 'PLAIN', name: 'plain', aliases: [{ id: 'PRODALIAS1', name: 'prod' }] }],
		});
		const response = await client.send(invoke('PLAIN'));
		expect(response.sessionId).toBe('sess-01');
		const chunks: string[] = [];
		for await (const event of response.completion ?? []) {
			if (event.chunk?.bytes) chunks.push(new TextDecoder().decode(event.chunk.bytes));
		}
		expect(chunks.join('')).toBe('Grüße aus Köln. Wie geht es?');
		const unknown = await client
			.send(
				new InvokeAgentCommand({
					agentId: 'PLAIN',
					agentAliasId: 'NOALIAS',
					sessionId: 'sess-01',
					inputText: 'hi',
				}),
			)
			.catch((error: unknown) => error);
		expect(unknown).toMatchObject({ name: 'ResourceNotFoundException' });
		client.destroy();
	});

	it('reranks only with a rerank model ARN and a Top N within the sources', async () => {
		const client = agentRuntime();
		const request = (modelArn: string, numberOfResults?: number) =>
			new RerankCommand({
				queries: [{ type: 'TEXT', textQuery: { text: 'beta' } }],
				sources: [
					{ type: 'INLINE', inlineDocumentSource: { type: 'TEXT', textDocument: { text: 'a' } } },
					{
						type: 'INLINE',
						inlineDocumentSource: { type: 'TEXT', textDocument: { text: 'beta' } },
					},
				],
				rerankingConfiguration: {
					type: 'BEDROCK_RERANKING_MODEL',
					bedrockRerankingConfiguration: { modelConfiguration: { modelArn }, numberOfResults },
				},
			});
		const arn = 'arn:aws:bedrock:us-west-2::foundation-model/cohere.rerank-v3-5:0';
		const ranked = await client.send(request(arn));
		expect(ranked.results?.map((result) => [result.index, result.relevanceScore])).toEqual([
			[1, 1],
			[0, 0],
		]);
		await expect(
			client.send(
				request(
					'arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
				),
			),
		).rejects.toMatchObject({ name: 'ValidationException' });
		await expect(client.send(request(arn, 3))).rejects.toMatchObject({
			name: 'ValidationException',
		});
		client.destroy();
	});

	it('applies a guardrail by ID or ARN, and refuses a version that does not exist', async () => {
		const client = runtimeClient(emulator.url);
		const byArn = await client.send(
			new ApplyGuardrailCommand({
				guardrailIdentifier: 'arn:aws:bedrock:us-east-1:123456789012:guardrail/emulatorguard',
				guardrailVersion: '1',
				source: 'OUTPUT',
				content: [{ text: { text: 'This is confidential.' } }],
			}),
		);
		expect(byArn).toMatchObject({
			action: 'GUARDRAIL_INTERVENED',
			outputs: [{ text: 'Sorry, the answer was blocked.' }],
		});
		await expect(
			client.send(
				new ApplyGuardrailCommand({
					guardrailIdentifier: 'emulatorguard',
					guardrailVersion: '9',
					source: 'INPUT',
					content: [{ text: { text: 'hello' } }],
				}),
			),
		).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
		client.destroy();
	});
});
