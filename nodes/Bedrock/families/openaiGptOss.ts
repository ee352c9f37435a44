import type { IDataObject } from 'n8n-workflow';

import type { ModelReply, Usage } from '../types';
import {
	ChatCompletionStreamParser,
	chatStopReasons,
	parseChatCompletion,
	chatMessages,
} from './chatCompletions';
import { applyKnobs, asString, splitReasoning, TagFilter } from './shared';
import type { FamilyRequestInput, ModelFamily, StreamParser } from './types';

const knobs: ModelFamily['knobs'] = {
	maxTokens: { path: 'max_completion_tokens', min: 1, max: 128000 },
	temperature: { path: 'temperature', min: 0, max: 2 },
	topP: { path: 'top_p', min: 0, max: 1 },
	stopSequences: { path: 'stop', maxItems: 4 },
};

const REASONING_EFFORTS = ['low', 'medium', 'high'];

function buildRequest({
	prompt,
	systemPrompt,
	knobs: values,
	extra,
}: FamilyRequestInput): IDataObject {
	const body = applyKnobs({ messages: chatMessages(prompt, systemPrompt) }, knobs, values);
	const effort = asString(extra.openaiGptOssReasoningEffort);
	if (REASONING_EFFORTS.includes(effort)) body.reasoning_effort = effort;
	return body;
}

/** Through InvokeModel, gpt-oss puts its reasoning in `<reasoning>` tags before the answer. */
function splitText(text: string, message: IDataObject): { text: string; reasoning?: string } {
	const split = splitReasoning(text, 'reasoning');
	const separate = asString(message.reasoning_content) || asString(message.reasoning);
	const reasoning = [separate, split.reasoning ?? ''].filter(Boolean).join('\n');
	return reasoning ? { text: split.text, reasoning } : { text: split.text };
}

function parseResponse(body: IDataObject, headerUsage?: Partial<Usage>): ModelReply {
	return parseChatCompletion(body, headerUsage, { splitText });
}

function createStreamParser(): StreamParser {
	const filter = new TagFilter('<reasoning>', '</reasoning>');
	return new ChatCompletionStreamParser(parseResponse, (delta) => filter.push(delta));
}

export const openaiGptOssFamily: ModelFamily = {
	id: 'openaiGptOss',
	displayName: 'OpenAI gpt-oss',
	kind: 'text',
	modelIdPattern: /^openai\.gpt-oss/,
	knobs,
	fields: [
		{
			displayName: 'Reasoning Effort',
			name: 'openaiGptOssReasoningEffort',
			type: 'options',
			options: [
				{ name: 'High', value: 'high' },
				{ name: 'Low', value: 'low' },
				{ name: 'Medium', value: 'medium' },
				{ name: 'Model Default', value: 'default' },
			],
			default: 'default',
			description:
				'How much the model reasons before answering. Model Default leaves it out of the body.',
		},
	],
	buildRequest,
	parseResponse,
	createStreamParser,
	stopReasons: chatStopReasons,
};
