import type { IDataObject } from 'n8n-workflow';

import type { ModelReply, Usage } from '../types';
import {
	ChatCompletionStreamParser,
	chatStopReasons,
	parseChatCompletion,
} from './chatCompletions';
import { chatMessages } from './mistralChat';
import { applyKnobs } from './shared';
import type { FamilyRequestInput, ModelFamily, StreamParser } from './types';

const knobs: ModelFamily['knobs'] = {
	maxTokens: { path: 'max_tokens', min: 1, max: 4096 },
	temperature: { path: 'temperature', min: 0, max: 2 },
	topP: { path: 'top_p', min: 0, max: 1 },
	stopSequences: { path: 'stop' },
};

function buildRequest({ prompt, systemPrompt, knobs: values }: FamilyRequestInput): IDataObject {
	return applyKnobs({ messages: chatMessages(prompt, systemPrompt) }, knobs, values);
}

function parseResponse(body: IDataObject, headerUsage?: Partial<Usage>): ModelReply {
	return parseChatCompletion(body, headerUsage);
}

function createStreamParser(): StreamParser {
	return new ChatCompletionStreamParser(parseResponse);
}

export const ai21JambaFamily: ModelFamily = {
	id: 'ai21Jamba',
	displayName: 'AI21 Jamba',
	kind: 'text',
	modelIdPattern: /^ai21\.jamba/,
	knobs,
	fields: [],
	buildRequest,
	parseResponse,
	createStreamParser,
	stopReasons: chatStopReasons,
};
