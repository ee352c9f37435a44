import type { IDataObject } from 'n8n-workflow';

import type { ModelReply, StopReason, Usage } from '../types';
import { toUsage } from '../types';
import {
	applyKnobs,
	asArray,
	asObject,
	asString,
	guardrailIntervened,
	mapStopReason,
	accumulatingStreamParser,
} from './shared';
import { rawPromptField, rawPromptText } from './promptTemplates';
import type { FamilyRequestInput, ModelFamily, StreamParser } from './types';

const stopReasons: Record<string, StopReason> = {
	stop: 'end_turn',
	length: 'max_tokens',
	model_length: 'max_tokens',
};

const knobs: ModelFamily['knobs'] = {
	maxTokens: { path: 'max_tokens', min: 1, max: 8192 },
	temperature: { path: 'temperature', min: 0, max: 1 },
	topP: { path: 'top_p', min: 0, max: 1 },
	topK: { path: 'top_k', min: 1, max: 200 },
	stopSequences: { path: 'stop', maxItems: 10 },
};

/** Mistral's instruction format; a system prompt goes in front of the first instruction. */
export function mistralInstructPrompt(prompt: string, systemPrompt?: string): string {
	const instruction = systemPrompt ? `${systemPrompt}\n\n${prompt}` : prompt;
	return `<s>[INST] ${instruction} [/INST]`;
}

function buildRequest(input: FamilyRequestInput): IDataObject {
	const prompt =
		rawPromptText(input, 'mistralRawPrompt') ??
		mistralInstructPrompt(input.prompt, input.systemPrompt);
	return applyKnobs({ prompt }, knobs, input.knobs);
}

/** The body has no token counts: they come from the X-Amzn-Bedrock-*-Token-Count headers. */
function parseResponse(body: IDataObject, headerUsage?: Partial<Usage>): ModelReply {
	const outputs = asArray(body.outputs).map(asObject);
	return {
		text: outputs.map((output) => asString(output.text)).join(''),
		stopReason: guardrailIntervened(body)
			? 'guardrail_intervened'
			: mapStopReason(stopReasons, outputs[0]?.stop_reason),
		usage: toUsage(headerUsage ?? {}),
	};
}

function createStreamParser(): StreamParser {
	return accumulatingStreamParser(
		{ text: '', stopReason: null as string | null },
		(chunk, state) => {
			const output = asObject(asArray(chunk.outputs)[0]);
			if (typeof output.stop_reason === 'string') state.stopReason = output.stop_reason;
			const delta = asString(output.text);
			state.text += delta;
			return delta;
		},
		(state) => ({ outputs: [{ text: state.text, stop_reason: state.stopReason }] }),
		parseResponse,
	);
}

export const mistralFamily: ModelFamily = {
	id: 'mistral',
	displayName: 'Mistral (Text Completion)',
	kind: 'text',
	modelIdPattern: /^mistral\.(?:mistral-7b|mixtral-8x7b|mistral-small-2402|mistral-large-2402)/,
	knobs,
	fields: [rawPromptField('mistralRawPrompt', 'Mistral', '<s>[INST] … [/INST] instruction format')],
	buildRequest,
	parseResponse,
	createStreamParser,
	stopReasons,
};
