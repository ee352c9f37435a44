import { novaFormat } from '../../../emulator/native/nova';
import type { GenerationRequest } from '../../../emulator/types';
import { makeGeneration, validationMessage, type Chunk } from './generations';

// https://docs.aws.amazon.com/nova/latest/userguide/using-invoke-api.html
// https://docs.aws.amazon.com/nova/latest/userguide/complete-request-schema.html
const modelId = 'us.amazon.nova-lite-v1:0';
const documentedBody = {
	schemaVersion: 'messages-v1',
	system: [{ text: 'Act as a creative writing assistant.' }],
	messages: [{ role: 'user', content: [{ text: 'Create a list of 3 pop songs.' }] }],
	inferenceConfig: { maxTokens: 500, topP: 0.9, topK: 20, temperature: 0.7 },
};

describe('nova native format', () => {
	it('parses a documented request, including max_new_tokens and tools', () => {
		expect(novaFormat.parseRequest(documentedBody, modelId)).toEqual({
			modelId,
			system: 'Act as a creative writing assistant.',
			messages: [{ role: 'user', text: 'Create a list of 3 pop songs.' }],
			maxTokens: 500,
			temperature: 0.7,
			topP: 0.9,
			topK: 20,
		});
		const request = novaFormat.parseRequest(
			{
				messages: [
					{
						role: 'user',
						content: [
							{ image: { format: 'png', source: { bytes: 'AAAA' } } },
							{ text: 'What is this?' },
						],
					},
				],
				inferenceConfig: { max_new_tokens: 300 },
				toolConfig: {
					tools: [
						{
							toolSpec: {
								name: 'top_song',
								description: 'x',
								inputSchema: { json: { type: 'object' } },
							},
						},
					],
					toolChoice: { any: {} },
				},
			},
			modelId,
		) as GenerationRequest;
		expect(request.maxTokens).toBe(300);
		expect(request.messages[0].images).toEqual([{ format: 'png', bytes: 3 }]);
		expect(request.tools).toEqual([
			{ name: 'top_song', description: 'x', inputSchema: { type: 'object' } },
		]);
		expect(request.toolChoice).toBe('any');
	});

	it('refuses bad bodies', () => {
		expect(
			validationMessage(() =>
				novaFormat.parseRequest({ ...documentedBody, max_tokens: 5 }, modelId),
			),
		).toContain('#: extraneous key [max_tokens] is not permitted');
		expect(
			validationMessage(() =>
				novaFormat.parseRequest({ messages: [{ role: 'user', content: 'hi' }] }, modelId),
			),
		).toContain('#/messages/0/content: expected type: JSONArray, found: String');
		expect(
			validationMessage(() =>
				novaFormat.parseRequest(
					{ ...documentedBody, inferenceConfig: { maxTokens: 20000 } },
					modelId,
				),
			),
		).toContain('#/inferenceConfig/maxTokens: 20000 is not less or equal to 10000');
	});

	const request = novaFormat.parseRequest(documentedBody, modelId) as GenerationRequest;

	it('renders the response', () => {
		const generation = makeGeneration();
		expect(novaFormat.renderResponse(generation, request)).toEqual({
			output: { message: { role: 'assistant', content: [{ text: generation.text }] } },
			stopReason: 'end_turn',
			usage: {
				inputTokens: 12,
				outputTokens: 9,
				totalTokens: 21,
				cacheReadInputTokenCount: 0,
				cacheWriteInputTokenCount: 0,
			},
		});
	});

	it('streams messageStart, deltas, stops and metadata', () => {
		const generation = makeGeneration({
			stopReason: 'tool_use',
			toolUse: { toolUseId: 'tooluse_1', name: 'top_song', input: { sign: 'WZPZ' } },
		});
		const chunks = novaFormat.renderStreamChunks(generation, request) as Chunk[];
		expect(chunks[0]).toEqual({ messageStart: { role: 'assistant' } });
		const texts = chunks.filter((chunk) => chunk.contentBlockDelta?.delta.text !== undefined);
		expect(texts.map((chunk) => chunk.contentBlockDelta.delta.text).join('')).toBe(generation.text);
		expect(chunks).toContainEqual({
			contentBlockStart: {
				start: { toolUse: { toolUseId: 'tooluse_1', name: 'top_song' } },
				contentBlockIndex: 1,
			},
		});
		expect(chunks.at(-2)).toEqual({ messageStop: { stopReason: 'tool_use' } });
		expect(chunks.at(-1)?.metadata.usage).toMatchObject({ inputTokens: 12, outputTokens: 9 });
	});
});
