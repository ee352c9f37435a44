/**
 * Mistral Large 2407 and newer (chat completion body):
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-mistral-chat-completion.html
 */
import { DEFAULT_PROFILE } from '../tokens/profiles';
import { chatCompletionFamily } from './chatCompletions';
import { MISTRAL_RATIO } from './mistral';

export const mistralChatFamily = chatCompletionFamily({
	id: 'mistralChat',
	displayName: 'Mistral (Chat Completion)',
	modelIdPattern: /^mistral\.(?!mistral-7b|mixtral-8x7b|mistral-small-2402|mistral-large-2402)/,
	// Batch inference: Mistral Large 2 (24.07).
	batchInference: /^mistral\.mistral-large-2407/,
	knobs: {
		maxTokens: { path: 'max_tokens', min: 1, max: 8192 },
		temperature: { path: 'temperature', min: 0, max: 1 },
		topP: { path: 'top_p', min: 0, max: 1 },
	},
	// The chat completion body has no top_k: Converse refuses Top K for these models as Invoke does.
	converse: {},
	// Newer Mistral vocabularies have [INST] and [/INST] as single control tokens.
	estimator: {
		...DEFAULT_PROFILE,
		ratio: MISTRAL_RATIO,
		template: { perRequest: 1, perMessage: 2, systemIsMessage: false },
	},
	prices: {
		'mistral.mistral-large-2407': {
			displayName: 'Mistral Large 2 (24.07)',
			regions: { us: { inputPer1k: 0.002, outputPer1k: 0.006 } },
		},
		'mistral.pixtral-large-2502': {
			displayName: 'Pixtral Large (25.02)',
			regions: { us: { inputPer1k: 0.002, outputPer1k: 0.006 } },
		},
	},
});
