import { kimiFamily } from '../../../../nodes/Bedrock/families/kimi';
import { detectFamily, validateKnobs } from '../../../../nodes/Bedrock/families/registry';
import { expectStreamMatchesResponse, loadResponse, request } from './fixtures';

// https://docs.aws.amazon.com/bedrock/latest/userguide/models-api-compatibility.html
describe('Moonshot Kimi family', () => {
	it.each(['moonshot.kimi-k2-thinking', 'moonshotai.kimi-k2.5'])(
		'detects %s, its profile IDs and ARNs',
		(modelId) => {
			expect(detectFamily(modelId)?.id).toBe('kimi');
			expect(detectFamily(`us.${modelId}`)?.id).toBe('kimi');
			expect(detectFamily(`arn:aws:bedrock:us-west-2::foundation-model/${modelId}`)?.id).toBe(
				'kimi',
			);
		},
	);

	it('builds an OpenAI-style chat body', () => {
		expect(
			request(kimiFamily, 'Hello', {
				systemPrompt: 'Be brief.',
				knobs: { maxTokens: 1024, temperature: 0.6, topP: 0.95 },
			}),
		).toEqual({
			messages: [
				{ role: 'system', content: 'Be brief.' },
				{ role: 'user', content: 'Hello' },
			],
			max_tokens: 1024,
			temperature: 0.6,
			top_p: 0.95,
		});
	});

	it('normalises the recorded response and stream, reasoning apart', () => {
		const { body } = loadResponse('kimi');
		const reply = kimiFamily.parseResponse(body);
		expect(reply).toEqual({
			text: 'Hello! How can I help you today?',
			stopReason: 'end_turn',
			usage: {
				inputTokens: 11,
				outputTokens: 19,
				totalTokens: 30,
				cacheReadInputTokens: 0,
				cacheWriteInputTokens: 0,
			},
			reasoning: 'The user greets me; I greet back.',
		});
		expect(expectStreamMatchesResponse(kimiFamily).join('')).toBe(reply.text);
	});

	it('maps length to max_tokens and validates its knobs', () => {
		expect(kimiFamily.parseResponse({ choices: [{ finish_reason: 'length' }] }).stopReason).toBe(
			'max_tokens',
		);
		expect(() => validateKnobs(kimiFamily, { temperature: 1.5 })).toThrow(/between 0 and 1/);
		expect(() => validateKnobs(kimiFamily, { stopSequences: ['END'] })).toThrow(
			/Stop Sequences is not supported by Moonshot Kimi/,
		);
	});
});
