import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import {
	DEFAULT_CONCURRENCY,
	DEFAULT_MAX_ATTEMPTS,
	DEFAULT_MAX_RETRY_TIME_MS,
	MAX_CONCURRENCY,
} from '../transport/limits';
import { families, modelIdRegexSource } from '../families/registry';
import type { ModelFamily } from '../families/types';

export const modelField: INodeProperties = {
	displayName: 'Model',
	name: 'model',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description:
		'The foundation model or inference profile to call. Newer models are only served through an inference profile (IDs starting with us., eu., apac. or global.).',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchModels', searchable: true },
		},
		{
			displayName: 'ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. us.anthropic.claude-3-5-haiku-20241022-v1:0',
			hint: 'A model ID, an inference profile ID, or an ARN (foundation model, inference profile, provisioned or imported model)',
		},
	],
};

/** Options every operation has: how the batch runs and how requests are sent. */
export const batchOptions: INodeProperties[] = [
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
		default: DEFAULT_CONCURRENCY,
		description:
			'How many items are sent to Bedrock at once. Outputs keep the input order. Lower it if Bedrock throttles the account.',
	},
	{
		displayName: 'Max Attempts',
		name: 'maxAttempts',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 20 },
		default: DEFAULT_MAX_ATTEMPTS,
		description:
			'How many times an item is tried in all when Bedrock has a temporary error or drops the connection. Throttled attempts do not count: Max Retry Time bounds them.',
	},
	{
		displayName: 'Max Batch Tokens',
		name: 'maxBatchTokens',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'Stop sending items once the batch has used this many tokens (input and output); the items not sent fail with a clear message. 0 means no cap.',
	},
	{
		displayName: 'Max Retry Time (Milliseconds)',
		name: 'maxRetryTimeMs',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: DEFAULT_MAX_RETRY_TIME_MS,
		description: 'No retry of an item starts once this long has passed since its first attempt',
	},
	{
		displayName: 'Retry Mode',
		name: 'retryMode',
		type: 'options',
		options: [
			{
				name: 'Adapt Concurrency (AIMD)',
				value: 'aimd',
				description:
					'The node retries with jittered backoff, halves its concurrency when throttled and raises it again as calls succeed',
			},
			{
				name: 'SDK Standard',
				value: 'standard',
				description: 'The AWS SDK retries each request with exponential backoff and jitter',
			},
			{
				name: 'SDK Adaptive',
				value: 'adaptive',
				description: 'The AWS SDK retries and rate-limits each client from the throttling it sees',
			},
		],
		default: 'aimd',
	},
	{
		displayName: 'Request Timeout (Milliseconds)',
		name: 'requestTimeoutMs',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'How long a request may wait for Bedrock’s next bytes before it fails and is retried; 0 waits as long as Bedrock does',
	},
	{
		displayName: 'HTTP Version',
		name: 'httpVersion',
		type: 'options',
		options: [
			{ name: 'HTTP/2', value: 'http2', description: 'One shared connection for the whole batch' },
			{
				name: 'HTTP/1.1',
				value: 'http1',
				description: 'For proxies and endpoints that do not speak HTTP/2',
			},
		],
		default: 'http2',
	},
];

/**
 * The Converse inference, reasoning, caching, guardrail and latency options, shared by the Converse
 * operation and the chat model so that a value means the same in both nodes. Each node picks the
 * fields it offers, in its own order; `withDescription` gives a field a node-specific text.
 */
export const converseModelOptions = {
	additionalModelRequestFields: {
		displayName: 'Additional Model Request Fields',
		name: 'additionalModelRequestFields',
		type: 'json',
		default: '{}',
		description:
			'Model-specific request fields as JSON, sent as additionalModelRequestFields; they override the ones the node sets',
	},
	guardrailIdentifier: {
		displayName: 'Guardrail Identifier',
		name: 'guardrailIdentifier',
		type: 'string',
		default: '',
		placeholder: 'e.g. gr-abc123xyz or its ARN',
		description: 'ID or ARN of a Bedrock guardrail to apply',
	},
	guardrailTrace: {
		displayName: 'Guardrail Trace',
		name: 'guardrailTrace',
		type: 'options',
		options: [
			{ name: 'Disabled', value: 'disabled' },
			{ name: 'Enabled', value: 'enabled' },
			{ name: 'Enabled (Full)', value: 'enabled_full' },
		],
		default: 'disabled',
		description: 'Whether Bedrock returns the guardrail’s trace',
	},
	guardrailVersion: {
		displayName: 'Guardrail Version',
		name: 'guardrailVersion',
		type: 'string',
		default: 'DRAFT',
		description: 'Version of the guardrail, or DRAFT',
	},
	latency: {
		displayName: 'Latency',
		name: 'latency',
		type: 'options',
		options: [
			{ name: 'Standard', value: 'standard' },
			{
				name: 'Optimized',
				value: 'optimized',
				description: 'Latency-optimized inference, for the models and regions that offer it',
			},
		],
		default: 'standard',
		description: 'Which inference latency profile to use',
	},
	maxTokens: {
		displayName: 'Max Tokens',
		name: 'maxTokens',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1024,
		description: 'The most tokens the reply may have',
	},
	promptCaching: {
		displayName: 'Prompt Caching',
		name: 'promptCaching',
		type: 'boolean',
		default: false,
		description:
			'Whether to mark the system prompt, tools, conversation history and attachments for Bedrock’s prompt cache (Claude and Nova models; prefixes need a model-specific minimum of tokens)',
	},
	reasoningBudget: {
		displayName: 'Reasoning Budget',
		name: 'reasoningBudget',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'Tokens Claude may spend thinking before it answers (extended thinking, at least 1024; 0 is off). Added on top of Max Tokens.',
	},
	reasoningEffort: {
		displayName: 'Reasoning Effort',
		name: 'reasoningEffort',
		type: 'options',
		options: [
			{ name: 'Low', value: 'low' },
			{ name: 'Medium', value: 'medium' },
			{ name: 'High', value: 'high' },
		],
		default: 'low',
		description: 'How hard Amazon Nova 2 and OpenAI models reason before answering',
	},
	stopSequences: {
		displayName: 'Stop Sequences',
		name: 'stopSequences',
		type: 'string',
		default: '',
		placeholder: 'e.g. END, \\n\\nHuman:',
		description: 'Comma-separated texts that end the reply when the model writes them',
	},
	temperature: {
		displayName: 'Temperature',
		name: 'temperature',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		default: 0.7,
		description: 'Randomness of the reply: lower is more focused, higher more varied',
	},
	topP: {
		displayName: 'Top P',
		name: 'topP',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		default: 1,
		description: 'Sample only from the most likely tokens whose probabilities add up to P',
	},
} satisfies Record<string, INodeProperties>;

/** A shared field with the description one node gives it; name, type and default stay shared. */
export function withDescription(field: INodeProperties, description: string): INodeProperties {
	return { ...field, description };
}

/**
 * What a Converse request is made of (prompt or messages, attachments, tools): the Converse
 * operation sends it, Count Tokens counts it. Each operation adds its own display rules.
 */
export const converseInputFields: INodeProperties[] = [
	{
		displayName: 'Input Mode',
		name: 'inputMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Prompt',
				value: 'prompt',
				description: 'A user message and an optional system prompt',
			},
			{
				name: 'Messages',
				value: 'messages',
				description:
					'A whole conversation from the item, e.g. the messages output of a previous Converse node',
			},
		],
		default: 'prompt',
	},
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. Summarise this text: {{ $json.text }}',
		description: 'The user message, usually an expression over the item',
		displayOptions: { show: { inputMode: ['prompt'] } },
	},
	{
		displayName: 'System Prompt',
		name: 'systemPrompt',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. You are a concise assistant. Answer in English.',
		description: 'Instructions that set how the model behaves, sent as the system prompt',
		displayOptions: { show: { inputMode: ['prompt'] } },
	},
	{
		displayName: 'Messages',
		name: 'messages',
		type: 'json',
		default: '[]',
		required: true,
		placeholder: '={{ $json.messages }}',
		description:
			'The conversation as an array of {role, content}: content is text or Converse content blocks. A leading system message becomes the system prompt. OpenAI-style chat messages (image_url parts, tool_calls, tool messages) are accepted as they are.',
		hint: 'To continue the conversation of a previous Converse node, use ={{ $json.messages }}',
		displayOptions: { show: { inputMode: ['messages'] } },
	},
	{
		displayName: 'Follow-Up Prompt',
		name: 'followUpPrompt',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'e.g. Now translate your answer into French',
		description:
			'Optional user message added at the end of the conversation, e.g. the next question after a previous reply',
		displayOptions: { show: { inputMode: ['messages'] } },
	},
	{
		displayName: 'Attachments',
		name: 'attachments',
		type: 'string',
		default: '',
		placeholder: 'e.g. data, invoice',
		description:
			'Comma-separated names of binary properties of the item to send with the last user message. Images: PNG, JPEG, GIF, WebP (at most 3.75 MB each, 20 per message). Documents: PDF, CSV, DOC, DOCX, XLS, XLSX, HTML, TXT, MD (at most 4.5 MB each, 5 per message).',
	},
	{
		displayName: 'Tools',
		name: 'tools',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Tool',
		description:
			'Tools the model may call. Its calls come out as toolCalls; send the results back as tool messages in the conversation.',
		options: [
			{
				displayName: 'Tool',
				name: 'tool',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						required: true,
						placeholder: 'e.g. get_weather',
						description: 'Letters, digits, underscores and hyphens, up to 64 characters',
					},
					{
						displayName: 'Description',
						name: 'description',
						type: 'string',
						default: '',
						placeholder: 'e.g. Gets the current weather for a city',
						description: 'What the tool does and when to use it; the model reads this',
					},
					{
						displayName: 'Input Schema',
						name: 'inputSchema',
						type: 'json',
						default:
							'{\n  "type": "object",\n  "properties": {\n    "city": { "type": "string" }\n  },\n  "required": ["city"]\n}',
						description: 'JSON Schema of the tool’s input',
					},
				],
			},
		],
	},
	{
		displayName: 'Tool Choice',
		name: 'toolChoice',
		type: 'options',
		options: [
			{ name: 'Auto', value: 'auto', description: 'The model decides whether to call a tool' },
			{ name: 'Any', value: 'any', description: 'The model must call one of the tools' },
			{ name: 'Specific Tool', value: 'tool', description: 'The model must call the named tool' },
		],
		default: 'auto',
		description: 'Whether and which tool the model must call, when tools are defined',
	},
	{
		displayName: 'Tool Name',
		name: 'toolName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. get_weather',
		description: 'The tool the model must call',
		displayOptions: { show: { toolChoice: ['tool'] } },
	},
];

const familyOptions: INodePropertyOptions[] = [
	{
		name: 'Auto-Detect From Model',
		value: 'auto',
		description: 'Tell the family from the model ID, inference profile ID or ARN',
	},
	...families
		.map((family) => ({ name: family.displayName, value: family.id }))
		.sort((a, b) => a.name.localeCompare(b.name)),
];

/**
 * A family's own fields show when that family is picked, or when the family is auto-detected and
 * the model ID is one of that family's. n8n's display conditions cannot say "or" across two
 * parameters, so each field is listed twice with conditions that exclude each other.
 */
function familyFieldsFor(family: ModelFamily): INodeProperties[] {
	const regex = modelIdRegexSource(family);
	return family.fields.flatMap((field) => [
		{
			...field,
			displayOptions: {
				show: { bodySource: ['form'], family: ['auto'], model: [{ _cnd: { regex } }] },
			},
		},
		{ ...field, displayOptions: { show: { bodySource: ['form'], family: [family.id] } } },
	]);
}

/**
 * What an Invoke Model body is made of (the family, a form or a raw JSON body): Invoke Model sends
 * it, Count Tokens counts it, a batch job writes it as a record. Each operation adds its own
 * display rules; n8n evaluates display rules against defaults of hidden parameters too, so each
 * operation lists the fields with rules that exclude the others'.
 */
export const invokeInputFields: INodeProperties[] = [
	{
		displayName: 'Model Family',
		name: 'family',
		type: 'options',
		options: familyOptions,
		default: 'auto',
		description:
			'Which request format the model speaks. Auto-detect works for model IDs, inference profile IDs and foundation-model ARNs; pick the family for application inference profiles, provisioned, custom or imported models.',
	},
	{
		displayName: 'Body Source',
		name: 'bodySource',
		type: 'options',
		options: [
			{
				name: 'Form',
				value: 'form',
				description: 'Build the model’s native body from a prompt and the family’s settings',
			},
			{ name: 'JSON', value: 'json', description: 'Send a raw JSON body as it is' },
		],
		default: 'form',
	},
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.text }}',
		description: 'The user message, usually an expression over the incoming item',
		displayOptions: { show: { bodySource: ['form'] } },
	},
	{
		displayName: 'System Prompt',
		name: 'systemPrompt',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'e.g. You are a concise assistant.',
		description:
			'Instructions for the model; families without a system field get it in their prompt template',
		displayOptions: { show: { bodySource: ['form'] } },
	},
	{
		displayName: 'Body',
		name: 'body',
		type: 'json',
		default:
			'{\n  "anthropic_version": "bedrock-2023-05-31",\n  "max_tokens": 1024,\n  "messages": [{ "role": "user", "content": "Hello" }]\n}',
		required: true,
		description: 'The model’s native InvokeModel request body',
		displayOptions: { show: { bodySource: ['json'] } },
	},
	...families.flatMap(familyFieldsFor),
];

/** Same two-way condition for a common knob: shown only for families that have it. */
function knobOption(knob: keyof ModelFamily['knobs'], option: INodeProperties): INodeProperties[] {
	const having = families.filter((family) => family.knobs[knob]);
	if (having.length === 0) return [];
	const regex = having.map((family) => `(?:${modelIdRegexSource(family)})`).join('|');
	return [
		{
			...option,
			displayOptions: { show: { '/family': ['auto'], '/model': [{ _cnd: { regex } }] } },
		},
		{ ...option, displayOptions: { show: { '/family': having.map((family) => family.id) } } },
		// Before a model is chosen the family is unknown: every knob is offered.
		{ ...option, displayOptions: { show: { '/family': ['auto'], '/model': [''] } } },
	];
}

/**
 * The common knobs of an Invoke Model body (Max Tokens, Temperature, Top P, Top K, Stop Sequences),
 * each shown only for the families that have it: Invoke Model's and the batch job's Options.
 */
export const invokeKnobOptions: INodeProperties[] = [
	...knobOption('maxTokens', {
		displayName: 'Max Tokens',
		name: 'maxTokens',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1024,
		description: 'The most tokens the reply may have (each family’s own name and limit apply)',
	}),
	...knobOption('temperature', {
		displayName: 'Temperature',
		name: 'temperature',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 2, numberPrecision: 2 },
		default: 0.7,
		description: 'Randomness of the reply: lower is more focused',
	}),
	...knobOption('topP', {
		displayName: 'Top P',
		name: 'topP',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		default: 0.9,
		description: 'Nucleus sampling: the share of probability mass the next token is drawn from',
	}),
	...knobOption('topK', {
		displayName: 'Top K',
		name: 'topK',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 50,
		description: 'Sample the next token from this many most likely tokens',
	}),
	...knobOption('stopSequences', {
		displayName: 'Stop Sequences',
		name: 'stopSequences',
		type: 'string',
		default: '',
		placeholder: 'e.g. ###, END',
		description: 'Comma-separated sequences that end the reply when the model writes them',
	}),
];
