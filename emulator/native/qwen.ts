/**
 * Qwen on InvokeModel: an OpenAI Chat Completions body and response.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-cards-qwen.html
 * https://docs.aws.amazon.com/bedrock/latest/userguide/inference-chat-completions.html
 * Qwen3 32B reasons in hybrid thinking mode and returns the reasoning in `reasoning_content`.
 */
import type { NativeFormat } from '../types';
import { openAiChatFormat } from './chat';

export const qwenFormat: NativeFormat = openAiChatFormat({
	id: 'qwen',
	matches: /^qwen\.qwen3/,
	temperatureMax: 2,
	reasoning: { field: 'reasoning_content' },
});
