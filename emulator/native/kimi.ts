/**
 * Moonshot Kimi on InvokeModel: an OpenAI Chat Completions body and response.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/models-api-compatibility.html
 * https://docs.aws.amazon.com/bedrock/latest/userguide/inference-chat-completions.html
 * Moonshot takes temperatures from 0 to 1; Bedrock takes no `stop` for these models. Kimi K2
 * Thinking always reasons, and writes its reasoning before the answer in `<reasoning>` tags.
 */
import type { NativeFormat } from '../types';
import { openAiChatFormat } from './chat';

export const kimiFormat: NativeFormat = openAiChatFormat({
	id: 'kimi',
	matches: /^moonshot(?:ai)?\.kimi-k2/,
	temperatureMax: 1,
	stopMaxItems: 0,
	reasoning: { tag: 'reasoning' },
	alwaysReasons: /^moonshot(?:ai)?\.kimi-k2-thinking/,
});
