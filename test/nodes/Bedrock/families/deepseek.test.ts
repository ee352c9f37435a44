import { deepseekFamily } from '../../../../nodes/Bedrock/families/deepseek';
import { validateKnobs } from '../../../../nodes/Bedrock/families/registry';
import { expectStreamMatchesResponse, loadResponse, request } from './fixtures';

describe('DeepSeek-R1 family', () => {
	it("wraps the prompt in R1's chat format, or sends it raw", () => {
		expect(
			request(deepseekFamily, 'Define recursion.', {
				knobs: { maxTokens: 2000, stopSequences: ['END'] },
			}),
		).toEqual({
			prompt: '<｜begin▁of▁sentence｜><｜User｜>Define recursion.<｜Assistant｜><think>\n',
			max_tokens: 2000,
			stop: ['END'],
		});
		expect(
			request(deepseekFamily, 'Define recursion.', { extra: { deepseekRawPrompt: true } }),
		).toEqual({
			prompt: 'Define recursion.',
		});
	});

	it('splits the thinking off the answer, takes usage from the headers', () => {
		const { body, headerUsage } = loadResponse('deepseek');
		expect(deepseekFamily.parseResponse(body, headerUsage)).toEqual({
			text: 'Recursion is when a function calls itself.',
			reasoning: 'The user wants a short definition of recursion.',
			stopReason: 'end_turn',
			usage: {
				inputTokens: 10,
				outputTokens: 21,
				totalTokens: 31,
				cacheReadInputTokens: 0,
				cacheWriteInputTokens: 0,
			},
		});
	});

	it('streams only the answer and finishes with the non-streamed reply', () => {
		const deltas = expectStreamMatchesResponse(deepseekFamily);
		expect(deltas.join('').trim()).toBe('Recursion is when a function calls itself.');
	});

	it('maps length and validates max_tokens', () => {
		expect(
			deepseekFamily.parseResponse({ choices: [{ text: 'x', stop_reason: 'length' }] }),
		).toMatchObject({
			text: 'x',
			stopReason: 'max_tokens',
		});
		expect(() => validateKnobs(deepseekFamily, { maxTokens: 32769 })).toThrow(
			/between 1 and 32768/,
		);
	});
});
