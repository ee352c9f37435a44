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

import type { AttachmentFile } from './attachments';
import {
	addAttachments,
	checkMessageLimits,
	documentNamesIn,
	toAttachmentBlocks,
} from './attachments';
import {
	converseTopKPath,
	detectFamily,
	reasoningEffortFamilyNames,
	validateKnobs,
} from '../families/registry';
import { setPath } from '../families/shared';
import type { ModelFamily } from '../families/types';
import { arnRegion, parseModelId } from '../models/modelId';
import { FieldError, parseJsonObjectField, parseStopSequences } from './fields';
import { readKnobs } from './knobs';
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
			throw new FieldError(
				`Tool ${index + 1} has the name "${name}"; tool names must be 1 to 64 letters, digits, underscores or hyphens`,
			);
		}
		const schema = parseJsonObjectField(tool.inputSchema, `The input schema of tool "${name}"`) ?? {
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
			throw new FieldError(
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

export interface ConverseOptions extends IDataObject {
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
			throw new FieldError(
				`${familyName(family)} models do not take Top K; remove the Top K option`,
			);
		}
		setPath(fields, path, options.topK);
	}

	if (isSet(options.reasoningBudget) && options.reasoningBudget > 0) {
		const budget = family?.converse?.reasoningBudget;
		if (!budget) {
			throw new FieldError(
				`Reasoning Budget applies to Anthropic Claude models; for ${familyName(family)} use Reasoning Effort where the model reasons`,
			);
		}
		if (options.reasoningBudget < budget.minTokens) {
			throw new FieldError(`Reasoning Budget must be at least ${budget.minTokens} tokens`);
		}
		if (
			budget.excludesSampling &&
			(isSet(options.temperature) ||
				isSet(options.topP) ||
				(isSet(options.topK) && options.topK > 0))
		) {
			throw new FieldError(
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
			throw new FieldError(
				`Reasoning Effort applies to ${reasoningEffortFamilyNames().join(', ')} models${family?.converse?.reasoningBudget ? `; for ${family.displayName} set a Reasoning Budget` : ''}`,
			);
		}
		Object.assign(fields, effort(options.reasoningEffort));
	}

	const custom = parseJsonObjectField(
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

/** What the Converse request of one item is built from: the node's parameters, read as plain values. */
export interface ConverseInputValues {
	modelId: string;
	options: ConverseOptions;
	inputMode: 'prompt' | 'messages';
	prompt: unknown;
	systemPrompt: unknown;
	/** The conversation as the Messages parameter gave it (array or JSON text). */
	messages: unknown;
	followUpPrompt: string;
	attachments: AttachmentFile[];
	tools: ToolDefinition[];
	toolChoice: string;
	toolName: string;
}

function conversationOf(values: ConverseInputValues): Conversation {
	if (values.inputMode === 'messages') {
		const conversation = parseConversation(values.messages);
		const followUp = values.followUpPrompt;
		if (followUp.trim() !== '') {
			const last = conversation.messages[conversation.messages.length - 1];
			if (last.role === 'user') last.content = [...(last.content ?? []), { text: followUp }];
			else conversation.messages.push({ role: 'user', content: [{ text: followUp }] });
		}
		return conversation;
	}
	return promptConversation(values.prompt, values.systemPrompt);
}

/**
 * The common knobs are checked as Invoke Model checks them: against the family's own ranges when
 * the model ID names its family, against Converse's general bounds otherwise. Top K 0 means off.
 */
function checkKnobs(modelId: string, options: ConverseOptions): void {
	const knobs = readKnobs(options);
	if (knobs.topK === 0) delete knobs.topK;
	const family = detectFamily(modelId);
	if (family) {
		validateKnobs(family, knobs);
		return;
	}
	if (knobs.maxTokens !== undefined && knobs.maxTokens < 1) {
		throw new FieldError(`Max Tokens must be at least 1 (got ${knobs.maxTokens}).`);
	}
	for (const [name, label] of [
		['temperature', 'Temperature'],
		['topP', 'Top P'],
	] as const) {
		const value = knobs[name];
		if (value !== undefined && (value < 0 || value > 1)) {
			throw new FieldError(`${label} must be between 0 and 1 (got ${value}).`);
		}
	}
}

/**
 * The Converse request of one item: the conversation (prompt or messages, attachments), system
 * prompt, tools and inference settings. Count Tokens counts the same request, so both count and
 * run exactly the same input. Input problems are thrown as FieldError or ConversationError.
 */
export function toConverseRequest(values: ConverseInputValues): ConverseRequest {
	const { modelId, options } = values;
	checkKnobs(modelId, options);
	const conversation = conversationOf(values);
	const blocks = toAttachmentBlocks(values.attachments, documentNamesIn(conversation.messages));
	const messages = addAttachments(conversation.messages, blocks);
	if (messages.length === 0) {
		throw new ConversationError(
			'The prompt is empty. Enter the user message, e.g. ={{ $json.text }}, or check that the expression gives text for this item.',
		);
	}
	messages.forEach((message, index) => {
		if (message.role === 'user') checkMessageLimits(message, index);
	});

	const toolConfig = toToolConfig(values.tools, values.toolChoice, values.toolName);
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
