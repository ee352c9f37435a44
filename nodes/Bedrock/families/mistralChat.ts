import type { IDataObject } from 'n8n-workflow';

import type { ModelReply, Usage } from '../types';
import {
	ChatCompletionStreamParser,
	chatStopReasons,
	parseChatCompletion,
} from './chatCompletions';
import { applyKnobs } from './shared';
import type { FamilyRequestInput, ModelFamily, StreamParser } from './types';

const knobs: ModelFamily['knobs'] = {
	maxTokens: { path: 'max_tokens', min: 1, max: 8192 },
	temperature: { path: 'temperature', min: 0, max: 1 },
	topP: { path: 'top_p', min: 0, max: 1 },
};

export function chatMessages(prompt: string, systemPrompt?: string): IDataObject[] {
	const messages: IDataObject[] = [];
	if (systemPrompt) messages.push({ role: 'system', content: systemPrompt });
	messages.push({ role: 'user', content: prompt });
	return messages;
}

function buildRequest({ prompt, systemPrompt, knobs: values }: FamilyRequestInput): IDataObject {
	return applyKnobs({ messages: chatMessages(prompt, systemPrompt) }, knobs, values);
}

/** Mistral Large 2 puts no token counts in the body: they come from the response headers. */
function parseResponse(body: IDataObject, headerUsage?: Partial<Usage>): ModelReply {
	return parseChatCompletion(body, headerUsage);
}

function createStreamParser(): StreamParser {
	return new ChatCompletionStreamParser(parseResponse);
}

export const mistralChatFamily: ModelFamily = {
	id: 'mistralChat',
	displayName: 'Mistral (Chat Completion)',
	kind: 'text',
	modelIdPattern: /^mistral\.(?!mistral-7b|mixtral-8x7b|mistral-small-2402|mistral-large-2402)/,
	knobs,
	fields: [],
	buildRequest,
	parseResponse,
	createStreamParser,
	stopReasons: chatStopReasons,
};
