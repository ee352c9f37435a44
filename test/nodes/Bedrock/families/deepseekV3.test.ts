import { deepseekV3Family } from '../../../../nodes/Bedrock/families/deepseekV3';
import { detectFamily, validateKnobs } from '../../../../nodes/Bedrock/families/registry';
import { expectStreamMatchesResponse, loadResponse, request } from './fixtures';

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-deepseek.html
describe('DeepSeek V3 family', () => {
	it.each(['deepseek.v3-v1:0', 'deepseek.v3.2'])(
		'detects %s, its profile IDs and ARNs',
		(modelId) => {
			expect(detectFamily(modelId)?.id).toBe('deepseekV3');
			expect(detectFamily(`us.${modelId}`)?.id).toBe('deepseekV3');
			expect(detectFamily(`arn:aws:bedrock:us-west-2::foundation-model/${modelId}`)?.id).toBe(
				'deepseekV3',
			);
		},
	);

	it('builds an OpenAI-style chat body', () => {
		expect(
			request(deepseekV3Family, 'Hello', {
				systemPrompt: 'Be brief.',
				knobs: { maxTokens: 800, temperature: 1.3, topP: 0.9, stopSequences: ['###'] },
			}),
		).toEqual({
			messages: [
				{ role: 'system', content: 'Be brief.' },
				{ role: 'user', content: 'Hello' },
			],
			max_tokens: 800,
			temperature: 1.3,
			top_p: 0.9,
			stop: ['###'],
		});
	});

	it('normalises the recorded response and stream, reasoning apart', () => {
		const { body } = loadResponse('deepseekV3');
		const reply = deepseekV3Family.parseResponse(body);
		expect(reply).toEqual({
			text: 'A hash map stores key-value pairs in buckets.',
			stopReason: 'end_turn',
			usage: {
				inputTokens: 12,
				outputTokens: 22,
				totalTokens: 34,
				cacheReadInputTokens: 0,
				cacheWriteInputTokens: 0,
			},
			reasoning: 'Explain hash maps briefly.',
		});
		expect(expectStreamMatchesResponse(deepseekV3Family).join('')).toBe(reply.text);
	});

	it('maps length to max_tokens and validates its knobs', () => {
		expect(
			deepseekV3Family.parseResponse({ choices: [{ finish_reason: 'length' }] }).stopReason,
		).toBe('max_tokens');
		expect(() =>
			validateKnobs(deepseekV3Family, { stopSequences: Array.from({ length: 17 }, String) }),
		).toThrow(/at most 16 stop sequences/);
		expect(() => validateKnobs(deepseekV3Family, { topK: 5 })).toThrow(/Top K is not supported/);
	});
});
