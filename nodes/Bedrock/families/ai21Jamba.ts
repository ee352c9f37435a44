/** AI21 Jamba 1.5: https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-jamba.html */
import { chatCompletionFamily } from './chatCompletions';

export const ai21JambaFamily = chatCompletionFamily({
	id: 'ai21Jamba',
	displayName: 'AI21 Jamba',
	modelIdPattern: /^ai21\.jamba/,
	knobs: {
		maxTokens: { path: 'max_tokens', min: 1, max: 4096 },
		temperature: { path: 'temperature', min: 0, max: 2 },
		topP: { path: 'top_p', min: 0, max: 1 },
		stopSequences: { path: 'stop' },
	},
	prices: {
		'ai21.jamba-1-5-large': {
			displayName: 'Jamba 1.5 Large',
			regions: { us: { inputPer1k: 0.002, outputPer1k: 0.008 } },
		},
		'ai21.jamba-1-5-mini': {
			displayName: 'Jamba 1.5 Mini',
			regions: { us: { inputPer1k: 0.0002, outputPer1k: 0.0004 } },
		},
	},
});
