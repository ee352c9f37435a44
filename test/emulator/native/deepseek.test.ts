import {
	deepSeekFormat,
	deepSeekThinkEnd,
	parseDeepSeekPrompt,
} from '../../../emulator/native/deepseek';
import type { GenerationRequest } from '../../../emulator/types';
import { makeGeneration, validationMessage, type Chunk } from './generations';

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-deepseek.html
const modelId = 'us.deepseek.r1-v1:0';
const prompt =
	'<｜begin▁of▁sentence｜><｜User｜>Describe the purpose of a "hello world" program in one line.<｜Assistant｜><think>\n';

describe('deepseek r1 native format', () => {
	it('parses a documented request and its prompt template', () => {
		expect(
			deepSeekFormat.parseRequest(
				{ prompt, max_tokens: 512, temperature: 0.5, top_p: 0.9, stop: ['x'] },
				modelId,
			),
		).toEqual({
			modelId,
			messages: [
				{ role: 'user', text: 'Describe the purpose of a "hello world" program in one line.' },
			],
			maxTokens: 512,
			temperature: 0.5,
			topP: 0.9,
			stopSequences: ['x'],
			reasoning: {},
		});
		expect(parseDeepSeekPrompt('Plain')).toEqual({ messages: [{ role: 'user', text: 'Plain' }] });
	});

	it('refuses out-of-range values', () => {
		expect(
			validationMessage(() => deepSeekFormat.parseRequest({ prompt, max_tokens: 40000 }, modelId)),
		).toBe(
			'Malformed input request: #/max_tokens: 40000 is not less or equal to 32768, please reformat your input and try again.',
		);
	});

	const request = deepSeekFormat.parseRequest({ prompt }, modelId) as GenerationRequest;

	it('renders the reasoning, </think> and the answer in the completion text', () => {
		const generation = makeGeneration({ reasoning: 'Simple question.' });
		const expectedText = `Simple question.${deepSeekThinkEnd}${generation.text}`;
		expect(deepSeekFormat.renderResponse(generation, request)).toEqual({
			choices: [{ text: expectedText, stop_reason: 'stop' }],
		});
		const chunks = deepSeekFormat.renderStreamChunks(generation, request) as Chunk[];
		expect(chunks.map((chunk) => chunk.choices[0].text).join('')).toBe(expectedText);
		expect(chunks.at(-1)?.choices[0].stop_reason).toBe('stop');
		expect(chunks[0].choices[0].stop_reason).toBeNull();
	});
});
