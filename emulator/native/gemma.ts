/**
 * Google Gemma on InvokeModel: an OpenAI Chat Completions body and response.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/models-api-compatibility.html
 * https://docs.aws.amazon.com/bedrock/latest/userguide/inference-chat-completions.html
 * Gemma 3 4B IT, 12B IT and 27B.
 */
import type { NativeFormat } from '../types';
import { openAiChatFormat } from './chat';

export const gemmaFormat: NativeFormat = openAiChatFormat({
	id: 'gemma',
	matches: /^google\.gemma-3/,
	temperatureMax: 2,
});
