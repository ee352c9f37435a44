/**
 * The Converse API's request parsing and response rendering:
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
 * Stream event names are the ConverseStreamOutput union members in
 * node_modules/@aws-sdk/client-bedrock-runtime/dist-cjs/index.js.
 */
import { createHash } from 'node:crypto';

import type { CatalogueModel } from './catalogue';
import { countMessageTokens, countTokens, countToolTokens, splitDeltas } from './engine';
import type {
	EmulatorMessage,
	EmulatorToolChoice,
	EmulatorToolSpec,
	Generation,
	GenerationRequest,
} from './types';
import { EmulatorValidationError } from './types';

type JsonObject = Record<string, unknown>;

export interface ParsedConverse {
	request: GenerationRequest;
	/** Present when the request carries cachePoint blocks: the tokens and identity of the cached prefix. */
	cachePrefix?: { tokens: number; key: string };
	performanceConfig?: JsonObject;
}

export interface CacheUsage {
	cacheReadInputTokens?: number;
	cacheWriteInputTokens?: number;
}

function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function constraintError(
	value: unknown,
	path: string,
	constraint: string,
): EmulatorValidationError {
	return new EmulatorValidationError(
		`1 validation error detected: Value '${String(value)}' at '${path}' failed to satisfy constraint: ${constraint}`,
	);
}

function base64Length(data: unknown): number {
	return typeof data === 'string' ? Buffer.from(data, 'base64').length : 0;
}

/** One piece of the prompt in Bedrock's caching order (tools, system, messages), for prefix hashing. */
interface PromptUnit {
	tokens: number;
	material: string;
}

class PromptUnits {
	readonly units: PromptUnit[] = [];
	/** Number of units before the last cachePoint seen, or undefined. */
	cacheBoundary?: number;

	add(tokens: number, material: unknown): void {
		this.units.push({ tokens, material: JSON.stringify(material) });
	}

	cachePoint(): void {
		this.cacheBoundary = this.units.length;
	}
}

function parseToolResultText(content: unknown): string {
	if (!Array.isArray(content)) return '';
	const parts: string[] = [];
	for (const block of content) {
		if (!isObject(block)) continue;
		if (typeof block.text === 'string') parts.push(block.text);
		else if (block.json !== undefined) parts.push(JSON.stringify(block.json));
	}
	return parts.join('\n');
}

function parseMessage(raw: unknown, index: number, units: PromptUnits): EmulatorMessage {
	if (!isObject(raw))
		throw constraintError(raw, `messages.${index + 1}.member`, 'Member must not be null');
	const role = raw.role;
	if (role !== 'user' && role !== 'assistant') {
		throw constraintError(
			role,
			`messages.${index + 1}.member.role`,
			'Member must satisfy enum value set: [user, assistant]',
		);
	}
	if (!Array.isArray(raw.content)) {
		throw constraintError(
			raw.content,
			`messages.${index + 1}.member.content`,
			'Member must not be null',
		);
	}
	const message: EmulatorMessage = { role, text: '' };
	const texts: string[] = [];
	raw.content.forEach((block: unknown, blockIndex: number) => {
		if (!isObject(block)) return;
		if (typeof block.text === 'string') {
			if (block.text.trim() === '') {
				throw new EmulatorValidationError(
					`The text field in the ContentBlock object at messages.${index}.content.${blockIndex} is blank. Add text to the text field, and try again.`,
				);
			}
			texts.push(block.text);
			units.add(countTokens(block.text), { role, text: block.text });
		} else if (isObject(block.image)) {
			const source = isObject(block.image.source) ? block.image.source : {};
			const image = { format: String(block.image.format ?? ''), bytes: base64Length(source.bytes) };
			(message.images ??= []).push(image);
			units.add(countMessageTokens({ role, text: '', images: [image] }), {
				role,
				image,
				data: source.bytes,
			});
		} else if (isObject(block.document)) {
			const source = isObject(block.document.source) ? block.document.source : {};
			const bytes =
				typeof source.text === 'string'
					? Buffer.byteLength(source.text)
					: base64Length(source.bytes);
			const document = {
				format: String(block.document.format ?? ''),
				name: String(block.document.name ?? ''),
				bytes,
			};
			(message.documents ??= []).push(document);
			units.add(countMessageTokens({ role, text: '', documents: [document] }), {
				role,
				document,
				data: source.bytes ?? source.text,
			});
		} else if (isObject(block.toolUse)) {
			const toolUse = {
				toolUseId: String(block.toolUse.toolUseId ?? ''),
				name: String(block.toolUse.name ?? ''),
				input: block.toolUse.input ?? {},
			};
			(message.toolUses ??= []).push(toolUse);
			units.add(countMessageTokens({ role, text: '', toolUses: [toolUse] }), { role, toolUse });
		} else if (isObject(block.toolResult)) {
			const status = block.toolResult.status;
			const toolResult: NonNullable<EmulatorMessage['toolResults']>[number] = {
				toolUseId: String(block.toolResult.toolUseId ?? ''),
				text: parseToolResultText(block.toolResult.content),
				...(status === 'success' || status === 'error' ? { status } : {}),
			};
			(message.toolResults ??= []).push(toolResult);
			units.add(countMessageTokens({ role, text: '', toolResults: [toolResult] }), {
				role,
				toolResult,
			});
		} else if (isObject(block.cachePoint)) {
			units.cachePoint();
		}
		// reasoningContent, guardContent, video and citations blocks are accepted and not counted.
	});
	message.text = texts.join('\n');
	return message;
}

function parseTools(
	toolConfig: unknown,
	units: PromptUnits,
): Pick<GenerationRequest, 'tools' | 'toolChoice'> {
	if (!isObject(toolConfig)) return {};
	const tools: EmulatorToolSpec[] = [];
	for (const entry of Array.isArray(toolConfig.tools) ? toolConfig.tools : []) {
		if (!isObject(entry)) continue;
		if (isObject(entry.cachePoint)) {
			units.cachePoint();
			continue;
		}
		const spec = isObject(entry.toolSpec) ? entry.toolSpec : undefined;
		if (!spec) continue;
		const schema =
			isObject(spec.inputSchema) && isObject(spec.inputSchema.json) ? spec.inputSchema.json : {};
		const tool: EmulatorToolSpec = { name: String(spec.name ?? ''), inputSchema: schema };
		if (typeof spec.description === 'string') tool.description = spec.description;
		tools.push(tool);
		units.add(countToolTokens(tool), tool);
	}
	let toolChoice: EmulatorToolChoice | undefined;
	const choice = toolConfig.toolChoice;
	if (isObject(choice)) {
		if (isObject(choice.any)) toolChoice = 'any';
		else if (isObject(choice.auto)) toolChoice = 'auto';
		else if (isObject(choice.tool)) toolChoice = { tool: String(choice.tool.name ?? '') };
	}
	if (tools.length === 0) {
		throw constraintError(
			'[]',
			'toolConfig.tools',
			'Member must have length greater than or equal to 1',
		);
	}
	if (
		typeof toolChoice === 'object' &&
		!tools.some((tool) => tool.name === (toolChoice as { tool: string }).tool)
	) {
		throw new EmulatorValidationError(
			`The tool ${toolChoice.tool} in toolChoice isn't defined in toolConfig.tools. Define the tool and try again.`,
		);
	}
	return toolChoice ? { tools, toolChoice } : { tools };
}

/**
 * Parses and validates a Converse / ConverseStream body (or CountTokens' `converse` input, which has
 * no inferenceConfig) into the engine's request.
 */
export function parseConverseRequest(
	body: unknown,
	modelId: string,
	model: CatalogueModel,
): ParsedConverse {
	const input = isObject(body) ? body : {};
	const units = new PromptUnits();
	const request: GenerationRequest = { modelId, messages: [] };

	const tools = parseTools(input.toolConfig, units);

	if (Array.isArray(input.system)) {
		const systemTexts: string[] = [];
		for (const block of input.system) {
			if (!isObject(block)) continue;
			if (typeof block.text === 'string') {
				systemTexts.push(block.text);
				units.add(countTokens(block.text), { system: block.text });
			} else if (isObject(block.cachePoint)) units.cachePoint();
		}
		if (systemTexts.length > 0) request.system = systemTexts.join('\n');
	}

	const messages = Array.isArray(input.messages) ? input.messages : [];
	if (messages.length === 0 || !isObject(messages[0]) || messages[0].role !== 'user') {
		throw new EmulatorValidationError(
			'A conversation must start with a user message. Try again with a conversation that starts with a user message.',
		);
	}
	request.messages = messages.map((message: unknown, index: number) =>
		parseMessage(message, index, units),
	);
	for (let index = 1; index < request.messages.length; index++) {
		if (request.messages[index].role === request.messages[index - 1].role) {
			throw new EmulatorValidationError(
				'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.',
			);
		}
	}
	const usesTools = request.messages.some((message) => message.toolUses || message.toolResults);
	if (usesTools && !tools.tools) {
		throw new EmulatorValidationError(
			'The toolConfig field must be defined when using toolUse and toolResult content blocks.',
		);
	}
	Object.assign(request, tools);

	const config = isObject(input.inferenceConfig) ? input.inferenceConfig : {};
	if (config.maxTokens !== undefined) {
		const maxTokens = Number(config.maxTokens);
		if (!Number.isInteger(maxTokens) || maxTokens < 1) {
			throw constraintError(
				config.maxTokens,
				'inferenceConfig.maxTokens',
				'Member must have value greater than or equal to 1',
			);
		}
		request.maxTokens = maxTokens;
	}
	if (config.temperature !== undefined) {
		const temperature = Number(config.temperature);
		if (temperature < 0)
			throw constraintError(
				temperature,
				'inferenceConfig.temperature',
				'Member must have value greater than or equal to 0',
			);
		if (temperature > 1)
			throw constraintError(
				temperature,
				'inferenceConfig.temperature',
				'Member must have value less than or equal to 1',
			);
		request.temperature = temperature;
	}
	if (config.topP !== undefined) {
		const topP = Number(config.topP);
		if (topP < 0 || topP > 1) {
			throw constraintError(
				topP,
				'inferenceConfig.topP',
				`Member must have value ${topP < 0 ? 'greater than or equal to 0' : 'less than or equal to 1'}`,
			);
		}
		request.topP = topP;
	}
	if (Array.isArray(config.stopSequences)) request.stopSequences = config.stopSequences.map(String);

	const additional = isObject(input.additionalModelRequestFields)
		? input.additionalModelRequestFields
		: {};
	if (typeof additional.top_k === 'number') request.topK = additional.top_k;
	const thinking = isObject(additional.thinking)
		? additional.thinking
		: isObject(additional.reasoning_config)
			? additional.reasoning_config
			: undefined;
	if (thinking && thinking.type === 'enabled') {
		request.reasoning =
			typeof thinking.budget_tokens === 'number' ? { budgetTokens: thinking.budget_tokens } : {};
	} else if (model.alwaysReasons) {
		request.reasoning = {};
	}

	const parsed: ParsedConverse = { request };
	if (units.cacheBoundary !== undefined && units.cacheBoundary > 0) {
		const prefix = units.units.slice(0, units.cacheBoundary);
		parsed.cachePrefix = {
			tokens: prefix.reduce((sum, unit) => sum + unit.tokens, 0),
			key: createHash('sha256')
				.update(`${model.modelId}\n${prefix.map((unit) => unit.material).join('\n')}`)
				.digest('hex'),
		};
	}
	if (isObject(input.performanceConfig)) parsed.performanceConfig = input.performanceConfig;
	return parsed;
}

/** A stable stand-in for the signature Bedrock returns with reasoning text. */
export function reasoningSignature(reasoning: string): string {
	return createHash('sha256').update(`signature\n${reasoning}`).digest('base64');
}

export function converseUsage(generation: Generation, cache: CacheUsage) {
	const cached = (cache.cacheReadInputTokens ?? 0) + (cache.cacheWriteInputTokens ?? 0);
	const inputTokens = generation.inputTokens - cached;
	return {
		inputTokens,
		outputTokens: generation.outputTokens,
		totalTokens: inputTokens + generation.outputTokens + cached,
		...(cache.cacheReadInputTokens !== undefined
			? { cacheReadInputTokens: cache.cacheReadInputTokens }
			: {}),
		...(cache.cacheWriteInputTokens !== undefined
			? { cacheWriteInputTokens: cache.cacheWriteInputTokens }
			: {}),
	};
}

function additionalResponseFields(
	generation: Generation,
	model: CatalogueModel,
): JsonObject | undefined {
	if (model.providerName === 'Anthropic' && generation.stopSequence !== undefined) {
		return { stop_sequence: generation.stopSequence };
	}
	return undefined;
}

export function renderConverseResponse(
	generation: Generation,
	parsed: ParsedConverse,
	model: CatalogueModel,
	cache: CacheUsage,
	latencyMs: number,
): JsonObject {
	const content: JsonObject[] = [];
	if (generation.reasoning !== undefined) {
		content.push({
			reasoningContent: {
				reasoningText: {
					text: generation.reasoning,
					signature: reasoningSignature(generation.reasoning),
				},
			},
		});
	}
	if (generation.text !== '' || !generation.toolUse) content.push({ text: generation.text });
	for (const toolUse of generation.toolUses ?? []) content.push({ toolUse });
	const response: JsonObject = {
		output: { message: { role: 'assistant', content } },
		stopReason: generation.stopReason,
		usage: converseUsage(generation, cache),
		metrics: { latencyMs },
	};
	const additional = additionalResponseFields(generation, model);
	if (additional) response.additionalModelResponseFields = additional;
	if (parsed.performanceConfig) response.performanceConfig = parsed.performanceConfig;
	return response;
}

export interface StreamEvent {
	type: string;
	payload: JsonObject;
}

/** The ConverseStream events of a generation, in order. */
export function converseStreamEvents(
	generation: Generation,
	parsed: ParsedConverse,
	model: CatalogueModel,
	cache: CacheUsage,
	latencyMs: number,
): StreamEvent[] {
	const events: StreamEvent[] = [{ type: 'messageStart', payload: { role: 'assistant' } }];
	let contentBlockIndex = 0;
	if (generation.reasoning !== undefined) {
		for (const text of splitDeltas(generation.reasoning)) {
			events.push({
				type: 'contentBlockDelta',
				payload: { delta: { reasoningContent: { text } }, contentBlockIndex },
			});
		}
		events.push({
			type: 'contentBlockDelta',
			payload: {
				delta: { reasoningContent: { signature: reasoningSignature(generation.reasoning) } },
				contentBlockIndex,
			},
		});
		events.push({ type: 'contentBlockStop', payload: { contentBlockIndex } });
		contentBlockIndex++;
	}
	if (generation.text !== '' || !generation.toolUse) {
		const deltas = generation.deltas.length > 0 ? generation.deltas : [generation.text];
		for (const text of deltas) {
			events.push({ type: 'contentBlockDelta', payload: { delta: { text }, contentBlockIndex } });
		}
		events.push({ type: 'contentBlockStop', payload: { contentBlockIndex } });
		contentBlockIndex++;
	}
	for (const { toolUseId, name, input } of generation.toolUses ?? []) {
		events.push({
			type: 'contentBlockStart',
			payload: { start: { toolUse: { toolUseId, name } }, contentBlockIndex },
		});
		// The input arrives in two fragments, as real streams split it.
		const json = JSON.stringify(input);
		const half = Math.ceil(json.length / 2);
		for (const fragment of [json.slice(0, half), json.slice(half)]) {
			if (fragment === '') continue;
			events.push({
				type: 'contentBlockDelta',
				payload: { delta: { toolUse: { input: fragment } }, contentBlockIndex },
			});
		}
		events.push({ type: 'contentBlockStop', payload: { contentBlockIndex } });
		contentBlockIndex++;
	}
	const stop: JsonObject = { stopReason: generation.stopReason };
	const additional = additionalResponseFields(generation, model);
	if (additional) stop.additionalModelResponseFields = additional;
	events.push({ type: 'messageStop', payload: stop });
	const metadata: JsonObject = { usage: converseUsage(generation, cache), metrics: { latencyMs } };
	if (parsed.performanceConfig) metadata.performanceConfig = parsed.performanceConfig;
	events.push({ type: 'metadata', payload: metadata });
	return events;
}
