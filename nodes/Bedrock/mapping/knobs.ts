import type { IDataObject } from 'n8n-workflow';

import type { InferenceKnobs } from '../types';
import { numberField, parseStopSequences } from './fields';

/** The common knobs (`maxTokens`, `temperature`, `topP`, `topK`, `stopSequences`) of an options collection. */
export function readKnobs(options: IDataObject): InferenceKnobs {
	const knobs: InferenceKnobs = {};
	const maxTokens = numberField(options.maxTokens);
	if (maxTokens !== undefined) knobs.maxTokens = maxTokens;
	const temperature = numberField(options.temperature);
	if (temperature !== undefined) knobs.temperature = temperature;
	const topP = numberField(options.topP);
	if (topP !== undefined) knobs.topP = topP;
	const topK = numberField(options.topK);
	if (topK !== undefined) knobs.topK = topK;
	const stopSequences = parseStopSequences(options.stopSequences);
	if (stopSequences) knobs.stopSequences = stopSequences;
	return knobs;
}
