import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { estimateRequestTokens, estimateTokens } from '../../../../nodes/Bedrock/tokens';
import { heuristicTokens } from '../../../../nodes/Bedrock/tokens/heuristic';

const FIXTURES = join(__dirname, '../../../fixtures/tokens');

interface VectorFile {
	_source: string;
	vectors: Array<{ text: string; tokenIds: number[] }>;
}

function readVectors(name: string): VectorFile {
	return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as VectorFile;
}

const gettysburg = readFileSync(join(FIXTURES, 'gettysburg-address.txt'), 'utf8');
const codeSample = readFileSync(join(FIXTURES, 'code-sample.ts.txt'), 'utf8');

const GPT_OSS_IDS = [
	'openai.gpt-oss-20b-1:0',
	'openai.gpt-oss-120b-1:0',
	'arn:aws:bedrock:us-west-2::foundation-model/openai.gpt-oss-120b-1:0',
];

const LLAMA3_IDS = [
	'meta.llama3-8b-instruct-v1:0',
	'meta.llama3-1-70b-instruct-v1:0',
	'us.meta.llama3-2-11b-instruct-v1:0',
	'us.meta.llama3-3-70b-instruct-v1:0',
	'arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-70b-instruct-v1:0',
];

describe('estimateTokens with a real tokenizer', () => {
	const o200k = readVectors('o200k_base.vectors.json');

	it.each(GPT_OSS_IDS)('counts gpt-oss text as o200k_base does (%s)', (modelId) => {
		for (const vector of o200k.vectors) {
			expect(estimateTokens(vector.text, modelId)).toEqual({
				tokens: vector.tokenIds.length,
				estimator: 'js-tiktoken o200k_base',
			});
		}
	});

	it('counts text that looks like a special token as ordinary text instead of throwing', () => {
		const estimate = estimateTokens('say <|endoftext|> now', 'openai.gpt-oss-20b-1:0');
		expect(estimate.tokens).toBeGreaterThan(3);
	});

	const llama3 = readVectors('llama3.vectors.json');

	it.each(LLAMA3_IDS)('counts Llama 3.x text as the Llama 3 tokenizer does (%s)', (modelId) => {
		for (const vector of llama3.vectors) {
			expect(estimateTokens(vector.text, modelId)).toEqual({
				tokens: vector.tokenIds.length,
				estimator: 'llama3-tokenizer-js',
			});
		}
	});

	it('counts the English and code samples with both tokenizers', () => {
		// Both are byte-level BPEs trained on similar data: within a few tokens of each other.
		const llama = estimateTokens(gettysburg, LLAMA3_IDS[0]).tokens;
		const gptOss = estimateTokens(gettysburg, GPT_OSS_IDS[0]).tokens;
		expect(Math.abs(llama - gptOss)).toBeLessThanOrEqual(5);
		expect(estimateTokens(codeSample, LLAMA3_IDS[0]).tokens).toBeGreaterThan(50);
	});

	it('uses no tokenizer for Llama 4, whose vocabulary differs from Llama 3', () => {
		expect(estimateTokens('hello', 'us.meta.llama4-scout-17b-instruct-v1:0').estimator).toBe(
			'heuristic: 4 chars/token',
		);
	});
});

describe('estimateTokens with the heuristic', () => {
	it.each([
		['anthropic.claude-3-5-haiku-20241022-v1:0', 3.5],
		['global.anthropic.claude-sonnet-4-5-20250929-v1:0', 3.5],
		['amazon.nova-pro-v1:0', 4],
		['amazon.titan-text-express-v1', 4],
		['cohere.command-r-plus-v1:0', 4],
		['ai21.jamba-1-5-large-v1:0', 4],
		['mistral.mistral-7b-instruct-v0:2', 4],
		['mistral.mistral-large-2407-v1:0', 4],
		['deepseek.r1-v1:0', 3.33],
		['some.unknown-model-v1', 4],
	])('%s: ASCII text at %s characters per token, rounded up', (modelId, ratio) => {
		const estimate = estimateTokens(gettysburg, modelId);
		expect(estimate.estimator).toBe(`heuristic: ${ratio} chars/token`);
		const exactRatio = ratio === 3.33 ? 1 / 0.3 : ratio;
		expect(estimate.tokens).toBe(Math.ceil(gettysburg.length / exactRatio));
	});

	it('returns 0 for empty text and at least 1 otherwise', () => {
		expect(estimateTokens('', 'anthropic.claude-3-haiku-20240307-v1:0').tokens).toBe(0);
		expect(estimateTokens('a', 'anthropic.claude-3-haiku-20240307-v1:0').tokens).toBe(1);
	});

	it('counts CJK characters per character and other non-ASCII at twice the ASCII density', () => {
		const ratio = { charsPerToken: 4, tokensPerCjkChar: 1 };
		expect(heuristicTokens('お誕生日おめでとう', ratio)).toBe(9);
		expect(heuristicTokens('éééééééé', ratio)).toBe(4);
		expect(
			heuristicTokens('你好你好你好你好你好', { charsPerToken: 1 / 0.3, tokensPerCjkChar: 0.6 }),
		).toBe(6);
	});

	it('counts an emoji as one character, not two UTF-16 units', () => {
		expect(heuristicTokens('🦙🦙', { charsPerToken: 4, tokensPerCjkChar: 1 })).toBe(1);
	});

	it('overestimates English prose by less than 20% against the real tokenizers', () => {
		const real = estimateTokens(gettysburg, GPT_OSS_IDS[0]).tokens;
		const heuristic = estimateTokens(gettysburg, 'amazon.nova-lite-v1:0').tokens;
		expect(heuristic).toBeGreaterThanOrEqual(real);
		expect(heuristic / real).toBeLessThan(1.2);
	});
});

describe('estimateRequestTokens', () => {
	it('adds the Llama 3 chat template exactly as the tokenizer counts the rendered prompt', () => {
		// The Llama 3 tokenizer parses its special tokens, so the rendered prompt can be counted whole.
		const rendered =
			'<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>' +
			'<|start_header_id|>user<|end_header_id|>\n\nHello world!<|eot_id|>' +
			'<|start_header_id|>assistant<|end_header_id|>\n\nHi there.<|eot_id|>' +
			'<|start_header_id|>user<|end_header_id|>\n\nWhat is a llama?<|eot_id|>' +
			'<|start_header_id|>assistant<|end_header_id|>\n\n';
		const modelId = 'meta.llama3-1-8b-instruct-v1:0';
		const estimate = estimateRequestTokens(
			{
				system: 'Be brief.',
				messages: [
					{ role: 'user', text: 'Hello world!' },
					{ role: 'assistant', text: 'Hi there.' },
					{ role: 'user', text: 'What is a llama?' },
				],
			},
			modelId,
		);
		expect(estimate).toEqual({
			tokens: estimateTokens(rendered, modelId).tokens,
			estimator: 'llama3-tokenizer-js',
		});
	});

	it('counts the harmony template for gpt-oss: built-in system message, developer message, framing', () => {
		const modelId = 'openai.gpt-oss-20b-1:0';
		const bare = estimateRequestTokens({ messages: [{ role: 'user', text: 'Hello' }] }, modelId);
		const withSystem = estimateRequestTokens(
			{ system: 'Answer in French.', messages: [{ role: 'user', text: 'Hello' }] },
			modelId,
		);
		const hello = estimateTokens('Hello', modelId).tokens;
		// 2 to prime the reply, 4 around the built-in system message, 4 around the user message.
		expect(bare.tokens).toBeGreaterThan(10 + hello + 30);
		expect(withSystem.tokens - bare.tokens).toBe(
			estimateTokens('# Instructions\n\nAnswer in French.', modelId).tokens + 4,
		);
	});

	it('uses the generic 3 per message + 3 per reply where the template is not published', () => {
		const estimate = estimateRequestTokens(
			{ system: 'aaaa', messages: [{ role: 'user', text: 'bbbb' }] },
			'amazon.nova-micro-v1:0',
		);
		expect(estimate).toEqual({
			tokens: 3 + (1 + 3) + (1 + 3),
			estimator: 'heuristic: 4 chars/token',
		});
	});

	it('pastes the Mistral system prompt into the first turn instead of a message of its own', () => {
		const estimate = estimateRequestTokens(
			{ system: 'aaaa', messages: [{ role: 'user', text: 'bbbb' }] },
			'mistral.mixtral-8x7b-instruct-v0:1',
		);
		expect(estimate.tokens).toBe(1 + (1 + 1) + (1 + 4));
	});

	it('adds no template tokens for embedding models', () => {
		expect(
			estimateRequestTokens(
				{ messages: [{ role: 'user', text: 'abcdefgh' }] },
				'amazon.titan-embed-text-v2:0',
			).tokens,
		).toBe(2);
	});

	it('counts images at 1,600 tokens each and documents by size and format, and says so', () => {
		const modelId = 'us.anthropic.claude-3-7-sonnet-20250219-v1:0';
		const base = estimateRequestTokens({ messages: [{ role: 'user', text: 'Describe' }] }, modelId);
		const withAttachments = estimateRequestTokens(
			{
				messages: [
					{
						role: 'user',
						text: 'Describe',
						images: 2,
						documents: [
							{ bytes: 700, format: 'txt' },
							{ bytes: 20_000, format: 'pdf' },
						],
					},
				],
			},
			modelId,
		);
		expect(withAttachments.tokens - base.tokens).toBe(2 * 1600 + 200 + 1000);
		expect(withAttachments.estimator).toBe(
			'heuristic: 3.5 chars/token; images and documents: fixed per-item estimates',
		);
	});

	it("adds the tool definitions and Claude's tool-use system prompt", () => {
		const toolsJson = JSON.stringify([{ name: 'get_weather', inputSchema: { type: 'object' } }]);
		const parts = { messages: [{ role: 'user', text: 'Weather?' }] };
		const claude = 'anthropic.claude-sonnet-4-20250514-v1:0';
		const nova = 'amazon.nova-pro-v1:0';
		expect(
			estimateRequestTokens({ ...parts, toolsJson }, claude).tokens -
				estimateRequestTokens(parts, claude).tokens,
		).toBe(estimateTokens(toolsJson, claude).tokens + 346);
		expect(
			estimateRequestTokens({ ...parts, toolsJson }, nova).tokens -
				estimateRequestTokens(parts, nova).tokens,
		).toBe(estimateTokens(toolsJson, nova).tokens);
	});
});
