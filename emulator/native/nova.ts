/**
 * Amazon Nova understanding models (Micro, Lite, Pro, Premier, Nova 2) body on InvokeModel.
 * https://docs.aws.amazon.com/nova/latest/userguide/using-invoke-api.html
 * https://docs.aws.amazon.com/nova/latest/userguide/complete-request-schema.html
 */
import type {
	EmulatorMessage,
	EmulatorToolChoice,
	EmulatorToolSpec,
	Generation,
	GenerationRequest,
	NativeFormat,
} from '../types';
import {
	asGeneration,
	base64ByteLength,
	baseModelName,
	textDeltas,
	withoutUndefined,
} from './common';
import { isObject, validateBody, type JsonObject, type Schema } from './schema';

const looseObject: Schema = { type: 'object', additionalProperties: true };

/** Largest output per model: 10k tokens for Micro/Lite/Pro, 32k for Premier. */
function maxOutputTokens(modelId: string): number | undefined {
	if (/^amazon\.nova-(micro|lite|pro)-v1/.test(modelId)) return 10000;
	if (/^amazon\.nova-premier-v1/.test(modelId)) return 32000;
	return undefined;
}

function requestSchema(modelId: string): Schema {
	const maxTokens: Schema = { type: 'integer', minimum: 1, maximum: maxOutputTokens(modelId) };
	return {
		type: 'object',
		required: ['messages'],
		properties: {
			schemaVersion: { type: 'string', enum: ['messages-v1'] },
			system: { type: 'array', items: looseObject },
			messages: {
				type: 'array',
				minItems: 1,
				items: {
					type: 'object',
					required: ['role', 'content'],
					properties: {
						role: { type: 'string', enum: ['user', 'assistant'] },
						content: { type: 'array', items: looseObject },
					},
				},
			},
			inferenceConfig: {
				type: 'object',
				properties: {
					maxTokens,
					max_new_tokens: maxTokens,
					temperature: { type: 'number', minimum: 0, maximum: 1 },
					topP: { type: 'number', minimum: 0, maximum: 1 },
					top_p: { type: 'number', minimum: 0, maximum: 1 },
					topK: { type: 'integer', minimum: 0, maximum: 128 },
					top_k: { type: 'integer', minimum: 0, maximum: 128 },
					stopSequences: { type: 'array', items: { type: 'string' }, maxItems: 4 },
					reasoningConfig: looseObject,
				},
			},
			toolConfig: {
				type: 'object',
				properties: {
					tools: { type: 'array', items: looseObject },
					toolChoice: looseObject,
				},
			},
			reasoningConfig: looseObject,
		},
	};
}

function parseBlocks(role: 'user' | 'assistant', blocks: JsonObject[]): EmulatorMessage {
	const message: EmulatorMessage = { role, text: '' };
	const texts: string[] = [];
	for (const block of blocks) {
		if (typeof block.text === 'string') texts.push(block.text);
		const media = isObject(block.image)
			? block.image
			: isObject(block.video)
				? block.video
				: undefined;
		if (media) {
			const source = isObject(media.source) ? media.source : {};
			(message.images ??= []).push({
				format: String(media.format ?? 'png'),
				bytes: base64ByteLength(source.bytes),
			});
		}
		if (isObject(block.document)) {
			const source = isObject(block.document.source) ? block.document.source : {};
			(message.documents ??= []).push({
				format: String(block.document.format ?? 'pdf'),
				name: String(block.document.name ?? 'document'),
				bytes: base64ByteLength(source.bytes),
			});
		}
		if (isObject(block.toolUse)) {
			(message.toolUses ??= []).push({
				toolUseId: String(block.toolUse.toolUseId ?? ''),
				name: String(block.toolUse.name ?? ''),
				input: block.toolUse.input,
			});
		}
		if (isObject(block.toolResult)) {
			const content = Array.isArray(block.toolResult.content)
				? (block.toolResult.content as JsonObject[])
				: [];
			(message.toolResults ??= []).push(
				withoutUndefined({
					toolUseId: String(block.toolResult.toolUseId ?? ''),
					text: content
						.map((part) => (typeof part.text === 'string' ? part.text : JSON.stringify(part.json)))
						.join('\n'),
					status: block.toolResult.status === 'error' ? ('error' as const) : undefined,
				}),
			);
		}
	}
	message.text = texts.join('\n');
	return message;
}

function parseTools(toolConfig: JsonObject): {
	tools?: EmulatorToolSpec[];
	toolChoice?: EmulatorToolChoice;
} {
	const tools = Array.isArray(toolConfig.tools)
		? (toolConfig.tools as JsonObject[])
				.map((tool) => (isObject(tool.toolSpec) ? tool.toolSpec : undefined))
				.filter((spec): spec is JsonObject => spec !== undefined)
				.map((spec) =>
					withoutUndefined({
						name: String(spec.name ?? ''),
						description: typeof spec.description === 'string' ? spec.description : undefined,
						inputSchema:
							isObject(spec.inputSchema) && isObject(spec.inputSchema.json)
								? spec.inputSchema.json
								: { type: 'object' },
					}),
				)
		: undefined;
	const choice = isObject(toolConfig.toolChoice) ? toolConfig.toolChoice : {};
	let toolChoice: EmulatorToolChoice | undefined;
	if (isObject(choice.any)) toolChoice = 'any';
	else if (isObject(choice.auto)) toolChoice = 'auto';
	else if (isObject(choice.tool)) toolChoice = { tool: String(choice.tool.name ?? '') };
	return { tools: tools && tools.length > 0 ? tools : undefined, toolChoice };
}

function parseRequest(body: unknown, modelId: string): GenerationRequest {
	validateBody(body, requestSchema(baseModelName(modelId)));
	const config = isObject(body.inferenceConfig) ? body.inferenceConfig : {};
	const system = Array.isArray(body.system)
		? (body.system as JsonObject[])
				.filter((block) => typeof block.text === 'string')
				.map((block) => block.text as string)
				.join('\n')
		: undefined;
	const messages = (body.messages as JsonObject[]).map((message) =>
		parseBlocks(message.role as 'user' | 'assistant', message.content as JsonObject[]),
	);
	const { tools, toolChoice } = isObject(body.toolConfig) ? parseTools(body.toolConfig) : {};
	const reasoningConfig = isObject(body.reasoningConfig)
		? body.reasoningConfig
		: isObject(config.reasoningConfig)
			? config.reasoningConfig
			: undefined;
	return withoutUndefined({
		modelId,
		system: system === '' ? undefined : system,
		messages,
		maxTokens: (config.maxTokens ?? config.max_new_tokens) as number | undefined,
		temperature: config.temperature as number | undefined,
		topP: (config.topP ?? config.top_p) as number | undefined,
		topK: (config.topK ?? config.top_k) as number | undefined,
		stopSequences: config.stopSequences as string[] | undefined,
		tools,
		toolChoice,
		reasoning: reasoningConfig?.type === 'enabled' ? {} : undefined,
	});
}

function usage(generation: Generation): JsonObject {
	return {
		inputTokens: generation.inputTokens,
		outputTokens: generation.outputTokens,
		totalTokens: generation.inputTokens + generation.outputTokens,
		cacheReadInputTokenCount: 0,
		cacheWriteInputTokenCount: 0,
	};
}

export const novaFormat: NativeFormat = {
	id: 'nova',
	matches: (baseModelId) =>
		/^amazon\.nova-(micro|lite|pro|premier|2-lite|2-pro)/.test(baseModelName(baseModelId)),
	kind: 'text',
	parseRequest,
	renderResponse: (result) => {
		const generation = asGeneration(result);
		const content: JsonObject[] = [];
		if (generation.reasoning !== undefined) {
			content.push({ reasoningContent: { reasoningText: { text: generation.reasoning } } });
		}
		if (generation.text !== '' || !generation.toolUse) content.push({ text: generation.text });
		if (generation.toolUse) content.push({ toolUse: { ...generation.toolUse } });
		return {
			output: { message: { role: 'assistant', content } },
			stopReason: generation.stopReason,
			usage: usage(generation),
		};
	},
	renderStreamChunks: (generation) => {
		const chunks: unknown[] = [{ messageStart: { role: 'assistant' } }];
		let contentBlockIndex = 0;
		if (generation.reasoning !== undefined) {
			chunks.push({
				contentBlockDelta: {
					delta: { reasoningContent: { text: generation.reasoning } },
					contentBlockIndex,
				},
			});
			chunks.push({ contentBlockStop: { contentBlockIndex } });
			contentBlockIndex++;
		}
		if (generation.text !== '' || !generation.toolUse) {
			for (const text of textDeltas(generation)) {
				chunks.push({ contentBlockDelta: { delta: { text }, contentBlockIndex } });
			}
			chunks.push({ contentBlockStop: { contentBlockIndex } });
			contentBlockIndex++;
		}
		if (generation.toolUse) {
			const { toolUseId, name, input } = generation.toolUse;
			chunks.push({
				contentBlockStart: { start: { toolUse: { toolUseId, name } }, contentBlockIndex },
			});
			chunks.push({
				contentBlockDelta: {
					delta: { toolUse: { input: JSON.stringify(input) } },
					contentBlockIndex,
				},
			});
			chunks.push({ contentBlockStop: { contentBlockIndex } });
		}
		chunks.push({ messageStop: { stopReason: generation.stopReason } });
		chunks.push({ metadata: { usage: usage(generation), metrics: {}, trace: {} } });
		return chunks;
	},
	streamMetrics: true,
};
