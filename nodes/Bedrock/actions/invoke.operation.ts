import type {
	InvokeModelCommandInput,
	InvokeModelWithResponseStreamCommandInput,
} from '@aws-sdk/client-bedrock-runtime';
import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { batchOptions } from './shared.fields';
import type { OperationContext } from './types';
import {
	detectFamily,
	families,
	modelIdRegexSource,
	resolveFamily,
	validateKnobs,
} from '../families/registry';
import type { FamilyId, ModelFamily } from '../families/types';
import {
	costOfUsage,
	includeCostOption,
	priceOptionsWithIncludeCost,
	priceOverrideOf,
} from '../mapping/cost';
import { readKnobs, parseJsonParameter } from '../mapping/knobs';
import { normalisedOutput } from '../mapping/output';
import { arnRegion, checkModelAgainstRegion, parseModelId } from '../models/modelId';
import { callBedrock } from '../transport/request';
import type { ModelReply, NormalisedOutput, Usage } from '../types';
import { emptyUsage, toUsage } from '../types';
import { loadRuntimeSdk } from '../transport/sdk';

type FamilyChoice = FamilyId | 'auto';

/**
 * An input field of Invoke Model, also shown by Count Tokens when it counts an Invoke Model body.
 * n8n evaluates display rules against defaults of hidden parameters too (Count Tokens' `inputFormat`
 * defaults to `converse`), so the field is listed once per operation, with rules that exclude each other.
 */
function invokeInput(field: INodeProperties, show: IDataObject = {}): INodeProperties[] {
	type Show = NonNullable<NonNullable<INodeProperties['displayOptions']>['show']>;
	return [
		{ ...field, displayOptions: { show: { operation: ['invoke'], ...show } as Show } },
		{
			...field,
			displayOptions: {
				show: { operation: ['countTokens'], inputFormat: ['invoke'], ...show } as Show,
			},
		},
	];
}

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
		...invokeInput(field, { bodySource: ['form'], family: ['auto'], model: [{ _cnd: { regex } }] }),
		...invokeInput(field, { bodySource: ['form'], family: [family.id] }),
	]);
}

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

export const description: INodeProperties[] = [
	...invokeInput(
		{
			displayName: 'Model Family',
			name: 'family',
			type: 'options',
			options: familyOptions,
			default: 'auto',
			description:
				'Which request format the model speaks. Auto-detect works for model IDs, inference profile IDs and foundation-model ARNs; pick the family for application inference profiles, provisioned, custom or imported models.',
		},
		{},
	),
	...invokeInput(
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
		{},
	),
	...invokeInput(
		{
			displayName: 'Prompt',
			name: 'prompt',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			required: true,
			placeholder: 'e.g. {{ $json.text }}',
			description: 'The user message, usually an expression over the incoming item',
		},
		{ bodySource: ['form'] },
	),
	...invokeInput(
		{
			displayName: 'System Prompt',
			name: 'systemPrompt',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			placeholder: 'e.g. You are a concise assistant.',
			description:
				'Instructions for the model; families without a system field get it in their prompt template',
		},
		{ bodySource: ['form'] },
	),
	...invokeInput(
		{
			displayName: 'Body',
			name: 'body',
			type: 'json',
			default:
				'{\n  "anthropic_version": "bedrock-2023-05-31",\n  "max_tokens": 1024,\n  "messages": [{ "role": "user", "content": "Hello" }]\n}',
			required: true,
			description: 'The model’s native InvokeModel request body',
		},
		{ bodySource: ['json'] },
	),
	...families.flatMap(familyFieldsFor),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: ['invoke'] } },
		options: [
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

export interface InvokeRequest {
	modelId: string;
	region?: string;
	/** The family the body is for; undefined for a raw JSON body to a model whose family is unknown. */
	family?: ModelFamily;
	body: IDataObject;
}

function modelIdOf(context: OperationContext, itemIndex: number): string {
	const modelId = String(
		context.fn.getNodeParameter('model', itemIndex, '', { extractValue: true }) ?? '',
	).trim();
	if (!modelId) {
		throw new NodeOperationError(context.fn.getNode(), 'No model chosen', {
			itemIndex,
			description:
				'Choose a model from the list, or enter a model ID, inference profile ID or ARN.',
		});
	}
	try {
		checkModelAgainstRegion(parseModelId(modelId), context.credentials.region);
	} catch (error) {
		throw new NodeOperationError(context.fn.getNode(), (error as Error).message, {
			itemIndex,
			description: 'Nothing was sent to Bedrock for this item.',
		});
	}
	return modelId;
}

/** The native InvokeModel body for an item: built from the form for its family, or the raw JSON. */
export function buildInvokeRequest(context: OperationContext, itemIndex: number): InvokeRequest {
	const node = context.fn.getNode();
	const modelId = modelIdOf(context, itemIndex);
	const region = arnRegion(parseModelId(modelId));
	const familyChoice = context.fn.getNodeParameter('family', itemIndex, 'auto') as FamilyChoice;
	const bodySource = context.fn.getNodeParameter('bodySource', itemIndex, 'form') as string;

	if (bodySource === 'json') {
		const raw = context.fn.getNodeParameter('body', itemIndex, '{}');
		let body: unknown;
		try {
			body = parseJsonParameter(raw, 'Body');
		} catch (error) {
			throw new NodeOperationError(node, (error as Error).message, { itemIndex });
		}
		if (typeof body !== 'object' || body === null || Array.isArray(body)) {
			throw new NodeOperationError(node, 'Body must be a JSON object', {
				itemIndex,
				description:
					'Give the model’s native request body, e.g. {"prompt": "...", "max_gen_len": 512}.',
			});
		}
		const family =
			familyChoice === 'auto' ? detectFamily(modelId) : safeResolve(modelId, familyChoice);
		return { modelId, region, family, body: body as IDataObject };
	}

	let family: ModelFamily;
	try {
		family = resolveFamily(modelId, familyChoice);
	} catch (error) {
		throw new NodeOperationError(node, (error as Error).message, { itemIndex });
	}
	const prompt = String(context.fn.getNodeParameter('prompt', itemIndex, '') ?? '');
	if (prompt.trim() === '') {
		throw new NodeOperationError(node, `The prompt of item ${itemIndex} is empty`, {
			itemIndex,
			description:
				'Set Prompt, e.g. to an expression such as {{ $json.text }} that gives text for every item.',
		});
	}
	const systemPrompt = String(context.fn.getNodeParameter('systemPrompt', itemIndex, '') ?? '');
	const options = context.fn.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const knobs = readKnobs(options);
	const extra: IDataObject = {};
	for (const field of family.fields) {
		extra[field.name] = context.fn.getNodeParameter(
			field.name,
			itemIndex,
			field.default,
		) as IDataObject[string];
	}
	try {
		validateKnobs(family, knobs);
		const body = family.buildRequest({
			modelId,
			prompt,
			systemPrompt: systemPrompt.trim() === '' ? undefined : systemPrompt,
			knobs,
			extra,
		});
		return { modelId, region, family, body };
	} catch (error) {
		throw new NodeOperationError(node, (error as Error).message, { itemIndex });
	}
}

function safeResolve(modelId: string, choice: FamilyId): ModelFamily | undefined {
	try {
		return resolveFamily(modelId, choice);
	} catch {
		return undefined;
	}
}

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

export async function execute(context: OperationContext, itemIndex: number): Promise<IDataObject> {
	const request = buildInvokeRequest(context, itemIndex);
	const options = context.fn.getNodeParameter('options', itemIndex, {}) as IDataObject;
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
	const withCost = (output: NormalisedOutput): NormalisedOutput => {
		if (options.includeCost !== true) return output;
		const cost = costOfUsage(output.usage, modelId, errorContext.region, priceOverrideOf(options));
		return { ...output, cost };
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
	let timeToFirstTokenMs: number | undefined;
	let began = false;
	await callBedrock(node, itemIndex, errorContext, async () => {
		const response = await client.send(new sdk.InvokeModelWithResponseStreamCommand(input), {
			abortSignal: context.signal,
		});
		for await (const event of response.body ?? []) {
			if (!event.chunk?.bytes) continue;
			const chunk = decodeJson(event.chunk.bytes);
			if (includeRaw || !parser) rawChunks.push(chunk);
			const delta = parser?.push(chunk) ?? '';
			if (delta !== '') {
				if (timeToFirstTokenMs === undefined) timeToFirstTokenMs = performance.now() - startedAt;
				if (!began) {
					context.chunks.begin(itemIndex);
					began = true;
				}
				context.chunks.delta(itemIndex, delta);
			}
		}
	});
	if (began) context.chunks.end(itemIndex);
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
