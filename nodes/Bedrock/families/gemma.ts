/**
 * Google Gemma 3 (4B, 12B, 27B): an OpenAI Chat Completions body on InvokeModel.
 * Models and APIs: https://docs.aws.amazon.com/bedrock/latest/userguide/models-api-compatibility.html
 * Body: https://docs.aws.amazon.com/bedrock/latest/userguide/inference-chat-completions.html
 */
import { DEFAULT_PROFILE } from '../tokens/profiles';
import { chatCompletionFamily } from './chatCompletions';

export const gemmaFamily = chatCompletionFamily({
	id: 'gemma',
	displayName: 'Google Gemma',
	modelIdPattern: /^google\.gemma/,
	knobs: {
		maxTokens: { path: 'max_tokens', min: 1 },
		temperature: { path: 'temperature', min: 0, max: 2 },
		topP: { path: 'top_p', min: 0, max: 1 },
		stopSequences: { path: 'stop' },
	},
	// Gemma's template: <bos>, then <start_of_turn>{role}\n{text}<end_of_turn>\n per turn and
	// <start_of_turn>model\n to prime the reply; it has no system role, so the system prompt joins
	// the first user turn (Gemma 3 model card, "Prompt formatting").
	estimator: {
		...DEFAULT_PROFILE,
		template: { perRequest: 4, perMessage: 5, systemIsMessage: false },
	},
});
