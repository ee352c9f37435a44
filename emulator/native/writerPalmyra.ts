/**
 * Writer Palmyra on InvokeModel: an OpenAI Chat Completions body and response.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-palmyra-x5.html
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-writer-palmyra.html
 * Writer Palmyra X4 and X5: `max_tokens` 1 to 8192, `temperature` 0 to 2, at most 4 stop sequences,
 * `min_tokens`; the documented example gives message content as `{ "text": ... }`.
 */
import type { NativeFormat } from '../types';
import { openAiChatFormat } from './chat';

export const writerPalmyraFormat: NativeFormat = openAiChatFormat({
	id: 'writer-palmyra',
	matches: /^writer\.palmyra-x[45]/,
	maxTokens: 8192,
	temperatureMax: 2,
	stopMaxItems: 4,
	extraProperties: { min_tokens: { type: 'integer', minimum: 0 } },
});
