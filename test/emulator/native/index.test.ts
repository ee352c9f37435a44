import { findNativeFormat, nativeFormats } from '../../../emulator/native';

// Model IDs: https://docs.aws.amazon.com/bedrock/latest/userguide/models-supported.html
describe('findNativeFormat', () => {
	it.each([
		['anthropic.claude-3-5-sonnet-20240620-v1:0', 'anthropic'],
		['us.anthropic.claude-sonnet-4-20250514-v1:0', 'anthropic'],
		['meta.llama3-70b-instruct-v1:0', 'meta'],
		['us.meta.llama4-scout-17b-instruct-v1:0', 'meta'],
		['mistral.mistral-7b-instruct-v0:2', 'mistral'],
		['mistral.mistral-large-2402-v1:0', 'mistral'],
		['mistral.mistral-large-2407-v1:0', 'mistral-chat'],
		['amazon.titan-text-premier-v1:0', 'titan-text'],
		['amazon.nova-pro-v1:0', 'nova'],
		['cohere.command-r-v1:0', 'cohere-command-r'],
		['ai21.jamba-1-5-large-v1:0', 'ai21-jamba'],
		['us.deepseek.r1-v1:0', 'deepseek'],
		['openai.gpt-oss-120b-1:0', 'openai-gpt-oss'],
		['mistral.mistral-large-3-675b-instruct', 'mistral-chat'],
		['mistral.ministral-3-8b-instruct', 'mistral-chat'],
		['qwen.qwen3-32b-v1:0', 'qwen'],
		['qwen.qwen3-coder-30b-a3b-v1:0', 'qwen'],
		['moonshot.kimi-k2-thinking', 'kimi'],
		['moonshotai.kimi-k2.5', 'kimi'],
		['deepseek.v3-v1:0', 'deepseek-v3'],
		['deepseek.v3.2', 'deepseek-v3'],
		['minimax.minimax-m2', 'minimax'],
		['google.gemma-3-27b-it', 'gemma'],
		['us.writer.palmyra-x5-v1:0', 'writer-palmyra'],
		['amazon.titan-embed-text-v2:0', 'titan-embed'],
		['cohere.embed-multilingual-v3', 'cohere-embed'],
	])('%s uses the %s format', (modelId, formatId) => {
		expect(findNativeFormat(modelId)?.id).toBe(formatId);
	});

	it('knows nothing of unsupported models, and each format ID is unique', () => {
		expect(findNativeFormat('stability.sd3-large-v1:0')).toBeUndefined();
		expect(new Set(nativeFormats.map((format) => format.id)).size).toBe(nativeFormats.length);
	});
});
