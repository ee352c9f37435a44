import { mistralChatFamily } from '../../../../nodes/Bedrock/families/mistralChat';
import { validateKnobs } from '../../../../nodes/Bedrock/families/registry';
import { expectStreamMatchesResponse, loadResponse, request, runStream } from './fixtures';

describe('Mistral chat-completion family', () => {
	it('builds a messages body', () => {
		expect(
			request(mistralChatFamily, 'Capital of France?', {
				systemPrompt: 'Answer in one sentence.',
				knobs: { maxTokens: 200, temperature: 0.2, topP: 0.9 },
			}),
		).toEqual({
			messages: [
				{ role: 'system', content: 'Answer in one sentence.' },
				{ role: 'user', content: 'Capital of France?' },
			],
			max_tokens: 200,
			temperature: 0.2,
			top_p: 0.9,
		});
	});

	it('normalises the recorded response with header usage, and the stream', () => {
		const { body, headerUsage } = loadResponse('mistralChat');
		const reply = mistralChatFamily.parseResponse(body, headerUsage);
		expect(reply.text).toBe('The capital of France is Paris.');
		expect(reply.stopReason).toBe('end_turn');
		expect(reply.usage.totalTokens).toBe(24);
		expect(expectStreamMatchesResponse(mistralChatFamily).join('')).toBe(reply.text);
	});

	it('returns tool calls with parsed arguments', () => {
		const body = {
			choices: [
				{
					index: 0,
					message: {
						role: 'assistant',
						content: '',
						tool_calls: [
							{ id: 'abc', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
						],
					},
					stop_reason: 'tool_calls',
				},
			],
		};
		const reply = mistralChatFamily.parseResponse(body);
		expect(reply.stopReason).toBe('tool_use');
		expect(reply.toolCalls).toEqual([{ id: 'abc', name: 'weather', input: { city: 'Paris' } }]);
		const streamed = runStream(
			mistralChatFamily.createStreamParser(),
			body.choices.map((choice) => ({ choices: [choice] })),
		);
		expect(streamed.reply).toEqual(reply);
	});

	it('has no top_k or stop sequences', () => {
		expect(() => validateKnobs(mistralChatFamily, { topK: 5 })).toThrow(
			'Top K is not supported by Mistral (Chat Completion) models; remove it from Options.',
		);
		expect(
			mistralChatFamily.parseResponse({ choices: [{ finish_reason: 'length' }] }).stopReason,
		).toBe('max_tokens');
	});
});
