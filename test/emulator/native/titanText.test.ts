import { parseTitanInput, titanTextFormat } from '../../../emulator/native/titanText';
import type { GenerationRequest } from '../../../emulator/types';
import { makeGeneration, validationMessage, type Chunk } from './generations';

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-text.html
const modelId = 'amazon.titan-text-express-v1';

describe('titan text native format', () => {
	it('parses a documented request', () => {
		expect(
			titanTextFormat.parseRequest(
				{
					inputText: 'User: Generate synthetic data for daily product sales.\nBot:',
					textGenerationConfig: {
						maxTokenCount: 512,
						temperature: 0,
						topP: 0.9,
						stopSequences: ['User:'],
					},
				},
				modelId,
			),
		).toEqual({
			modelId,
			messages: [{ role: 'user', text: 'Generate synthetic data for daily product sales.' }],
			maxTokens: 512,
			temperature: 0,
			topP: 0.9,
			stopSequences: ['User:'],
		});
		expect(parseTitanInput('User: A\nBot: B\nUser: C\nBot:')).toEqual([
			{ role: 'user', text: 'A' },
			{ role: 'assistant', text: 'B' },
			{ role: 'user', text: 'C' },
		]);
		expect(parseTitanInput('Plain text')).toEqual([{ role: 'user', text: 'Plain text' }]);
	});

	it('refuses a maxTokenCount above the model limit', () => {
		const body = { inputText: 'x', textGenerationConfig: { maxTokenCount: 5000 } };
		expect(() => titanTextFormat.parseRequest(body, modelId)).not.toThrow();
		expect(
			validationMessage(() => titanTextFormat.parseRequest(body, 'amazon.titan-text-lite-v1')),
		).toBe(
			'Malformed input request: #/textGenerationConfig/maxTokenCount: 5000 is not less or equal to 4096, please reformat your input and try again.',
		);
		expect(
			validationMessage(() =>
				titanTextFormat.parseRequest(
					{ inputText: 'x', textGenerationConfig: { max_tokens: 5 } },
					modelId,
				),
			),
		).toContain('#/textGenerationConfig: extraneous key [max_tokens] is not permitted');
	});

	const request = titanTextFormat.parseRequest({ inputText: 'hi' }, modelId) as GenerationRequest;

	it('renders the response', () => {
		const generation = makeGeneration({ stopReason: 'stop_sequence', stopSequence: 'User:' });
		expect(titanTextFormat.renderResponse(generation, request)).toEqual({
			inputTextTokenCount: 12,
			results: [
				{ tokenCount: 9, outputText: generation.text, completionReason: 'STOP_CRITERIA_MET' },
			],
		});
	});

	it('streams chunks whose texts and counts add up', () => {
		const generation = makeGeneration({ stopReason: 'max_tokens' });
		const chunks = titanTextFormat.renderStreamChunks(generation, request) as Chunk[];
		expect(chunks.map((chunk) => chunk.outputText).join('')).toBe(generation.text);
		expect(chunks[0]).toMatchObject({ index: 0, inputTextTokenCount: 12, completionReason: null });
		expect(chunks.at(-1)).toMatchObject({
			totalOutputTextTokenCount: 9,
			completionReason: 'LENGTH',
		});
	});
});
