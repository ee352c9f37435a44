import { cohereCommandRFamily } from '../../../../nodes/Bedrock/families/cohereCommandR';
import { validateKnobs } from '../../../../nodes/Bedrock/families/registry';
import { expectStreamMatchesResponse, loadResponse, request } from './fixtures';

describe('Cohere Command R family', () => {
	it('builds a chat body with preamble, documents, history and knobs', () => {
		expect(
			request(cohereCommandRFamily, 'What is RAG?', {
				systemPrompt: 'You are terse.',
				knobs: { maxTokens: 300, temperature: 0.3, topP: 0.75, topK: 40, stopSequences: ['##'] },
				extra: {
					cohereCommandRDocuments: '[{"title": "RAG", "snippet": "Grounding answers."}]',
					cohereCommandRChatHistory: [{ role: 'USER', message: 'Hello' }],
				},
			}),
		).toEqual({
			message: 'What is RAG?',
			preamble: 'You are terse.',
			chat_history: [{ role: 'USER', message: 'Hello' }],
			documents: [{ title: 'RAG', snippet: 'Grounding answers.' }],
			max_tokens: 300,
			temperature: 0.3,
			p: 0.75,
			k: 40,
			stop_sequences: ['##'],
		});
		expect(
			request(cohereCommandRFamily, 'Hi', { extra: { cohereCommandRDocuments: '[]' } }),
		).toEqual({
			message: 'Hi',
		});
	});

	it('says which field holds invalid JSON', () => {
		expect(() =>
			request(cohereCommandRFamily, 'Hi', { extra: { cohereCommandRDocuments: '[{' } }),
		).toThrow(/Documents is not valid JSON at line 1, column 3/);
		expect(() =>
			request(cohereCommandRFamily, 'Hi', { extra: { cohereCommandRDocuments: '{}' } }),
		).toThrow("'Documents' must be a JSON array");
	});

	it('takes usage from the headers and streams the same reply', () => {
		const { body, headerUsage } = loadResponse('cohereCommandR');
		const reply = cohereCommandRFamily.parseResponse(body, headerUsage);
		expect(reply).toEqual({
			text: "Retrieval-augmented generation grounds a model's answer in documents it is given.",
			stopReason: 'end_turn',
			usage: {
				inputTokens: 9,
				outputTokens: 15,
				totalTokens: 24,
				cacheReadInputTokens: 0,
				cacheWriteInputTokens: 0,
			},
		});
		expect(expectStreamMatchesResponse(cohereCommandRFamily).join('')).toBe(reply.text);
	});

	it('maps finish reasons and validates p', () => {
		expect(
			cohereCommandRFamily.parseResponse({ text: '', finish_reason: 'MAX_TOKENS' }).stopReason,
		).toBe('max_tokens');
		expect(cohereCommandRFamily.stopReasons.COMPLETE).toBe('end_turn');
		expect(() => validateKnobs(cohereCommandRFamily, { topP: 1 })).toThrow(
			'Top P must be between 0.01 and 0.99 for Cohere Command R models (got 1).',
		);
	});
});
