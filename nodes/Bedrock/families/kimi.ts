/**
 * Moonshot AI Kimi K2 (Kimi K2 Thinking, Kimi K2.5): an OpenAI Chat Completions body on InvokeModel.
 * Models and APIs: https://docs.aws.amazon.com/bedrock/latest/userguide/models-api-compatibility.html
 * Body: https://docs.aws.amazon.com/bedrock/latest/userguide/inference-chat-completions.html
 * Moonshot's temperature range is 0 to 1, and Bedrock takes no stop sequences for these models.
 * Kimi K2 Thinking reasons before every answer: `reasoning_content`, or `<reasoning>` tags in the text.
 */
import { chatCompletionFamily } from './chatCompletions';

export const kimiFamily = chatCompletionFamily({
	id: 'kimi',
	displayName: 'Moonshot Kimi',
	modelIdPattern: /^moonshot(?:ai)?\.kimi/,
	knobs: {
		maxTokens: { path: 'max_tokens', min: 1 },
		temperature: { path: 'temperature', min: 0, max: 1 },
		topP: { path: 'top_p', min: 0, max: 1 },
	},
	reasoningTag: 'reasoning',
});
