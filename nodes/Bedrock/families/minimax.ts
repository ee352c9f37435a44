/**
 * MiniMax M2 and M2.1: an OpenAI Chat Completions body on InvokeModel.
 * Models and APIs: https://docs.aws.amazon.com/bedrock/latest/userguide/models-api-compatibility.html
 * Body: https://docs.aws.amazon.com/bedrock/latest/userguide/inference-chat-completions.html
 * MiniMax's temperature range is 0 to 1. M2 thinks before answering and writes its thinking
 * into the text between `<think>` and `</think>`.
 */
import { chatCompletionFamily } from './chatCompletions';

export const minimaxFamily = chatCompletionFamily({
	id: 'minimax',
	displayName: 'MiniMax',
	modelIdPattern: /^minimax\./,
	knobs: {
		maxTokens: { path: 'max_tokens', min: 1 },
		temperature: { path: 'temperature', min: 0, max: 1 },
		topP: { path: 'top_p', min: 0, max: 1 },
	},
	reasoningTag: 'think',
});
