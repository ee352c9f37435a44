/**
 * MiniMax on InvokeModel: an OpenAI Chat Completions body and response.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/models-api-compatibility.html
 * https://docs.aws.amazon.com/bedrock/latest/userguide/inference-chat-completions.html
 * MiniMax takes temperatures from 0 to 1. M2 always thinks first and writes its thinking into the
 * answer between `<think>` and `</think>`.
 */
import type { NativeFormat } from '../types';
import { openAiChatFormat } from './chat';

export const minimaxFormat: NativeFormat = openAiChatFormat({
	id: 'minimax',
	matches: /^minimax\.minimax-m2/,
	temperatureMax: 1,
	stopMaxItems: 0,
	reasoning: { tag: 'think' },
	alwaysReasons: /^minimax\./,
});
