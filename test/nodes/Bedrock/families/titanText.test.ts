import { validateKnobs } from '../../../../nodes/Bedrock/families/registry';
import { titanTextFamily } from '../../../../nodes/Bedrock/families/titanText';
import { expectStreamMatchesResponse, loadResponse, request } from './fixtures';

describe('Amazon Titan Text family', () => {
	it('builds the seed body exactly with Raw Prompt on', () => {
		const body = request(titanTextFamily, 'Summarize AWS', {
			knobs: { maxTokens: 512, temperature: 0.7, topP: 0.9 },
			extra: { titanTextRawPrompt: true },
		});
		expect(JSON.stringify(body)).toBe(
			JSON.stringify({
				inputText: 'Summarize AWS',
				textGenerationConfig: { maxTokenCount: 512, temperature: 0.7, topP: 0.9 },
			}),
		);
	});

	it('uses the User/Bot format by default and leaves unset knobs out', () => {
		expect(request(titanTextFamily, 'Summarize AWS', { systemPrompt: 'Be brief.' })).toEqual({
			inputText: 'Be brief.\n\nUser: Summarize AWS\nBot:',
		});
		expect(request(titanTextFamily, 'x', { knobs: { stopSequences: ['User:'] } })).toEqual({
			inputText: 'User: x\nBot:',
			textGenerationConfig: { stopSequences: ['User:'] },
		});
	});

	it('normalises the recorded response and stream', () => {
		const { body } = loadResponse('titanText');
		const reply = titanTextFamily.parseResponse(body);
		expect(reply.stopReason).toBe('end_turn');
		expect(reply.usage).toMatchObject({ inputTokens: 3, outputTokens: 24, totalTokens: 27 });
		expect(expectStreamMatchesResponse(titanTextFamily).join('')).toBe(reply.text);
	});

	it('maps completion reasons', () => {
		const stop = (completionReason: string) =>
			titanTextFamily.parseResponse({ results: [{ outputText: '', completionReason }] }).stopReason;
		expect(stop('FINISH')).toBe('end_turn');
		expect(stop('LENGTH')).toBe('max_tokens');
		expect(stop('STOP_CRITERIA_MET')).toBe('stop_sequence');
		expect(stop('CONTENT_FILTERED')).toBe('content_filtered');
	});

	it('accepts only the documented stop sequences and ranges', () => {
		expect(() => validateKnobs(titanTextFamily, { stopSequences: ['|', 'User:'] })).not.toThrow();
		expect(() => validateKnobs(titanTextFamily, { stopSequences: ['END'] })).toThrow(
			'Amazon Titan Text models only accept these stop sequences: "|", "User:" (got "END").',
		);
		expect(() => validateKnobs(titanTextFamily, { maxTokens: 9000 })).toThrow(/between 0 and 8192/);
		expect(() => validateKnobs(titanTextFamily, { topK: 1 })).toThrow(/Top K is not supported/);
	});
});
