/**
 * Writer Palmyra X4 and X5: a chat body of `messages` on InvokeModel, answered in the OpenAI
 * chat-completion shape.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-writer-palmyra.html
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-palmyra-x5.html
 */
import { chatCompletionFamily } from './chatCompletions';

export const writerPalmyraFamily = chatCompletionFamily({
	id: 'writerPalmyra',
	displayName: 'Writer Palmyra',
	modelIdPattern: /^writer\.palmyra/,
	knobs: {
		maxTokens: { path: 'max_tokens', min: 1, max: 8192 },
		temperature: { path: 'temperature', min: 0, max: 2 },
		topP: { path: 'top_p', min: 0, max: 1 },
		stopSequences: { path: 'stop', maxItems: 4 },
	},
});
