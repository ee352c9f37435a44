/**
 * The native InvokeModel body formats, one per model family, following AWS's "Inference request
 * parameters and response fields for foundation models":
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters.html
 */
import type { NativeFormat } from '../types';
import { ai21JambaFormat } from './ai21Jamba';
import { anthropicFormat } from './anthropic';
import { cohereCommandRFormat } from './cohereCommandR';
import { cohereEmbedFormat } from './cohereEmbed';
import { deepSeekFormat } from './deepseek';
import { metaFormat } from './meta';
import { mistralFormat } from './mistral';
import { mistralChatFormat } from './mistralChat';
import { novaFormat } from './nova';
import { openaiGptOssFormat } from './openaiGptOss';
import { qwenFormat } from './qwen';
import { kimiFormat } from './kimi';
import { deepseekV3Format } from './deepseekV3';
import { minimaxFormat } from './minimax';
import { gemmaFormat } from './gemma';
import { writerPalmyraFormat } from './writerPalmyra';
import { titanEmbedFormat } from './titanEmbed';
import { novaEmbedFormat } from './novaEmbed';
import { titanTextFormat } from './titanText';

export const nativeFormats: NativeFormat[] = [
	anthropicFormat,
	metaFormat,
	mistralFormat,
	mistralChatFormat,
	titanTextFormat,
	novaFormat,
	cohereCommandRFormat,
	ai21JambaFormat,
	deepSeekFormat,
	openaiGptOssFormat,
	qwenFormat,
	kimiFormat,
	deepseekV3Format,
	minimaxFormat,
	gemmaFormat,
	writerPalmyraFormat,
	titanEmbedFormat,
	cohereEmbedFormat,
	novaEmbedFormat,
];

/** The native format of a base foundation-model ID (a cross-region prefix such as `us.` is ignored). */
export function findNativeFormat(baseModelId: string): NativeFormat | undefined {
	return nativeFormats.find((format) => format.matches(baseModelId));
}
