import { minimaxFamily } from '../../../../nodes/Bedrock/families/minimax';
import { detectFamily, validateKnobs } from '../../../../nodes/Bedrock/families/registry';
import { expectStreamMatchesResponse, loadResponse, request } from './fixtures';

// https://docs.aws.amazon.com/bedrock/latest/userguide/models-api-compatibility.html
describe('MiniMax family', () => {
	it.each(['minimax.minimax-m2', 'minimax.minimax-m2.1'])(
		'detects %s, its profile IDs and ARNs',
		(modelId) => {
			expect(detectFamily(modelId)?.id).toBe('minimax');
			expect(detectFamily(`us.${modelId}`)?.id).toBe('minimax');
			expect(detectFamily(`arn:aws:bedrock:us-west-2::foundation-model/${modelId}`)?.id).toBe(
				'minimax',
			);
		},
	);

	it('builds an OpenAI-style chat body', () => {
		expect(
			request(minimaxFamily, 'Hello', {
				systemPrompt: 'Be brief.',
				knobs: { maxTokens: 2000, temperature: 1, topP: 0.95 },
			}),
		).toEqual({
			messages: [
				{ role: 'system', content: 'Be brief.' },
				{ role: 'user', content: 'Hello' },
			],
			max_tokens: 2000,
			temperature: 1,
			top_p: 0.95,
		});
	});

	it('normalises the recorded response and stream, reasoning apart', () => {
		const { body } = loadResponse('minimax');
		const reply = minimaxFamily.parseResponse(body);
		expect(reply).toEqual({
			text: 'Paris is the capital of France.',
			stopReason: 'end_turn',
			usage: {
				inputTokens: 10,
				outputTokens: 14,
				totalTokens: 24,
				cacheReadInputTokens: 0,
				cacheWriteInputTokens: 0,
			},
			reasoning: 'A geography question.',
		});
		expect(expectStreamMatchesResponse(minimaxFamily).join('')).toBe(reply.text);
	});

	it('maps length to max_tokens and validates its knobs', () => {
		expect(minimaxFamily.parseResponse({ choices: [{ finish_reason: 'length' }] }).stopReason).toBe(
			'max_tokens',
		);
		expect(() => validateKnobs(minimaxFamily, { temperature: 1.2 })).toThrow(/between 0 and 1/);
		expect(() => validateKnobs(minimaxFamily, { stopSequences: ['x'] })).toThrow(
			/Stop Sequences is not supported by MiniMax/,
		);
	});
});
