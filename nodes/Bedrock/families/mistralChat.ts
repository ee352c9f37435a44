/**
 * Mistral Large 2407 and newer (chat completion body):
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-mistral-chat-completion.html
 */
import { chatCompletionFamily } from './chatCompletions';

export const mistralChatFamily = chatCompletionFamily({
	id: 'mistralChat',
	displayName: 'Mistral (Chat Completion)',
	modelIdPattern: /^mistral\.(?!mistral-7b|mixtral-8x7b|mistral-small-2402|mistral-large-2402)/,
	knobs: {
		maxTokens: { path: 'max_tokens', min: 1, max: 8192 },
		temperature: { path: 'temperature', min: 0, max: 1 },
		topP: { path: 'top_p', min: 0, max: 1 },
	},
});
