import type { IDataObject } from 'n8n-workflow';

import type { ModelReply, StopReason, Usage } from '../types';
import { toUsage } from '../types';
import {
	applyKnobs,
	asNumber,
	asString,
	guardrailIntervened,
	mapStopReason,
	mergeUsage,
	accumulatingStreamParser,
} from './shared';
import { rawPromptField, rawPromptText } from './promptTemplates';
import type { FamilyRequestInput, ModelFamily, StreamParser } from './types';

const stopReasons: Record<string, StopReason> = {
	stop: 'end_turn',
	length: 'max_tokens',
};

const knobs: ModelFamily['knobs'] = {
	maxTokens: { path: 'max_gen_len', min: 1, max: 2048 },
	temperature: { path: 'temperature', min: 0, max: 1 },
	topP: { path: 'top_p', min: 0, max: 1 },
};

/** Llama 3's chat template, as in AWS's Meta Llama request examples. */
export function llama3Prompt(prompt: string, systemPrompt?: string): string {
	const system = systemPrompt
		? `<|start_header_id|>system<|end_header_id|>\n\n${systemPrompt}<|eot_id|>`
		: '';
	return (
		`<|begin_of_text|>${system}` +
		`<|start_header_id|>user<|end_header_id|>\n\n${prompt}<|eot_id|>` +
		'<|start_header_id|>assistant<|end_header_id|>\n\n'
	);
}

function buildRequest(input: FamilyRequestInput): IDataObject {
	const prompt =
		rawPromptText(input, 'metaRawPrompt') ?? llama3Prompt(input.prompt, input.systemPrompt);
	return applyKnobs({ prompt }, knobs, input.knobs);
}

function bodyUsage(body: IDataObject): Partial<Usage> {
	return {
		inputTokens: asNumber(body.prompt_token_count),
		outputTokens: asNumber(body.generation_token_count),
	};
}

function parseResponse(body: IDataObject, headerUsage?: Partial<Usage>): ModelReply {
	return {
		text: asString(body.generation),
		stopReason: guardrailIntervened(body)
			? 'guardrail_intervened'
			: mapStopReason(stopReasons, body.stop_reason),
		usage: toUsage(mergeUsage(bodyUsage(body), headerUsage)),
	};
}

/** Each chunk is `{generation, prompt_token_count, generation_token_count, stop_reason}`. */
function createStreamParser(): StreamParser {
	return accumulatingStreamParser(
		{
			text: '',
			stopReason: null as string | null,
			promptTokens: null as number | null,
			generationTokens: null as number | null,
		},
		(chunk, state) => {
			state.promptTokens = asNumber(chunk.prompt_token_count) ?? state.promptTokens;
			state.generationTokens = asNumber(chunk.generation_token_count) ?? state.generationTokens;
			if (typeof chunk.stop_reason === 'string') state.stopReason = chunk.stop_reason;
			const delta = asString(chunk.generation);
			state.text += delta;
			return delta;
		},
		(state) => ({
			generation: state.text,
			prompt_token_count: state.promptTokens,
			generation_token_count: state.generationTokens,
			stop_reason: state.stopReason,
		}),
		parseResponse,
	);
}

export const metaFamily: ModelFamily = {
	id: 'meta',
	displayName: 'Meta Llama',
	kind: 'text',
	modelIdPattern: /^meta\.llama/,
	knobs,
	fields: [rawPromptField('metaRawPrompt', 'Llama', 'Llama 3 chat template')],
	buildRequest,
	parseResponse,
	createStreamParser,
	stopReasons,
};
