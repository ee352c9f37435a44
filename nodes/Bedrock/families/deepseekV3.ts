/**
 * DeepSeek V3.1 and V3.2: an OpenAI Chat Completions body on InvokeModel (DeepSeek-R1 keeps its
 * prompt-completion body, `deepseek.ts`).
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-deepseek.html
 * https://docs.aws.amazon.com/bedrock/latest/userguide/inference-chat-completions.html
 * In thinking mode the reasoning comes in `reasoning_content`.
 */
import { DEFAULT_PROFILE } from '../tokens/profiles';
import { chatCompletionFamily } from './chatCompletions';
import { DEEPSEEK_RATIO } from './deepseek';

export const deepseekV3Family = chatCompletionFamily({
	id: 'deepseekV3',
	displayName: 'DeepSeek V3',
	modelIdPattern: /^deepseek\.v3/,
	// Batch inference: DeepSeek-V3.1.
	batchInference: /^deepseek\.v3/,
	knobs: {
		maxTokens: { path: 'max_tokens', min: 1 },
		temperature: { path: 'temperature', min: 0, max: 2 },
		topP: { path: 'top_p', min: 0, max: 1 },
		stopSequences: { path: 'stop', maxItems: 16 },
	},
	estimator: { ...DEFAULT_PROFILE, ratio: DEEPSEEK_RATIO },
});
