/**
 * The chat model n8n's agents and chains call. This module loads n8n's AI node SDK, so it is only
 * required from `supplyData`: n8n 1.x has no SDK, and the package's other nodes must still load.
 */
import { BaseChatModel, getParametersJsonSchema } from '@n8n/ai-node-sdk';
import type { ChatModelConfig, GenerateResult, Message, StreamChunk, Tool } from '@n8n/ai-node-sdk';
import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type {
	ConverseOptions,
	ConverseRequest,
	ToolDefinition,
} from '../../Bedrock/mapping/converseRequest';
import { bedrockErrorInfoOf, toNodeApiError } from '../../Bedrock/transport/errors';
import { toGenerateResult } from '../mapping/fromConverse';
import { chunksOfResult, ConverseStreamChunks } from '../mapping/streamChunks';
import { toChatConverseRequest } from '../mapping/toConverse';
import type { ConverseTransport } from '../transport/converseTransport';

export interface BedrockChatModelSettings {
	modelId: string;
	/** The region calls go to (an ARN's region, else the credential's), for prices. */
	region: string;
	options: ConverseOptions;
	node: INode;
	itemIndex: number;
	transport: ConverseTransport;
}

/** What LangChain passes as call options, besides the SDK's own config. */
interface CallOptions extends ChatModelConfig {
	signal?: AbortSignal;
	stop?: string[];
}

/** Bedrock's answer to tools on ConverseStream for models that take them only on Converse. */
const NO_STREAMING_TOOLS = /tool use in streaming mode|streaming.*tool|tool.*stream/i;

function toolDefinitions(tools: Tool[]): ToolDefinition[] {
	return tools.flatMap((tool): ToolDefinition[] => {
		// Provider tools are another vendor's built-ins (web search and the like); Bedrock has none.
		if (tool.type !== 'function') return [];
		return [
			{
				name: tool.name,
				description: tool.description,
				inputSchema: getParametersJsonSchema(tool),
			},
		];
	});
}

export class BedrockChatModel extends BaseChatModel<CallOptions> {
	constructor(private readonly settings: BedrockChatModelSettings) {
		super('amazon-bedrock', settings.modelId);
	}

	/** The Converse request of a call; local input problems are refused before anything is sent. */
	private request(messages: Message[], config: CallOptions | undefined): ConverseRequest {
		try {
			return toChatConverseRequest({
				modelId: this.settings.modelId,
				options: this.settings.options,
				messages,
				tools: toolDefinitions(this.tools),
				stopSequences: config?.stopSequences ?? config?.stop,
			});
		} catch (error) {
			throw new NodeOperationError(this.settings.node, (error as Error).message, {
				itemIndex: this.settings.itemIndex,
				description: 'Nothing was sent to Bedrock for this call.',
			});
		}
	}

	private get context() {
		return { modelId: this.settings.modelId, region: this.settings.region };
	}

	async generate(messages: Message[], config?: CallOptions): Promise<GenerateResult> {
		const request = this.request(messages, config);
		const response = await this.settings.transport.converse(request, signalOf(config));
		return toGenerateResult(response, this.context);
	}

	async *stream(messages: Message[], config?: CallOptions): AsyncIterable<StreamChunk> {
		const request = this.request(messages, config);
		let events: AsyncIterable<ConverseStreamOutput>;
		try {
			events = await this.settings.transport.converseStream(request, signalOf(config));
		} catch (error) {
			if (request.input.toolConfig && refusesStreamingTools(error)) {
				// The model takes tools only without streaming: the whole reply comes at once.
				const response = await this.settings.transport.converse(request, signalOf(config));
				yield* chunksOfResult(toGenerateResult(response, this.context));
				return;
			}
			throw toNodeApiError(this.settings.node, error, this.settings.itemIndex);
		}
		const chunks = new ConverseStreamChunks(this.context);
		for await (const event of events) yield* chunks.push(event);
		yield* chunks.finish();
	}
}

function signalOf(config: CallOptions | undefined): AbortSignal | undefined {
	return config?.abortSignal ?? config?.signal;
}

function refusesStreamingTools(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	const info = bedrockErrorInfoOf(error);
	return info?.code === 'ValidationException' && NO_STREAMING_TOOLS.test(info.message);
}
