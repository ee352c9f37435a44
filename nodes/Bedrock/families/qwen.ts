/**
 * Qwen3 (Alibaba Cloud): an OpenAI Chat Completions body on InvokeModel.
 * Models: https://docs.aws.amazon.com/bedrock/latest/userguide/model-cards-qwen.html
 * Body: https://docs.aws.amazon.com/bedrock/latest/userguide/inference-chat-completions.html
 * Qwen3's hybrid thinking models return their reasoning in `reasoning_content`.
 */
import { DEFAULT_PROFILE } from '../tokens/profiles';
import { chatCompletionFamily } from './chatCompletions';

export const qwenFamily = chatCompletionFamily({
	id: 'qwen',
	displayName: 'Qwen',
	modelIdPattern: /^qwen\./,
	// Batch inference: Qwen3 32B, 235B, Coder 30B and Coder 480B.
	batchInference: /^qwen\.qwen3-(?:32b|235b|coder-30b|coder-480b)/,
	knobs: {
		maxTokens: { path: 'max_tokens', min: 1 },
		temperature: { path: 'temperature', min: 0, max: 2 },
		topP: { path: 'top_p', min: 0, max: 1 },
		stopSequences: { path: 'stop' },
	},
	// Qwen's ChatML template: <|im_start|>{role}\n{text}<|im_end|>\n around each message, the reply
	// primed with <|im_start|>assistant\n (the chat template of Qwen3's tokenizer_config.json).
	estimator: {
		...DEFAULT_PROFILE,
		template: { perRequest: 3, perMessage: 5, systemIsMessage: true },
	},
});
