import { metaFamily } from '../../../../nodes/Bedrock/families/meta';
import { validateKnobs } from '../../../../nodes/Bedrock/families/registry';
import { expectStreamMatchesResponse, loadResponse, request } from './fixtures';

describe('Meta Llama family', () => {
	it('builds the seed body exactly with Raw Prompt on', () => {
		const body = request(metaFamily, 'What is AI?', {
			knobs: { maxTokens: 512, temperature: 0.7, topP: 0.9 },
			extra: { metaRawPrompt: true },
		});
		expect(JSON.stringify(body)).toBe(
			JSON.stringify({ prompt: 'What is AI?', max_gen_len: 512, temperature: 0.7, top_p: 0.9 }),
		);
	});

	it("applies Llama 3's chat template by default, with the system prompt", () => {
		expect(request(metaFamily, 'What is AI?', { systemPrompt: 'Be brief.' })).toEqual({
			prompt:
				'<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>' +
				'<|start_header_id|>user<|end_header_id|>\n\nWhat is AI?<|eot_id|>' +
				'<|start_header_id|>assistant<|end_header_id|>\n\n',
		});
		expect(request(metaFamily, 'Hi').prompt).toBe(
			'<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n',
		);
	});

	it('normalises the recorded response and stream', () => {
		const { body } = loadResponse('meta');
		const reply = metaFamily.parseResponse(body);
		expect(reply.stopReason).toBe('end_turn');
		expect(reply.usage).toEqual({
			inputTokens: 5,
			outputTokens: 22,
			totalTokens: 27,
			cacheReadInputTokens: 0,
			cacheWriteInputTokens: 0,
		});
		const deltas = expectStreamMatchesResponse(metaFamily);
		expect(deltas.join('')).toBe(reply.text);
	});

	it('maps stop and length', () => {
		expect(metaFamily.parseResponse({ generation: '', stop_reason: 'length' }).stopReason).toBe(
			'max_tokens',
		);
		expect(metaFamily.stopReasons.stop).toBe('end_turn');
	});

	it('refuses knobs Llama lacks', () => {
		expect(() => validateKnobs(metaFamily, { topK: 40 })).toThrow(
			'Top K is not supported by Meta Llama models; remove it from Options.',
		);
		expect(() => validateKnobs(metaFamily, { stopSequences: ['x'] })).toThrow(
			/Stop Sequences is not supported/,
		);
		expect(() => validateKnobs(metaFamily, { stopSequences: [] })).not.toThrow();
		expect(() => validateKnobs(metaFamily, { maxTokens: 4096 })).toThrow(
			'Max Tokens must be between 1 and 2048 for Meta Llama models (got 4096).',
		);
	});
});
