import { ai21JambaFamily } from '../../../../nodes/Bedrock/families/ai21Jamba';
import { validateKnobs } from '../../../../nodes/Bedrock/families/registry';
import { expectStreamMatchesResponse, loadResponse, request } from './fixtures';

describe('AI21 Jamba family', () => {
	it('builds a messages body', () => {
		expect(
			request(ai21JambaFamily, 'What is Jamba?', {
				systemPrompt: 'Be brief.',
				knobs: { maxTokens: 100, temperature: 1.5, topP: 0.8, stopSequences: ['\n\n'] },
			}),
		).toEqual({
			messages: [
				{ role: 'system', content: 'Be brief.' },
				{ role: 'user', content: 'What is Jamba?' },
			],
			max_tokens: 100,
			temperature: 1.5,
			top_p: 0.8,
			stop: ['\n\n'],
		});
	});

	it('normalises the recorded response and stream, usage from the body', () => {
		const { body } = loadResponse('ai21Jamba');
		const reply = ai21JambaFamily.parseResponse(body);
		expect(reply).toEqual({
			text: 'Jamba is a hybrid SSM-Transformer model.',
			stopReason: 'end_turn',
			usage: {
				inputTokens: 13,
				outputTokens: 11,
				totalTokens: 24,
				cacheReadInputTokens: 0,
				cacheWriteInputTokens: 0,
			},
		});
		expect(expectStreamMatchesResponse(ai21JambaFamily).join('')).toBe(reply.text);
	});

	it('maps length and validates temperature up to 2', () => {
		expect(
			ai21JambaFamily.parseResponse({ choices: [{ finish_reason: 'length' }] }).stopReason,
		).toBe('max_tokens');
		expect(() => validateKnobs(ai21JambaFamily, { temperature: 2 })).not.toThrow();
		expect(() => validateKnobs(ai21JambaFamily, { temperature: 2.5 })).toThrow(/between 0 and 2/);
		expect(() => validateKnobs(ai21JambaFamily, { topK: 3 })).toThrow(
			/Top K is not supported by AI21 Jamba/,
		);
	});
});
