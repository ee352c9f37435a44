import type {
	ContentBlock,
	ConverseCommandInput,
	GuardrailConfiguration,
	InferenceConfiguration,
	Message,
	SystemContentBlock,
	Tool,
	ToolConfiguration,
} from '@aws-sdk/client-bedrock-runtime';
import type { DocumentType } from '@smithy/types';
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OperationContext } from '../actions/types';
import { converseTopKPath, detectFamily, reasoningEffortFamilyNames } from '../families/registry';
import { setPath } from '../families/shared';
import type { ModelFamily } from '../families/types';
import { arnRegion, checkModelAgainstRegion, parseModelId } from '../models/modelId';
import type { AttachmentFile } from './attachments';
import {
	addAttachments,
	checkMessageLimits,
	documentNamesIn,
	toAttachmentBlocks,
} from './attachments';
import type { Conversation } from './messages';
import { ConversationError, parseConversation, promptConversation } from './messages';

export interface ConverseRequest {
	/** The model as it will be called (profile IDs and ARNs as given). */
	modelId: string;
	/** The region of an ARN model ID, overriding the credential's. */
	region?: string;
	input: ConverseCommandInput;
	/** The node's options for this item, read once. */
	options: IDataObject;
}

/** A local input problem: the operation reports it as a NodeOperationError for the item. */
export class ConverseInputError extends Error {
	override name = 'ConverseInputError';
}

/** Where JSON.parse stopped: its message gives the position, or else the unexpected character. */
function errorPosition(text: string, message: string): number {
	const stated = /position (\d+)/.exec(message)?.[1];
	if (stated !== undefined) return Number(stated);
	const token = /Unexpected token '?(.)/.exec(message)?.[1];
	if (token === undefined) return Number.NaN;
	let inString = false;
	for (let index = 0; index < text.length; index++) {
		const char = text[index];
		if (inString) {
			if (char === '\\') index++;
			else if (char === '"') inString = false;
		} else if (char === token) return index;
		else if (char === '"') inString = true;
	}
	return Number.NaN;
}

/** Parses JSON typed into a field; the error says where the text stops being JSON. */
export function parseJsonField(value: unknown, fieldName: string): IDataObject | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'object' && !Array.isArray(value)) return value as IDataObject;
	if (typeof value !== 'string') {
		throw new ConverseInputError(`${fieldName} must be a JSON object`);
	}
	if (value.trim() === '') return undefined;
	let parsed: unknown;
	let message: string | undefined;
	try {
		parsed = JSON.parse(value);
	} catch (error) {
		message = (error as Error).message;
	}
	if (message !== undefined) {
		const position = errorPosition(value, message);
		let where = '';
		if (Number.isFinite(position)) {
			const before = value.slice(0, position);
			const line = before.split('\n').length;
			const column = position - before.lastIndexOf('\n');
			const excerpt = value.slice(Math.max(position - 15, 0), position + 15).replace(/\s+/g, ' ');
			where = ` at line ${line}, column ${column} (near "${excerpt}")`;
		}
		throw new ConverseInputError(`${fieldName} is not valid JSON${where}: ${message}`);
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new ConverseInputError(`${fieldName} must be a JSON object ({ ... })`);
	}
	return parsed as IDataObject;
}

/** Comma-separated stop sequences; `\n` and `\t` may be typed as escapes. */
export function parseStopSequences(value: unknown): string[] | undefined {
	const list = Array.isArray(value)
		? value.map(String)
		: typeof value === 'string'
			? value.split(',')
			: [];
	const sequences = list
		.map((sequence) =>
			sequence
				.replace(/^ +| +$/g, '')
				.replace(/\\n/g, '\n')
				.replace(/\\t/g, '\t'),
		)
		.filter((sequence) => sequence.trim() !== '');
	return sequences.length > 0 ? sequences : undefined;
}

export interface ToolDefinition {
	name?: string;
	description?: string;
	inputSchema?: unknown;
}

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

export function toToolConfig(
	tools: ToolDefinition[],
	toolChoice: string | undefined,
	toolName: string | undefined,
): ToolConfiguration | undefined {
	if (tools.length === 0) return undefined;
	const specs: Tool[] = tools.map((tool, index) => {
		const name = (tool.name ?? '').trim();
		if (!TOOL_NAME.test(name)) {
			throw new ConverseInputError(
				`Tool ${index + 1} has the name "${name}"; tool names must be 1 to 64 letters, digits, underscores or hyphens`,
			);
		}
		const schema = parseJsonField(tool.inputSchema, `The input schema of tool "${name}"`) ?? {
			type: 'object',
			properties: {},
		};
		return {
			toolSpec: {
				name,
				...(tool.description ? { description: tool.description } : {}),
				inputSchema: { json: schema as DocumentType },
			},
		};
	});
	const config: ToolConfiguration = { tools: specs };
	if (toolChoice === 'any') config.toolChoice = { any: {} };
	else if (toolChoice === 'tool') {
		const name = (toolName ?? '').trim();
		if (!tools.some((tool) => tool.name?.trim() === name)) {
			throw new ConverseInputError(
				`Tool Choice names the tool "${name}", which is not among the tools defined: ${tools.map((tool) => tool.name).join(', ')}`,
			);
		}
		config.toolChoice = { tool: { name } };
	} else config.toolChoice = { auto: {} };
	return config;
}

function hasToolBlocks(messages: Message[]): boolean {
	return messages.some((message) =>
		(message.content ?? []).some((block) => block.toolUse || block.toolResult),
	);
}

const CACHE_POINT = { cachePoint: { type: 'default' as const } };

/**
 * Cache checkpoints as Bedrock's prompt caching guide describes
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html): a checkpoint caches
 * the whole prompt prefix before it, in `system`, `tools` and `messages`, at most four per
 * request. Placed after the system prompt, after the tools, after the conversation history (the
 * last message before the final user turn) and after the attachments of the final user turn.
 */
export function withCachePoints(input: ConverseCommandInput): ConverseCommandInput {
	const result: ConverseCommandInput = { ...input };
	if (result.system && result.system.length > 0) {
		result.system = [...result.system, CACHE_POINT as SystemContentBlock];
	}
	if (result.toolConfig?.tools && result.toolConfig.tools.length > 0) {
		result.toolConfig = {
			...result.toolConfig,
			tools: [...result.toolConfig.tools, CACHE_POINT as Tool],
		};
	}
	const messages = (result.messages ?? []).map((message) => ({
		...message,
		content: [...(message.content ?? [])],
	}));
	let finalUser = messages.length - 1;
	while (finalUser >= 0 && messages[finalUser].role !== 'user') finalUser--;
	if (finalUser > 0) messages[finalUser - 1].content.push(CACHE_POINT as ContentBlock);
	if (finalUser >= 0) {
		const content = messages[finalUser].content;
		let lastMedia = -1;
		content.forEach((block, index) => {
			if (block.image || block.document || block.video) lastMedia = index;
		});
		if (lastMedia >= 0 && lastMedia < content.length - 1) {
			content.splice(lastMedia + 1, 0, CACHE_POINT as ContentBlock);
		}
	}
	result.messages = messages;
	return result;
}

interface ConverseOptions extends IDataObject {
	maxTokens?: number;
	temperature?: number;
	topP?: number;
	topK?: number;
	stopSequences?: string;
	additionalModelRequestFields?: string | IDataObject;
	reasoningBudget?: number;
	reasoningEffort?: 'low' | 'medium' | 'high';
	guardrailIdentifier?: string;
	guardrailVersion?: string;
	guardrailTrace?: 'enabled' | 'disabled' | 'enabled_full';
	latency?: 'standard' | 'optimized';
	promptCaching?: boolean;
}

function isSet(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

/** How Converse's messages name a model's family. */
function familyName(family: ModelFamily | undefined): string {
	return family?.displayName ?? 'this model';
}

/**
 * Inference settings and the model's own request fields (Top K, reasoning) from the options. Where
 * the fields go and which families take them is the family registry's knowledge.
 */
export function inferenceSettings(
	modelId: string,
	options: ConverseOptions,
): Pick<ConverseCommandInput, 'inferenceConfig' | 'additionalModelRequestFields'> {
	const family = detectFamily(modelId);
	const inferenceConfig: InferenceConfiguration = {};
	if (isSet(options.maxTokens) && options.maxTokens > 0)
		inferenceConfig.maxTokens = options.maxTokens;
	if (isSet(options.temperature)) inferenceConfig.temperature = options.temperature;
	if (isSet(options.topP)) inferenceConfig.topP = options.topP;
	const stopSequences = parseStopSequences(options.stopSequences);
	if (stopSequences) inferenceConfig.stopSequences = stopSequences;

	const fields: IDataObject = {};
	if (isSet(options.topK) && options.topK > 0) {
		const path = converseTopKPath(family);
		if (path === undefined) {
			throw new ConverseInputError(
				`${familyName(family)} models do not take Top K; remove the Top K option`,
			);
		}
		setPath(fields, path, options.topK);
	}

	if (isSet(options.reasoningBudget) && options.reasoningBudget > 0) {
		const budget = family?.converse?.reasoningBudget;
		if (!budget) {
			throw new ConverseInputError(
				`Reasoning Budget applies to Anthropic Claude models; for ${familyName(family)} use Reasoning Effort where the model reasons`,
			);
		}
		if (options.reasoningBudget < budget.minTokens) {
			throw new ConverseInputError(`Reasoning Budget must be at least ${budget.minTokens} tokens`);
		}
		if (
			budget.excludesSampling &&
			(isSet(options.temperature) ||
				isSet(options.topP) ||
				(isSet(options.topK) && options.topK > 0))
		) {
			throw new ConverseInputError(
				`${familyName(family)} does not take Temperature, Top P or Top K while it reasons; remove them or the Reasoning Budget`,
			);
		}
		if (budget.addsToMaxTokens) {
			inferenceConfig.maxTokens = (inferenceConfig.maxTokens ?? 4096) + options.reasoningBudget;
		}
		Object.assign(fields, budget.fields(options.reasoningBudget));
	}

	if (options.reasoningEffort) {
		const effort = family?.converse?.reasoningEffort;
		if (!effort) {
			throw new ConverseInputError(
				`Reasoning Effort applies to ${reasoningEffortFamilyNames().join(', ')} models${family?.converse?.reasoningBudget ? `; for ${family.displayName} set a Reasoning Budget` : ''}`,
			);
		}
		Object.assign(fields, effort(options.reasoningEffort));
	}

	const custom = parseJsonField(
		options.additionalModelRequestFields,
		'Additional Model Request Fields',
	);
	const additional = { ...fields, ...(custom ?? {}) };
	return {
		...(Object.keys(inferenceConfig).length > 0 ? { inferenceConfig } : {}),
		...(Object.keys(additional).length > 0
			? { additionalModelRequestFields: additional as DocumentType }
			: {}),
	};
}

function guardrailConfig(options: ConverseOptions): GuardrailConfiguration | undefined {
	const identifier = options.guardrailIdentifier?.trim();
	if (!identifier) return undefined;
	return {
		guardrailIdentifier: identifier,
		guardrailVersion: options.guardrailVersion?.trim() || 'DRAFT',
		trace: options.guardrailTrace ?? 'disabled',
	};
}

async function readAttachments(
	context: OperationContext,
	itemIndex: number,
	names: unknown,
): Promise<AttachmentFile[]> {
	const list = (typeof names === 'string' ? names.split(',') : Array.isArray(names) ? names : [])
		.map((name) => String(name).trim())
		.filter((name) => name !== '');
	const files: AttachmentFile[] = [];
	for (const propertyName of list) {
		const binary = context.fn.helpers.assertBinaryData(itemIndex, propertyName);
		const bytes = await context.fn.helpers.getBinaryDataBuffer(itemIndex, propertyName);
		files.push({
			propertyName,
			fileName: binary.fileName,
			mimeType: binary.mimeType,
			fileExtension: binary.fileExtension,
			bytes,
		});
	}
	return files;
}

function readConversation(context: OperationContext, itemIndex: number): Conversation {
	const { fn } = context;
	const inputMode = fn.getNodeParameter('inputMode', itemIndex, 'prompt') as string;
	if (inputMode === 'messages') {
		const conversation = parseConversation(fn.getNodeParameter('messages', itemIndex, []));
		const followUp = fn.getNodeParameter('followUpPrompt', itemIndex, '') as string;
		if (typeof followUp === 'string' && followUp.trim() !== '') {
			const last = conversation.messages[conversation.messages.length - 1];
			if (last.role === 'user') last.content = [...(last.content ?? []), { text: followUp }];
			else conversation.messages.push({ role: 'user', content: [{ text: followUp }] });
		}
		return conversation;
	}
	return promptConversation(
		fn.getNodeParameter('prompt', itemIndex, ''),
		fn.getNodeParameter('systemPrompt', itemIndex, ''),
	);
}

/**
 * The model ID of the item; an empty one, or one that cannot work from the credential's region
 * (another partition), is refused before anything is sent.
 */
export function readModelId(context: OperationContext, itemIndex: number): string {
	const modelId = String(
		context.fn.getNodeParameter('model', itemIndex, '', { extractValue: true }) ?? '',
	).trim();
	if (modelId === '') {
		throw new NodeOperationError(
			context.fn.getNode(),
			'No model is selected. Choose a model from the list, or enter a model ID, inference profile ID or ARN.',
			{ itemIndex },
		);
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

async function build(context: OperationContext, itemIndex: number): Promise<ConverseRequest> {
	const { fn } = context;
	const modelId = readModelId(context, itemIndex);
	const options = fn.getNodeParameter('options', itemIndex, {}) as ConverseOptions;

	const conversation = readConversation(context, itemIndex);
	const files = await readAttachments(
		context,
		itemIndex,
		fn.getNodeParameter('attachments', itemIndex, ''),
	);
	const blocks = toAttachmentBlocks(files, documentNamesIn(conversation.messages));
	const messages = addAttachments(conversation.messages, blocks);
	if (messages.length === 0) {
		throw new ConversationError(
			'The prompt is empty. Enter the user message, e.g. ={{ $json.text }}, or check that the expression gives text for this item.',
		);
	}
	messages.forEach((message, index) => {
		if (message.role === 'user') checkMessageLimits(message, index);
	});

	const toolsParameter = fn.getNodeParameter('tools', itemIndex, {}) as { tool?: ToolDefinition[] };
	const toolConfig = toToolConfig(
		toolsParameter.tool ?? [],
		fn.getNodeParameter('toolChoice', itemIndex, 'auto') as string,
		fn.getNodeParameter('toolName', itemIndex, '') as string,
	);
	if (!toolConfig && hasToolBlocks(messages)) {
		throw new ConversationError(
			'The conversation holds tool calls or tool results, and Bedrock then needs the tools defined. Add the tools under Tools.',
		);
	}

	let input: ConverseCommandInput = {
		modelId,
		messages,
		...(conversation.system.length > 0 ? { system: conversation.system } : {}),
		...inferenceSettings(modelId, options),
		...(toolConfig ? { toolConfig } : {}),
	};
	const guardrail = guardrailConfig(options);
	if (guardrail) input.guardrailConfig = guardrail;
	if (options.latency === 'optimized') input.performanceConfig = { latency: 'optimized' };
	if (options.promptCaching === true) input = withCachePoints(input);
	return { modelId, region: arnRegion(parseModelId(modelId)), input, options };
}

/**
 * Builds the Converse request of one item from the node's parameters: the conversation (prompt or
 * messages, attachments), system prompt, tools and inference settings. Count Tokens sends the same
 * request, so both count and run exactly the same input. Input problems come out as a
 * NodeOperationError naming the item.
 */
export async function buildConverseRequest(
	context: OperationContext,
	itemIndex: number,
): Promise<ConverseRequest> {
	try {
		return await build(context, itemIndex);
	} catch (error) {
		throw asItemError(context, itemIndex, error);
	}
}

function asItemError(
	context: OperationContext,
	itemIndex: number,
	error: unknown,
): NodeOperationError {
	if (error instanceof ConversationError || error instanceof ConverseInputError) {
		return new NodeOperationError(context.fn.getNode(), `Item ${itemIndex}: ${error.message}`, {
			itemIndex,
			description: 'Nothing was sent to Bedrock for this item.',
		});
	}
	// n8n's own errors (a missing binary property, say) come back unchanged.
	return new NodeOperationError(context.fn.getNode(), error as Error, { itemIndex });
}
