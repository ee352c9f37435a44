import { novaFamily } from '../../../../nodes/Bedrock/families/nova';
import { validateKnobs } from '../../../../nodes/Bedrock/families/registry';
import { expectStreamMatchesResponse, loadResponse, request, runStream } from './fixtures';

describe('Amazon Nova family', () => {
	it('builds a messages-v1 body with inferenceConfig', () => {
		expect(
			request(novaFamily, 'Name three renewable energy sources.', {
				systemPrompt: 'Be brief.',
				knobs: { maxTokens: 300, temperature: 0.5, topP: 0.9, topK: 20, stopSequences: ['END'] },
			}),
		).toEqual({
			schemaVersion: 'messages-v1',
			system: [{ text: 'Be brief.' }],
			messages: [{ role: 'user', content: [{ text: 'Name three renewable energy sources.' }] }],
			inferenceConfig: {
				maxTokens: 300,
				temperature: 0.5,
				topP: 0.9,
				topK: 20,
				stopSequences: ['END'],
			},
		});
		expect(request(novaFamily, 'Hi')).toEqual({
			schemaVersion: 'messages-v1',
			messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
		});
	});

	it('normalises the recorded response and stream', () => {
		const { body } = loadResponse('nova');
		const reply = novaFamily.parseResponse(body);
		expect(reply).toEqual({
			text: 'Here are three renewable energy sources: solar, wind and hydropower.',
			stopReason: 'end_turn',
			usage: {
				inputTokens: 11,
				outputTokens: 15,
				totalTokens: 26,
				cacheReadInputTokens: 0,
				cacheWriteInputTokens: 0,
			},
		});
		expect(expectStreamMatchesResponse(novaFamily).join('')).toBe(reply.text);
	});

	it('streams tool use and reasoning into the same shape as the response', () => {
		const { reply } = runStream(novaFamily.createStreamParser(), [
			{
				contentBlockDelta: {
					delta: { reasoningContent: { text: 'Look it up.' } },
					contentBlockIndex: 0,
				},
			},
			{
				contentBlockStart: {
					start: { toolUse: { toolUseId: 't1', name: 'search' } },
					contentBlockIndex: 1,
				},
			},
			{
				contentBlockDelta: { delta: { toolUse: { input: '{"q":"wind"}' } }, contentBlockIndex: 1 },
			},
			{ contentBlockStop: { contentBlockIndex: 1 } },
			{ messageStop: { stopReason: 'tool_use' } },
			{ metadata: { usage: { inputTokens: 5, outputTokens: 9 } } },
		]);
		expect(reply).toEqual(
			novaFamily.parseResponse({
				output: {
					message: {
						content: [
							{ reasoningContent: { reasoningText: { text: 'Look it up.' } } },
							{ toolUse: { toolUseId: 't1', name: 'search', input: { q: 'wind' } } },
						],
					},
				},
				stopReason: 'tool_use',
				usage: { inputTokens: 5, outputTokens: 9 },
			}),
		);
		expect(reply.toolCalls).toEqual([{ id: 't1', name: 'search', input: { q: 'wind' } }]);
		expect(reply.reasoning).toBe('Look it up.');
	});

	it('keeps Converse stop reasons and validates topK', () => {
		expect(novaFamily.parseResponse({ stopReason: 'content_filtered' }).stopReason).toBe(
			'content_filtered',
		);
		expect(() => validateKnobs(novaFamily, { topK: 129 })).toThrow(
			'Top K must be between 0 and 128 for Amazon Nova models (got 129).',
		);
	});
});
