import { openaiGptOssFamily } from '../../../../nodes/Bedrock/families/openaiGptOss';
import { validateKnobs } from '../../../../nodes/Bedrock/families/registry';
import { expectStreamMatchesResponse, loadResponse, request } from './fixtures';

describe('OpenAI gpt-oss family', () => {
	it('builds a chat completions body with reasoning effort', () => {
		expect(
			request(openaiGptOssFamily, 'What is 2 + 2?', {
				systemPrompt: 'Be brief.',
				knobs: { maxTokens: 500, temperature: 0.5, topP: 1, stopSequences: ['END'] },
				extra: { openaiGptOssReasoningEffort: 'high' },
			}),
		).toEqual({
			messages: [
				{ role: 'system', content: 'Be brief.' },
				{ role: 'user', content: 'What is 2 + 2?' },
			],
			max_completion_tokens: 500,
			temperature: 0.5,
			top_p: 1,
			stop: ['END'],
			reasoning_effort: 'high',
		});
		expect(
			request(openaiGptOssFamily, 'Hi', { extra: { openaiGptOssReasoningEffort: 'default' } }),
		).toEqual({
			messages: [{ role: 'user', content: 'Hi' }],
		});
	});

	it('splits <reasoning> off the answer', () => {
		const { body } = loadResponse('openaiGptOss');
		expect(openaiGptOssFamily.parseResponse(body)).toEqual({
			text: '2 + 2 = 4.',
			reasoning: 'Simple arithmetic: 2 + 2 is 4.',
			stopReason: 'end_turn',
			usage: {
				inputTokens: 18,
				outputTokens: 20,
				totalTokens: 38,
				cacheReadInputTokens: 0,
				cacheWriteInputTokens: 0,
			},
		});
	});

	it('streams the answer without the reasoning tags and finishes with the same reply', () => {
		expect(expectStreamMatchesResponse(openaiGptOssFamily).join('')).toBe('2 + 2 = 4.');
	});

	it('maps OpenAI finish reasons', () => {
		const stop = (finish_reason: string) =>
			openaiGptOssFamily.parseResponse({ choices: [{ message: { content: '' }, finish_reason }] })
				.stopReason;
		expect(stop('stop')).toBe('end_turn');
		expect(stop('length')).toBe('max_tokens');
		expect(stop('tool_calls')).toBe('tool_use');
		expect(stop('content_filter')).toBe('content_filtered');
		expect(() =>
			validateKnobs(openaiGptOssFamily, { stopSequences: ['a', 'b', 'c', 'd', 'e'] }),
		).toThrow('OpenAI gpt-oss models accept at most 4 stop sequences (got 5).');
	});
});
