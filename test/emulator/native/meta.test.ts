import { metaFormat, parseLlamaPrompt } from '../../../emulator/native/meta';
import type { GenerationRequest } from '../../../emulator/types';
import { makeGeneration, validationMessage, type Chunk } from './generations';

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-meta.html
const modelId = 'meta.llama3-1-8b-instruct-v1:0';
const documentedPrompt =
	'<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are a helpful assistant.<|eot_id|>' +
	'<|start_header_id|>user<|end_header_id|>\n\nDescribe the purpose of a "hello world" program in one line.<|eot_id|>' +
	'<|start_header_id|>assistant<|end_header_id|>\n\n';

describe('meta (Llama) native format', () => {
	it('parses the Llama 3 chat template back into messages', () => {
		const request = metaFormat.parseRequest(
			{ prompt: documentedPrompt, max_gen_len: 512, temperature: 0.5, top_p: 0.9 },
			modelId,
		);
		expect(request).toEqual({
			modelId,
			system: 'You are a helpful assistant.',
			messages: [
				{ role: 'user', text: 'Describe the purpose of a "hello world" program in one line.' },
			],
			maxTokens: 512,
			temperature: 0.5,
			topP: 0.9,
		});
	});

	it('takes a plain prompt as one user message and reads multi-turn templates', () => {
		expect(parseLlamaPrompt('Hi there')).toEqual({
			messages: [{ role: 'user', text: 'Hi there' }],
		});
		const turns = parseLlamaPrompt(
			'<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nA<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nB<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nC<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n',
		);
		expect(turns.messages.map((message) => `${message.role}:${message.text}`)).toEqual([
			'user:A',
			'assistant:B',
			'user:C',
		]);
	});

	it('refuses bad bodies with Bedrock wording', () => {
		expect(
			validationMessage(() => metaFormat.parseRequest({ prompt: 'x', max_tokens: 10 }, modelId)),
		).toBe(
			'Malformed input request: #: extraneous key [max_tokens] is not permitted, please reformat your input and try again.',
		);
		expect(
			validationMessage(() => metaFormat.parseRequest({ prompt: 'x', max_gen_len: 4096 }, modelId)),
		).toContain('#/max_gen_len: 4096 is not less or equal to 2048');
		expect(validationMessage(() => metaFormat.parseRequest({}, modelId))).toContain(
			'#: required key [prompt] not found',
		);
	});

	const request = metaFormat.parseRequest(
		{ prompt: documentedPrompt },
		modelId,
	) as GenerationRequest;

	it('renders the response', () => {
		const generation = makeGeneration({ stopReason: 'max_tokens' });
		expect(metaFormat.renderResponse(generation, request)).toEqual({
			generation: generation.text,
			prompt_token_count: 12,
			generation_token_count: 9,
			stop_reason: 'length',
		});
	});

	it('streams chunks whose texts and counts add up', () => {
		const generation = makeGeneration();
		const chunks = metaFormat.renderStreamChunks(generation, request) as Chunk[];
		expect(chunks.map((chunk) => chunk.generation).join('')).toBe(generation.text);
		expect(chunks[0].prompt_token_count).toBe(12);
		expect(chunks.slice(1).every((chunk) => chunk.prompt_token_count === null)).toBe(true);
		expect(chunks.at(-1)).toMatchObject({ generation_token_count: 9, stop_reason: 'stop' });
		expect(chunks.slice(0, -1).every((chunk) => chunk.stop_reason === null)).toBe(true);
	});
});
