import { qwenFamily } from '../../../../nodes/Bedrock/families/qwen';
import { detectFamily, validateKnobs } from '../../../../nodes/Bedrock/families/registry';
import { expectStreamMatchesResponse, loadResponse, request } from './fixtures';

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-cards-qwen.html
describe('Qwen family', () => {
	it.each([
		'qwen.qwen3-32b-v1:0',
		'qwen.qwen3-coder-30b-a3b-v1:0',
		'qwen.qwen3-235b-a22b-2507-v1:0',
		'qwen.qwen3-coder-480b-a35b-v1:0',
		'qwen.qwen3-next-80b-a3b',
	])('detects %s, its profile IDs and ARNs', (modelId) => {
		expect(detectFamily(modelId)?.id).toBe('qwen');
		expect(detectFamily(`us.${modelId}`)?.id).toBe('qwen');
		expect(detectFamily(`arn:aws:bedrock:us-west-2::foundation-model/${modelId}`)?.id).toBe('qwen');
	});

	it('builds an OpenAI-style chat body', () => {
		expect(
			request(qwenFamily, 'Hello', {
				systemPrompt: 'Be brief.',
				knobs: { maxTokens: 512, temperature: 0.7, topP: 0.8, stopSequences: ['END'] },
			}),
		).toEqual({
			messages: [
				{ role: 'system', content: 'Be brief.' },
				{ role: 'user', content: 'Hello' },
			],
			max_tokens: 512,
			temperature: 0.7,
			top_p: 0.8,
			stop: ['END'],
		});
	});

	it('normalises the recorded response and stream, reasoning apart', () => {
		const { body } = loadResponse('qwen');
		const reply = qwenFamily.parseResponse(body);
		expect(reply).toEqual({
			text: 'Qwen3 is a family of dense and mixture-of-experts models.',
			stopReason: 'end_turn',
			usage: {
				inputTokens: 14,
				outputTokens: 25,
				totalTokens: 39,
				cacheReadInputTokens: 0,
				cacheWriteInputTokens: 0,
			},
			reasoning: 'The user asks what Qwen3 is.',
		});
		expect(expectStreamMatchesResponse(qwenFamily).join('')).toBe(reply.text);
	});

	it('maps length to max_tokens and validates its knobs', () => {
		expect(qwenFamily.parseResponse({ choices: [{ finish_reason: 'length' }] }).stopReason).toBe(
			'max_tokens',
		);
		expect(() => validateKnobs(qwenFamily, { temperature: 2.5 })).toThrow(/between 0 and 2/);
		expect(() => validateKnobs(qwenFamily, { topK: 20 })).toThrow(/Top K is not supported by Qwen/);
	});
});
