import { anthropicFamily } from '../../../../nodes/Bedrock/families/anthropic';
import { validateKnobs } from '../../../../nodes/Bedrock/families/registry';
import { expectStreamMatchesResponse, loadResponse, request, runStream } from './fixtures';

describe('Anthropic Claude family', () => {
	it('builds the seed body: documented anthropic_version, default max_tokens, one user message', () => {
		const body = request(anthropicFamily, 'What is machine learning?', {
			extra: { anthropicVersion: 'bedrock-2023-05-31', anthropicThinkingBudget: 0 },
		});
		expect(body).toEqual({
			anthropic_version: 'bedrock-2023-05-31',
			max_tokens: 1024,
			messages: [{ role: 'user', content: 'What is machine learning?' }],
		});
		expect(Object.keys(body)).toEqual(['anthropic_version', 'max_tokens', 'messages']);
	});

	it('maps every knob, the system prompt and the thinking budget', () => {
		const body = request(anthropicFamily, 'Hi', {
			systemPrompt: 'Be brief.',
			knobs: { maxTokens: 4000, temperature: 1, topP: 0.9, topK: 250, stopSequences: ['END'] },
			extra: { anthropicThinkingBudget: 2048 },
		});
		expect(body).toEqual({
			anthropic_version: 'bedrock-2023-05-31',
			max_tokens: 4000,
			temperature: 1,
			top_p: 0.9,
			top_k: 250,
			stop_sequences: ['END'],
			system: 'Be brief.',
			messages: [{ role: 'user', content: 'Hi' }],
			thinking: { type: 'enabled', budget_tokens: 2048 },
		});
	});

	it('refuses a thinking budget that does not fit under max_tokens', () => {
		expect(() =>
			request(anthropicFamily, 'Hi', { extra: { anthropicThinkingBudget: 2048 } }),
		).toThrow(/Thinking Budget must be at least 1024 and less than Max Tokens \(1024\)/);
	});

	it('normalises the recorded response', () => {
		const { body } = loadResponse('anthropic');
		expect(anthropicFamily.parseResponse(body)).toEqual({
			text: 'Machine learning is a branch of AI in which systems learn patterns from data.',
			stopReason: 'end_turn',
			usage: {
				inputTokens: 14,
				outputTokens: 17,
				totalTokens: 31,
				cacheReadInputTokens: 0,
				cacheWriteInputTokens: 0,
			},
		});
	});

	it('streams text deltas and finishes with the non-streamed reply', () => {
		const deltas = expectStreamMatchesResponse(anthropicFamily);
		expect(deltas.join('')).toBe(
			'Machine learning is a branch of AI in which systems learn patterns from data.',
		);
	});

	it('collects thinking and tool use from a stream', () => {
		const { reply, deltas } = runStream(anthropicFamily.createStreamParser(), [
			{ type: 'message_start', message: { usage: { input_tokens: 30, output_tokens: 1 } } },
			{ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } },
			{
				type: 'content_block_delta',
				index: 0,
				delta: { type: 'thinking_delta', thinking: 'Need weather.' },
			},
			{ type: 'content_block_stop', index: 0 },
			{
				type: 'content_block_start',
				index: 1,
				content_block: { type: 'tool_use', id: 'toolu_1', name: 'weather', input: {} },
			},
			{
				type: 'content_block_delta',
				index: 1,
				delta: { type: 'input_json_delta', partial_json: '{"city":' },
			},
			{
				type: 'content_block_delta',
				index: 1,
				delta: { type: 'input_json_delta', partial_json: '"Oslo"}' },
			},
			{ type: 'content_block_stop', index: 1 },
			{ type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 40 } },
			{
				type: 'message_stop',
				'amazon-bedrock-invocationMetrics': { inputTokenCount: 30, outputTokenCount: 40 },
			},
		]);
		expect(deltas.join('')).toBe('');
		expect(reply).toEqual({
			text: '',
			reasoning: 'Need weather.',
			toolCalls: [{ id: 'toolu_1', name: 'weather', input: { city: 'Oslo' } }],
			stopReason: 'tool_use',
			usage: {
				inputTokens: 30,
				outputTokens: 40,
				totalTokens: 70,
				cacheReadInputTokens: 0,
				cacheWriteInputTokens: 0,
			},
		});
	});

	it('maps stop reasons to Converse words', () => {
		const stop = (reason: string) =>
			anthropicFamily.parseResponse({ content: [], stop_reason: reason }).stopReason;
		expect(stop('max_tokens')).toBe('max_tokens');
		expect(stop('stop_sequence')).toBe('stop_sequence');
		expect(stop('tool_use')).toBe('tool_use');
		expect(stop('refusal')).toBe('content_filtered');
		expect(
			anthropicFamily.parseResponse({ content: [], 'amazon-bedrock-guardrailAction': 'INTERVENED' })
				.stopReason,
		).toBe('guardrail_intervened');
	});

	it('validates knob ranges', () => {
		expect(() => validateKnobs(anthropicFamily, { topK: 500, maxTokens: 128000 })).not.toThrow();
		expect(() => validateKnobs(anthropicFamily, { temperature: 1.5 })).toThrow(
			'Temperature must be between 0 and 1 for Anthropic Claude models (got 1.5).',
		);
		expect(() => validateKnobs(anthropicFamily, { maxTokens: 0 })).toThrow(/Max Tokens/);
	});
});
