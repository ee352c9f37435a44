import { mistralFamily } from '../../../../nodes/Bedrock/families/mistral';
import { validateKnobs } from '../../../../nodes/Bedrock/families/registry';
import { expectStreamMatchesResponse, loadResponse, request } from './fixtures';

describe('Mistral text-completion family', () => {
	it('builds the seed body exactly with Raw Prompt on', () => {
		const body = request(mistralFamily, 'Explain quantum computing', {
			knobs: { maxTokens: 512, temperature: 0.7 },
			extra: { mistralRawPrompt: true },
		});
		expect(JSON.stringify(body)).toBe(
			JSON.stringify({ prompt: 'Explain quantum computing', max_tokens: 512, temperature: 0.7 }),
		);
	});

	it('wraps the prompt in [INST] by default and maps all knobs', () => {
		expect(
			request(mistralFamily, 'Hi', {
				systemPrompt: 'Be brief.',
				knobs: { topP: 0.5, topK: 50, stopSequences: ['</s>'] },
			}),
		).toEqual({
			prompt: '<s>[INST] Be brief.\n\nHi [/INST]',
			top_p: 0.5,
			top_k: 50,
			stop: ['</s>'],
		});
	});

	it('takes usage from the headers and streams the same reply', () => {
		const { body, headerUsage } = loadResponse('mistral');
		const reply = mistralFamily.parseResponse(body, headerUsage);
		expect(reply).toEqual({
			text: ' Quantum computing uses qubits, which can be in superpositions of 0 and 1.',
			stopReason: 'end_turn',
			usage: {
				inputTokens: 12,
				outputTokens: 19,
				totalTokens: 31,
				cacheReadInputTokens: 0,
				cacheWriteInputTokens: 0,
			},
		});
		expect(expectStreamMatchesResponse(mistralFamily).join('')).toBe(reply.text);
	});

	it('maps length to max_tokens', () => {
		expect(
			mistralFamily.parseResponse({ outputs: [{ text: '', stop_reason: 'length' }] }).stopReason,
		).toBe('max_tokens');
	});

	it('validates top_k and the number of stop sequences', () => {
		expect(() => validateKnobs(mistralFamily, { topK: 0 })).toThrow(
			'Top K must be between 1 and 200 for Mistral (Text Completion) models (got 0).',
		);
		expect(() => validateKnobs(mistralFamily, { stopSequences: Array(11).fill('x') })).toThrow(
			'Mistral (Text Completion) models accept at most 10 stop sequences (got 11).',
		);
	});
});
