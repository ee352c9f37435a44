/**
 * DeepSeek V3 on InvokeModel: an OpenAI Chat Completions body and response.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-deepseek.html
 * https://docs.aws.amazon.com/bedrock/latest/userguide/inference-chat-completions.html
 * DeepSeek V3.1 and V3.2; DeepSeek-R1 keeps its prompt-completion body (deepseek.ts). Stop: at
 * most 16 sequences, as on DeepSeek's API; reasoning (thinking mode) in `reasoning_content`.
 */
import type { NativeFormat } from '../types';
import { openAiChatFormat } from './chat';

export const deepseekV3Format: NativeFormat = openAiChatFormat({
	id: 'deepseek-v3',
	matches: /^deepseek\.v3/,
	temperatureMax: 2,
	stopMaxItems: 16,
	reasoning: { field: 'reasoning_content' },
});
