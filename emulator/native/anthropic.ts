/**
 * Anthropic Claude, Messages API body on InvokeModel.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages.html
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html
 * Streaming events: https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
import type {
	EmulatorMessage,
	EmulatorToolChoice,
	EmulatorToolSpec,
	Generation,
	GenerationRequest,
	NativeFormat,
} from '../types';
import { EmulatorValidationError } from '../types';
import {
	asGeneration,
	base64ByteLength,
	baseModelName,
	splitWords,
	stableId,
	textDeltas,
	withoutUndefined,
} from './common';
import { isObject, validateBody, type JsonObject, type Schema } from './schema';

const looseObject: Schema = { type: 'object', additionalProperties: true };

const requestSchema: Schema = {
	type: 'object',
	required: ['anthropic_version', 'max_tokens', 'messages'],
	properties: {
		anthropic_version: { type: 'string', enum: ['bedrock-2023-05-31'] },
		anthropic_beta: { type: 'array', items: { type: 'string' } },
		max_tokens: { type: 'integer', minimum: 1 },
		messages: {
			type: 'array',
			items: {
				type: 'object',
				required: ['role', 'content'],
				properties: {
					role: { type: 'string', enum: ['user', 'assistant'] },
					content: { anyOf: [{ type: 'string' }, { type: 'array', items: looseObject }] },
				},
			},
		},
		system: { anyOf: [{ type: 'string' }, { type: 'array', items: looseObject }] },
		temperature: { type: 'number', minimum: 0, maximum: 1 },
		top_p: { type: 'number', minimum: 0, maximum: 1 },
		top_k: { type: 'integer', minimum: 0, maximum: 500 },
		stop_sequences: { type: 'array', items: { type: 'string' }, maxItems: 8191 },
		tools: { type: 'array', items: looseObject },
		tool_choice: {
			type: 'object',
			required: ['type'],
			properties: {
				type: { type: 'string', enum: ['auto', 'any', 'tool', 'none'] },
				name: { type: 'string' },
				disable_parallel_tool_use: { type: 'boolean' },
			},
		},
		thinking: {
			type: 'object',
			required: ['type'],
			properties: {
				type: { type: 'string', enum: ['enabled', 'disabled'] },
				budget_tokens: { type: 'integer' },
			},
		},
	},
};

const contentBlockTypes = [
	'document',
	'image',
	'redacted_thinking',
	'text',
	'thinking',
	'tool_result',
	'tool_use',
];

/** Semantic errors come from Anthropic's own API, relayed in its wording. */
function apiError(message: string): EmulatorValidationError {
	return new EmulatorValidationError(message);
}

function blockText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return '';
	return content
		.filter((block): block is JsonObject => isObject(block) && block.type === 'text')
		.map((block) => String(block.text ?? ''))
		.join('\n');
}

function parseMessage(raw: JsonObject, messageIndex: number): EmulatorMessage {
	const role = raw.role as 'user' | 'assistant';
	if (typeof raw.content === 'string') return { role, text: raw.content };
	const blocks = raw.content as JsonObject[];
	const message: EmulatorMessage = { role, text: '' };
	const texts: string[] = [];
	blocks.forEach((block, blockIndex) => {
		const where = `messages.${messageIndex}.content.${blockIndex}`;
		const type = block.type;
		if (typeof type !== 'string' || !contentBlockTypes.includes(type)) {
			throw apiError(
				`${where}: Input tag '${String(type)}' found using 'type' does not match any of the expected tags: ${contentBlockTypes.map((tag) => `'${tag}'`).join(', ')}`,
			);
		}
		const source = isObject(block.source) ? block.source : {};
		switch (type) {
			case 'text':
				if (typeof block.text !== 'string') throw apiError(`${where}.text: Field required`);
				if (block.text === '') throw apiError('messages: text content blocks must be non-empty');
				texts.push(block.text);
				break;
			case 'image':
				(message.images ??= []).push({
					format: String(source.media_type ?? 'image/png').replace(/^image\//, ''),
					bytes: base64ByteLength(source.data),
				});
				break;
			case 'document':
				(message.documents ??= []).push({
					format: source.type === 'text' ? 'txt' : 'pdf',
					name: typeof block.title === 'string' ? block.title : 'document',
					bytes:
						source.type === 'text'
							? Buffer.byteLength(String(source.data ?? ''))
							: base64ByteLength(source.data),
				});
				break;
			case 'tool_use':
				(message.toolUses ??= []).push({
					toolUseId: String(block.id),
					name: String(block.name),
					input: block.input,
				});
				break;
			case 'tool_result':
				(message.toolResults ??= []).push({
					toolUseId: String(block.tool_use_id),
					text: blockText(block.content),
					status: block.is_error === true ? 'error' : 'success',
				});
				break;
			default:
				// thinking / redacted_thinking blocks are replayed context only
				break;
		}
	});
	message.text = texts.join('\n');
	return message;
}

function parseTools(tools: unknown): EmulatorToolSpec[] | undefined {
	if (!Array.isArray(tools) || tools.length === 0) return undefined;
	return (tools as JsonObject[]).map((tool, index) => {
		if (typeof tool.name !== 'string') throw apiError(`tools.${index}.name: Field required`);
		return {
			name: tool.name,
			description: typeof tool.description === 'string' ? tool.description : undefined,
			inputSchema: isObject(tool.input_schema) ? tool.input_schema : { type: 'object' },
		};
	});
}

function parseToolChoice(choice: unknown): EmulatorToolChoice | undefined {
	if (!isObject(choice)) return undefined;
	if (choice.type === 'any') return 'any';
	if (choice.type === 'tool') {
		if (typeof choice.name !== 'string') throw apiError('tool_choice.tool.name: Field required');
		return { tool: choice.name };
	}
	if (choice.type === 'auto') return 'auto';
	return undefined;
}

function parseRequest(body: unknown, modelId: string): GenerationRequest {
	validateBody(body, requestSchema);
	const maxTokens = body.max_tokens as number;
	const messages = (body.messages as JsonObject[]).map(parseMessage);
	if (messages.length === 0) throw apiError('messages: at least one message is required');
	for (let index = 1; index < messages.length; index++) {
		if (messages[index].role === messages[index - 1].role) {
			throw apiError(
				`messages: roles must alternate between "user" and "assistant", but found multiple "${messages[index].role}" roles in a row`,
			);
		}
	}
	const request: GenerationRequest = { modelId, messages, maxTokens };
	if (body.system !== undefined) request.system = blockText(body.system);
	if (body.temperature !== undefined) request.temperature = body.temperature as number;
	if (body.top_p !== undefined) request.topP = body.top_p as number;
	if (body.top_k !== undefined) request.topK = body.top_k as number;
	if (body.stop_sequences !== undefined) request.stopSequences = body.stop_sequences as string[];
	request.tools = parseTools(body.tools);
	request.toolChoice =
		body.tool_choice === undefined ? undefined : parseToolChoice(body.tool_choice);
	if (isObject(body.thinking) && body.thinking.type === 'enabled') {
		const budget = body.thinking.budget_tokens;
		if (typeof budget !== 'number')
			throw apiError('thinking.enabled.budget_tokens: Field required');
		if (budget < 1024) {
			throw apiError(
				'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024',
			);
		}
		if (maxTokens <= budget) {
			throw apiError('`max_tokens` must be greater than `thinking.budget_tokens`.');
		}
		if (request.temperature !== undefined && request.temperature !== 1) {
			throw apiError('`temperature` may only be set to 1 when thinking is enabled.');
		}
		request.reasoning = { budgetTokens: budget };
	}
	return withoutUndefined(request);
}

/** `anthropic.claude-3-haiku-20240307-v1:0` answers with `model: "claude-3-haiku-20240307"`. */
export function anthropicModelName(modelId: string): string {
	return baseModelName(modelId)
		.replace(/^anthropic\./, '')
		.replace(/-v\d+(:\d+)?$/, '');
}

function messageId(generation: Generation, request: GenerationRequest): string {
	return `msg_bdrk_${stableId(`${request.modelId}\n${generation.text}\n${generation.inputTokens}`, 24, 'base62')}`;
}

function thinkingSignature(reasoning: string): string {
	return Buffer.from(stableId(`signature\n${reasoning}`, 64)).toString('base64');
}

const renderResponse: NativeFormat['renderResponse'] = (result, request) => {
	const generation = asGeneration(result);
	const generationRequest = request as GenerationRequest;
	const content: JsonObject[] = [];
	if (generation.reasoning !== undefined) {
		content.push({
			type: 'thinking',
			thinking: generation.reasoning,
			signature: thinkingSignature(generation.reasoning),
		});
	}
	if (generation.text !== '' || !generation.toolUse)
		content.push({ type: 'text', text: generation.text });
	if (generation.toolUse) {
		content.push({
			type: 'tool_use',
			id: generation.toolUse.toolUseId,
			name: generation.toolUse.name,
			input: generation.toolUse.input,
		});
	}
	return {
		id: messageId(generation, generationRequest),
		type: 'message',
		role: 'assistant',
		model: anthropicModelName(generationRequest.modelId),
		content,
		stop_reason: generation.stopReason,
		stop_sequence: generation.stopSequence ?? null,
		usage: { input_tokens: generation.inputTokens, output_tokens: generation.outputTokens },
	};
};

function renderStreamChunks(generation: Generation, request: GenerationRequest): unknown[] {
	const chunks: unknown[] = [
		{
			type: 'message_start',
			message: {
				id: messageId(generation, request),
				type: 'message',
				role: 'assistant',
				model: anthropicModelName(request.modelId),
				content: [],
				stop_reason: null,
				stop_sequence: null,
				usage: { input_tokens: generation.inputTokens, output_tokens: 1 },
			},
		},
	];
	let index = 0;
	if (generation.reasoning !== undefined) {
		chunks.push({
			type: 'content_block_start',
			index,
			content_block: { type: 'thinking', thinking: '', signature: '' },
		});
		for (const piece of splitWords(generation.reasoning)) {
			chunks.push({
				type: 'content_block_delta',
				index,
				delta: { type: 'thinking_delta', thinking: piece },
			});
		}
		chunks.push({
			type: 'content_block_delta',
			index,
			delta: { type: 'signature_delta', signature: thinkingSignature(generation.reasoning) },
		});
		chunks.push({ type: 'content_block_stop', index });
		index++;
	}
	if (generation.text !== '' || !generation.toolUse) {
		chunks.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
		for (const text of textDeltas(generation)) {
			chunks.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
		}
		chunks.push({ type: 'content_block_stop', index });
		index++;
	}
	if (generation.toolUse) {
		const { toolUseId, name, input } = generation.toolUse;
		chunks.push({
			type: 'content_block_start',
			index,
			content_block: { type: 'tool_use', id: toolUseId, name, input: {} },
		});
		chunks.push({
			type: 'content_block_delta',
			index,
			delta: { type: 'input_json_delta', partial_json: '' },
		});
		chunks.push({
			type: 'content_block_delta',
			index,
			delta: { type: 'input_json_delta', partial_json: JSON.stringify(input) },
		});
		chunks.push({ type: 'content_block_stop', index });
	}
	chunks.push({
		type: 'message_delta',
		delta: { stop_reason: generation.stopReason, stop_sequence: generation.stopSequence ?? null },
		usage: { output_tokens: generation.outputTokens },
	});
	chunks.push({ type: 'message_stop' });
	return chunks;
}

export const anthropicFormat: NativeFormat = {
	id: 'anthropic',
	matches: (baseModelId) => /^anthropic\.claude/.test(baseModelName(baseModelId)),
	kind: 'text',
	parseRequest,
	renderResponse,
	renderStreamChunks,
	streamMetrics: true,
};
