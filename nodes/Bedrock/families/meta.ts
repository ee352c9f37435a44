import type { IDataObject } from 'n8n-workflow';

import type { ModelReply, StopReason, Usage } from '../types';
import { toUsage } from '../types';
import {
	applyKnobs,
	asNumber,
	asString,
	guardrailIntervened,
	invocationMetricsUsage,
	mapStopReason,
	mergeUsage,
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
	let text = '';
	let stopReason: unknown;
	let promptTokens: number | undefined;
	let generationTokens: number | undefined;
	let metrics: Partial<Usage> | undefined;
	let guardrail = false;
	return {
		push(chunk) {
			metrics = invocationMetricsUsage(chunk) ?? metrics;
			guardrail ||= guardrailIntervened(chunk);
			promptTokens = asNumber(chunk.prompt_token_count) ?? promptTokens;
			generationTokens = asNumber(chunk.generation_token_count) ?? generationTokens;
			if (typeof chunk.stop_reason === 'string') stopReason = chunk.stop_reason;
			const delta = asString(chunk.generation);
			text += delta;
			return delta;
		},
		finish() {
			const body: IDataObject = {
				generation: text,
				prompt_token_count: promptTokens ?? null,
				generation_token_count: generationTokens ?? null,
				stop_reason: (stopReason as string) ?? null,
			};
			if (guardrail) body['amazon-bedrock-guardrailAction'] = 'INTERVENED';
			return parseResponse(body, metrics);
		},
	};
}

export const metaFamily: ModelFamily = {
	id: 'meta',
	displayName: 'Meta Llama',
	kind: 'text',
	modelIdPattern: /^meta\.llama/,
	knobs,
	fields: [rawPromptField('metaRawPrompt', 'Llama 3 chat template')],
	buildRequest,
	parseResponse,
	createStreamParser,
	stopReasons,
};
