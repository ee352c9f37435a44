import { gemmaFamily } from '../../../../nodes/Bedrock/families/gemma';
import { detectFamily, validateKnobs } from '../../../../nodes/Bedrock/families/registry';
import { expectStreamMatchesResponse, loadResponse, request } from './fixtures';

// https://docs.aws.amazon.com/bedrock/latest/userguide/models-api-compatibility.html
describe('Google Gemma family', () => {
	it.each(['google.gemma-3-12b-it', 'google.gemma-3-4b-it', 'google.gemma-3-27b-it'])(
		'detects %s, its profile IDs and ARNs',
		(modelId) => {
			expect(detectFamily(modelId)?.id).toBe('gemma');
			expect(detectFamily(`us.${modelId}`)?.id).toBe('gemma');
			expect(detectFamily(`arn:aws:bedrock:us-west-2::foundation-model/${modelId}`)?.id).toBe(
				'gemma',
			);
		},
	);

	it('builds an OpenAI-style chat body', () => {
		expect(
			request(gemmaFamily, 'Hello', {
				systemPrompt: 'Be brief.',
				knobs: { maxTokens: 300, temperature: 1, topP: 0.95, stopSequences: ['<end>'] },
			}),
		).toEqual({
			messages: [
				{ role: 'system', content: 'Be brief.' },
				{ role: 'user', content: 'Hello' },
			],
			max_tokens: 300,
			temperature: 1,
			top_p: 0.95,
			stop: ['<end>'],
		});
	});

	it('normalises the recorded response and stream', () => {
		const { body } = loadResponse('gemma');
		const reply = gemmaFamily.parseResponse(body);
		expect(reply).toEqual({
			text: 'Gemma 3 is a family of lightweight open models.',
			stopReason: 'end_turn',
			usage: {
				inputTokens: 12,
				outputTokens: 12,
				totalTokens: 24,
				cacheReadInputTokens: 0,
				cacheWriteInputTokens: 0,
			},
		});
		expect(expectStreamMatchesResponse(gemmaFamily).join('')).toBe(reply.text);
	});

	it('maps length to max_tokens and validates its knobs', () => {
		expect(gemmaFamily.parseResponse({ choices: [{ finish_reason: 'length' }] }).stopReason).toBe(
			'max_tokens',
		);
		expect(() => validateKnobs(gemmaFamily, { maxTokens: 0 })).toThrow(/at least 1/);
		expect(() => validateKnobs(gemmaFamily, { topK: 64 })).toThrow(
			/Top K is not supported by Google Gemma/,
		);
	});
});
