import type {
	ConverseCommandOutput,
	ConverseStreamCommandInput,
} from '@aws-sdk/client-bedrock-runtime';
import type { INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ConverseRequest } from '../../mapping/converseRequest';
import { normaliseConverseResponse, rawOutput } from '../../mapping/converseResponse';
import type { AggregatedConverseResponse } from '../../mapping/converseStream';
import { ConverseStreamAggregator } from '../../mapping/converseStream';
import { conversationToJson } from '../../mapping/messages';
import { normalisedOutput } from '../../mapping/output';
import { callBedrock } from '../../transport/request';
import {
	batchOptions,
	converseInputFields,
	converseModelOptions,
	withDescription,
} from '../descriptions';
import {
	costOfUsage,
	includeCostOption,
	priceOptionsWithIncludeCost,
	priceOverrideOf,
} from '../../mapping/cost';
import type { OperationContext } from '../types';
import { buildConverseRequest } from './converseInput';
import { loadRuntimeSdk } from '../../transport/sdk';
import { forwardStream } from '../../transport/streaming';

export const converseOptionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { operation: ['converse'] } },
	options: [
		converseModelOptions.additionalModelRequestFields,
		converseModelOptions.guardrailIdentifier,
		withDescription(
			converseModelOptions.guardrailTrace,
			'Whether the guardrail’s trace is returned (see it with Include Raw Response)',
		),
		converseModelOptions.guardrailVersion,
		{
			displayName: 'Include Raw Response',
			name: 'includeRaw',
			type: 'boolean',
			default: false,
			description: 'Whether to add Bedrock’s response as raw',
		},
		converseModelOptions.latency,
		converseModelOptions.maxTokens,
		converseModelOptions.promptCaching,
		converseModelOptions.reasoningBudget,
		converseModelOptions.reasoningEffort,
		converseModelOptions.stopSequences,
		{
			displayName: 'Stream',
			name: 'stream',
			type: 'boolean',
			default: false,
			description:
				'Whether to use the streaming API; the output is the same, and text is sent as it arrives when the workflow streams its response',
		},
		converseModelOptions.temperature,
		{
			displayName: 'Top K',
			name: 'topK',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'Sample only from the K most likely next tokens; sent in the model’s own request field (0 is off)',
		},
		converseModelOptions.topP,
		includeCostOption,
		...priceOptionsWithIncludeCost,
		...batchOptions,
	],
};

export const description: INodeProperties[] = [
	...updateDisplayOptions({ show: { operation: ['converse'] } }, converseInputFields),
	converseOptionsField,
];

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
	const output = normalisedOutput(reply, {
		modelId: request.modelId,
		latencyMs: call.latencyMs,
		timeToFirstTokenMs: call.timeToFirstTokenMs,
		messages: conversationToJson(request.input.system ?? [], [
			...(request.input.messages ?? []),
			reply.message,
		]),
		raw: options.includeRaw === true ? rawOutput(call.response) : undefined,
	});
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
