import type {
	ConverseCommandInput,
	ConverseCommandOutput,
	ConverseStreamCommandInput,
} from '@aws-sdk/client-bedrock-runtime';
import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { ConverseRequest } from '../../mapping/converseRequest';
import { buildConverseRequest } from '../../mapping/converseRequest';
import type { ConverseReply } from '../../mapping/converseResponse';
import { normaliseConverseResponse, rawOutput } from '../../mapping/converseResponse';
import type { AggregatedConverseResponse } from '../../mapping/converseStream';
import { ConverseStreamAggregator } from '../../mapping/converseStream';
import { conversationToJson } from '../../mapping/messages';
import type { NormalisedOutput } from '../../types';
import { callBedrock } from '../../transport/request';
import { batchOptions } from '../descriptions';
import {
	costOfUsage,
	includeCostOption,
	priceOptionsWithIncludeCost,
	priceOverrideOf,
} from '../../mapping/cost';
import type { OperationContext } from '../types';
import { loadRuntimeSdk } from '../../transport/sdk';
import { forwardStream } from '../../transport/streaming';

export { buildConverseRequest };
export type { ConverseRequest };

/** Input fields shared with Count Tokens (hidden there when it counts a native Invoke body). */
const inputDisplay = (show: IDataObject = {}) => ({
	show: { operation: ['converse', 'countTokens'], ...show },
	hide: { inputFormat: ['invoke'] },
});

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
		displayOptions: inputDisplay(),
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
		displayOptions: inputDisplay({ inputMode: ['prompt'] }),
	},
	{
		displayName: 'System Prompt',
		name: 'systemPrompt',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. You are a concise assistant. Answer in English.',
		description: 'Instructions that set how the model behaves, sent as the system prompt',
		displayOptions: inputDisplay({ inputMode: ['prompt'] }),
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
		displayOptions: inputDisplay({ inputMode: ['messages'] }),
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
		displayOptions: inputDisplay({ inputMode: ['messages'] }),
	},
	{
		displayName: 'Attachments',
		name: 'attachments',
		type: 'string',
		default: '',
		placeholder: 'e.g. data, invoice',
		description:
			'Comma-separated names of binary properties of the item to send with the last user message. Images: PNG, JPEG, GIF, WebP (at most 3.75 MB each, 20 per message). Documents: PDF, CSV, DOC, DOCX, XLS, XLSX, HTML, TXT, MD (at most 4.5 MB each, 5 per message).',
		displayOptions: inputDisplay(),
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
		displayOptions: inputDisplay(),
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
		displayOptions: inputDisplay(),
	},
	{
		displayName: 'Tool Name',
		name: 'toolName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. get_weather',
		description: 'The tool the model must call',
		displayOptions: inputDisplay({ toolChoice: ['tool'] }),
	},
];

export const converseOptionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { operation: ['converse'] } },
	options: [
		{
			displayName: 'Additional Model Request Fields',
			name: 'additionalModelRequestFields',
			type: 'json',
			default: '{}',
			description:
				'Model-specific request fields as JSON, sent as additionalModelRequestFields; they override the ones the node sets',
		},
		{
			displayName: 'Guardrail Identifier',
			name: 'guardrailIdentifier',
			type: 'string',
			default: '',
			placeholder: 'e.g. gr-abc123xyz or its ARN',
			description: 'ID or ARN of a Bedrock guardrail to apply',
		},
		{
			displayName: 'Guardrail Trace',
			name: 'guardrailTrace',
			type: 'options',
			options: [
				{ name: 'Disabled', value: 'disabled' },
				{ name: 'Enabled', value: 'enabled' },
				{ name: 'Enabled (Full)', value: 'enabled_full' },
			],
			default: 'disabled',
			description: 'Whether the guardrail’s trace is returned (see it with Include Raw Response)',
		},
		{
			displayName: 'Guardrail Version',
			name: 'guardrailVersion',
			type: 'string',
			default: 'DRAFT',
			description: 'Version of the guardrail, or DRAFT',
		},
		{
			displayName: 'Include Raw Response',
			name: 'includeRaw',
			type: 'boolean',
			default: false,
			description: 'Whether to add Bedrock’s response as raw',
		},
		{
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
		{
			displayName: 'Max Tokens',
			name: 'maxTokens',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1024,
			description: 'The most tokens the reply may have',
		},
		{
			displayName: 'Prompt Caching',
			name: 'promptCaching',
			type: 'boolean',
			default: false,
			description:
				'Whether to mark the system prompt, tools, conversation history and attachments for Bedrock’s prompt cache (Claude and Nova models; prefixes need a model-specific minimum of tokens)',
		},
		{
			displayName: 'Reasoning Budget',
			name: 'reasoningBudget',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'Tokens Claude may spend thinking before it answers (extended thinking, at least 1024; 0 is off). Added on top of Max Tokens.',
		},
		{
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
		{
			displayName: 'Stop Sequences',
			name: 'stopSequences',
			type: 'string',
			default: '',
			placeholder: 'e.g. END, \\n\\nHuman:',
			description: 'Comma-separated texts that end the reply when the model writes them',
		},
		{
			displayName: 'Stream',
			name: 'stream',
			type: 'boolean',
			default: false,
			description:
				'Whether to use the streaming API; the output is the same, and text is sent as it arrives when the workflow streams its response',
		},
		{
			displayName: 'Temperature',
			name: 'temperature',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 0.7,
			description: 'Randomness of the reply: lower is more focused, higher more varied',
		},
		{
			displayName: 'Top K',
			name: 'topK',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'Sample only from the K most likely next tokens; sent in the model’s own request field (0 is off)',
		},
		{
			displayName: 'Top P',
			name: 'topP',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 1,
			description: 'Sample only from the most likely tokens whose probabilities add up to P',
		},
		includeCostOption,
		...priceOptionsWithIncludeCost,
		...batchOptions,
	],
};

export const description: INodeProperties[] = [...converseInputFields, converseOptionsField];

interface CallResult {
	response: ConverseCommandOutput | AggregatedConverseResponse;
	latencyMs: number;
	timeToFirstTokenMs?: number;
}

async function converse(
	context: OperationContext,
	itemIndex: number,
	request: ConverseRequest,
): Promise<CallResult> {
	const client = await context.clients.runtime(request.region);
	const { ConverseCommand } = await loadRuntimeSdk();
	const started = performance.now();
	const response = await callBedrock(
		context.fn.getNode(),
		itemIndex,
		{ modelId: request.modelId, region: request.region, secrets: context.secrets },
		() => client.send(new ConverseCommand(request.input), { abortSignal: context.signal }),
	);
	return { response, latencyMs: Math.round(performance.now() - started) };
}

async function converseStream(
	context: OperationContext,
	itemIndex: number,
	request: ConverseRequest,
): Promise<CallResult> {
	const client = await context.clients.runtime(request.region);
	const { ConverseStreamCommand } = await loadRuntimeSdk();
	const aggregator = new ConverseStreamAggregator();
	const started = performance.now();
	// An exception event mid-stream is thrown while iterating: the whole call is wrapped.
	const { timeToFirstTokenMs } = await callBedrock(
		context.fn.getNode(),
		itemIndex,
		{ modelId: request.modelId, region: request.region, secrets: context.secrets },
		async () => {
			const output = await client.send(
				new ConverseStreamCommand(request.input as ConverseStreamCommandInput),
				{ abortSignal: context.signal },
			);
			return await forwardStream(
				context.chunks,
				itemIndex,
				output.stream,
				(event) => aggregator.push(event),
				started,
			);
		},
	);
	return {
		response: aggregator.finish(),
		latencyMs: Math.round(performance.now() - started),
		timeToFirstTokenMs,
	};
}

/** The contract's output item for one Converse reply. */
export function toConverseOutput(
	input: ConverseCommandInput,
	reply: ConverseReply,
	call: { modelId: string; latencyMs: number; timeToFirstTokenMs?: number },
): NormalisedOutput {
	const output: NormalisedOutput = {
		text: reply.text,
		stopReason: reply.stopReason,
		usage: { ...reply.usage },
		modelId: call.modelId,
		latencyMs: call.latencyMs,
	};
	if (reply.stopReasonDetail) output.stopReasonDetail = reply.stopReasonDetail;
	if (reply.reasoning !== undefined) output.reasoning = reply.reasoning;
	if (reply.toolCalls) output.toolCalls = reply.toolCalls.map((call) => ({ ...call }));
	if (call.timeToFirstTokenMs !== undefined) output.timeToFirstTokenMs = call.timeToFirstTokenMs;
	output.messages = conversationToJson(input.system ?? [], [
		...(input.messages ?? []),
		reply.message,
	]);
	return output;
}

export async function execute(
	context: OperationContext,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const request = await buildConverseRequest(context, itemIndex);
	const { options } = request;
	const call =
		options.stream === true
			? await converseStream(context, itemIndex, request)
			: await converse(context, itemIndex, request);
	const reply = normaliseConverseResponse(call.response);
	const output = toConverseOutput(request.input, reply, {
		modelId: request.modelId,
		latencyMs: call.latencyMs,
		timeToFirstTokenMs: call.timeToFirstTokenMs,
	});
	if (options.includeRaw === true) output.raw = rawOutput(call.response);
	if (options.includeCost === true) {
		output.cost = costOfUsage(
			output.usage,
			request.modelId,
			request.region ?? context.credentials.region,
			priceOverrideOf(options),
		);
	}
	return { json: output };
}
