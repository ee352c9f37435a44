import type {
	InvokeModelCommandInput,
	InvokeModelWithResponseStreamCommandInput,
} from '@aws-sdk/client-bedrock-runtime';
import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { batchOptions, invokeInputFields, invokeKnobOptions } from '../descriptions';
import { readOptions } from '../parameters';
import type { OperationContext } from '../types';
import { buildInvokeRequest } from './invokeInput';
import {
	costOfUsage,
	includeCostOption,
	priceOptionsWithIncludeCost,
	priceOverrideOf,
} from '../../mapping/cost';
import { normalisedOutput } from '../../mapping/output';
import { callBedrock } from '../../transport/request';
import type { ModelReply, NormalisedOutput, Usage } from '../../types';
import { emptyUsage, toUsage } from '../../types';
import { loadRuntimeSdk } from '../../transport/sdk';
import { forwardStream } from '../../transport/streaming';

export const description: INodeProperties[] = [
	...updateDisplayOptions({ show: { operation: ['invoke'] } }, invokeInputFields),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: ['invoke'] } },
		options: [
			...invokeKnobOptions,
			includeCostOption,
			...priceOptionsWithIncludeCost,
			{
				displayName: 'Include Raw Response',
				name: 'includeRaw',
				type: 'boolean',
				default: false,
				description: 'Whether to add the model’s native response body to the output as raw',
			},
			{
				displayName: 'Stream',
				name: 'stream',
				type: 'boolean',
				default: false,
				description:
					'Whether to use InvokeModelWithResponseStream. The output is the same; when the workflow streams its response, text is forwarded as it arrives.',
			},
			...batchOptions,
		],
	},
];

function headerUsage(headers: Record<string, string | undefined>): Partial<Usage> | undefined {
	const input = Number(headers['x-amzn-bedrock-input-token-count']);
	const output = Number(headers['x-amzn-bedrock-output-token-count']);
	if (!Number.isFinite(input) && !Number.isFinite(output)) return undefined;
	return {
		inputTokens: Number.isFinite(input) ? input : 0,
		outputTokens: Number.isFinite(output) ? output : 0,
	};
}

/** A reply for a raw body to a model whose family is unknown: only usage from the headers. */
function unknownFamilyReply(usage: Partial<Usage> | undefined): ModelReply {
	return { text: '', stopReason: 'end_turn', usage: usage ? toUsage(usage) : emptyUsage() };
}

const decoder = new TextDecoder();

function decodeJson(bytes: Uint8Array | undefined): IDataObject {
	if (!bytes || bytes.length === 0) return {};
	const parsed = JSON.parse(decoder.decode(bytes)) as unknown;
	return typeof parsed === 'object' && parsed !== null
		? (parsed as IDataObject)
		: { value: parsed as string };
}

interface HeaderCapture {
	headers: Record<string, string | undefined>;
}

/**
 * Token counts of InvokeModel come in response headers the SDK does not model: a per-command
 * middleware keeps them.
 */
function captureHeaders(command: {
	middlewareStack: {
		add: (middleware: never, options: { step: 'deserialize'; name: string }) => void;
	};
}): HeaderCapture {
	const capture: HeaderCapture = { headers: {} };
	const middleware =
		(next: (args: unknown) => Promise<{ response: unknown }>) => async (args: unknown) => {
			const result = await next(args);
			const response = result.response as { headers?: Record<string, string> } | undefined;
			capture.headers = response?.headers ?? {};
			return result;
		};
	command.middlewareStack.add(middleware as never, {
		step: 'deserialize',
		name: 'n8nBedrockCaptureHeaders',
	});
	return capture;
}

export async function execute(
	context: OperationContext,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const request = await buildInvokeRequest(context, itemIndex);
	const options = readOptions(context, itemIndex);
	const stream = options.stream === true;
	const includeRaw = options.includeRaw === true;
	const { family, modelId, region } = request;
	const errorContext = {
		modelId,
		region: region ?? context.credentials.region,
		secrets: context.secrets,
	};
	const sdk = await loadRuntimeSdk();
	const client = await context.clients.runtime(region);
	const input: InvokeModelCommandInput & InvokeModelWithResponseStreamCommandInput = {
		modelId,
		contentType: 'application/json',
		accept: 'application/json',
		body: new TextEncoder().encode(JSON.stringify(request.body)),
	};
	const node = context.fn.getNode();
	const withCost = (output: NormalisedOutput): INodeExecutionData => {
		if (options.includeCost !== true) return { json: output };
		const cost = costOfUsage(output.usage, modelId, errorContext.region, priceOverrideOf(options));
		return { json: { ...output, cost } };
	};
	const startedAt = performance.now();

	if (!stream) {
		const command = new sdk.InvokeModelCommand(input);
		const capture = captureHeaders(command as never);
		const response = await callBedrock(node, itemIndex, errorContext, async () =>
			client.send(command, { abortSignal: context.signal }),
		);
		const latencyMs = performance.now() - startedAt;
		const body = decodeJson(response.body);
		const usageFromHeaders = headerUsage(capture.headers);
		const reply = family
			? family.parseResponse(body, usageFromHeaders)
			: unknownFamilyReply(usageFromHeaders);
		return withCost(
			normalisedOutput(reply, {
				modelId,
				latencyMs,
				raw: includeRaw || !family ? body : undefined,
			}),
		);
	}

	if (family?.kind === 'embedding') {
		throw new NodeOperationError(node, `${family.displayName} models cannot stream`, {
			itemIndex,
			description: 'Turn off Options > Stream for embedding models.',
		});
	}
	const parser = family?.createStreamParser();
	const rawChunks: IDataObject[] = [];
	const { timeToFirstTokenMs } = await callBedrock(node, itemIndex, errorContext, async () => {
		const response = await client.send(new sdk.InvokeModelWithResponseStreamCommand(input), {
			abortSignal: context.signal,
		});
		return await forwardStream(
			context.chunks,
			itemIndex,
			response.body,
			(event) => {
				if (!event.chunk?.bytes) return '';
				const chunk = decodeJson(event.chunk.bytes);
				if (includeRaw || !parser) rawChunks.push(chunk);
				return parser?.push(chunk) ?? '';
			},
			startedAt,
		);
	});
	const latencyMs = performance.now() - startedAt;
	const reply = parser ? parser.finish() : unknownFamilyReply(undefined);
	return withCost(
		normalisedOutput(reply, {
			modelId,
			latencyMs,
			timeToFirstTokenMs: timeToFirstTokenMs ?? latencyMs,
			raw: includeRaw || !parser ? { chunks: rawChunks } : undefined,
		}),
	);
}
