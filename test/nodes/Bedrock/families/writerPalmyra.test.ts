import { writerPalmyraFamily } from '../../../../nodes/Bedrock/families/writerPalmyra';
import { detectFamily, validateKnobs } from '../../../../nodes/Bedrock/families/registry';
import { expectStreamMatchesResponse, loadResponse, request } from './fixtures';

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-palmyra-x5.html
describe('Writer Palmyra family', () => {
	it.each(['writer.palmyra-x5-v1:0', 'writer.palmyra-x4-v1:0'])(
		'detects %s, its profile IDs and ARNs',
		(modelId) => {
			expect(detectFamily(modelId)?.id).toBe('writerPalmyra');
			expect(detectFamily(`us.${modelId}`)?.id).toBe('writerPalmyra');
			expect(detectFamily(`arn:aws:bedrock:us-west-2::foundation-model/${modelId}`)?.id).toBe(
				'writerPalmyra',
			);
		},
	);

	it('builds an OpenAI-style chat body', () => {
		expect(
			request(writerPalmyraFamily, 'Hello', {
				systemPrompt: 'Be brief.',
				knobs: { maxTokens: 1024, temperature: 0.5, topP: 0.9, stopSequences: ['\n\n'] },
			}),
		).toEqual({
			messages: [
				{ role: 'system', content: 'Be brief.' },
				{ role: 'user', content: 'Hello' },
			],
			max_tokens: 1024,
			temperature: 0.5,
			top_p: 0.9,
			stop: ['\n\n'],
		});
	});

	it('normalises the recorded response and stream', () => {
		const { body } = loadResponse('writerPalmyra');
		const reply = writerPalmyraFamily.parseResponse(body);
		expect(reply).toEqual({
			text: 'Quantum computers use qubits, which can be 0 and 1 at once.',
			stopReason: 'end_turn',
			usage: {
				inputTokens: 9,
				outputTokens: 16,
				totalTokens: 25,
				cacheReadInputTokens: 0,
				cacheWriteInputTokens: 0,
			},
		});
		expect(expectStreamMatchesResponse(writerPalmyraFamily).join('')).toBe(reply.text);
	});

	it('maps length to max_tokens and validates its knobs', () => {
		expect(
			writerPalmyraFamily.parseResponse({ choices: [{ finish_reason: 'length' }] }).stopReason,
		).toBe('max_tokens');
		expect(() => validateKnobs(writerPalmyraFamily, { maxTokens: 8193 })).toThrow(
			/between 1 and 8192/,
		);
		expect(() =>
			validateKnobs(writerPalmyraFamily, { stopSequences: ['a', 'b', 'c', 'd', 'e'] }),
		).toThrow(/at most 4 stop sequences/);
	});
});
