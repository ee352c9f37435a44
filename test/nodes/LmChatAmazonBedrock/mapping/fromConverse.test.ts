import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';

import {
	toFinishReason,
	toGenerateResult,
	toTokenUsage,
} from '../../../../nodes/LmChatAmazonBedrock/mapping/fromConverse';
import {
	chunksOfResult,
	ConverseStreamChunks,
} from '../../../../nodes/LmChatAmazonBedrock/mapping/streamChunks';
import { BEDROCK_BLOCK } from '../../../../nodes/LmChatAmazonBedrock/mapping/toConverse';

const CONTEXT = { modelId: 'anthropic.claude-3-haiku-20240307-v1:0', region: 'us-east-1' };

describe('usage', () => {
	it('counts cached input among the prompt tokens, with reads and writes apart', () => {
		expect(
			toTokenUsage({
				inputTokens: 10,
				outputTokens: 5,
				totalTokens: 1015,
				cacheReadInputTokens: 600,
				cacheWriteInputTokens: 400,
			}),
		).toEqual({
			promptTokens: 1010,
			completionTokens: 5,
			totalTokens: 1015,
			inputTokenDetails: { cacheRead: 600 },
			additionalMetadata: {
				inputTokens: 10,
				cacheReadInputTokens: 600,
				cacheWriteInputTokens: 400,
			},
		});
		expect(toTokenUsage(undefined)).toBeUndefined();
	});

	it('maps every stop reason onto a finish reason', () => {
		expect(
			[
				'end_turn',
				'stop_sequence',
				'max_tokens',
				'model_context_window_exceeded',
				'tool_use',
				'guardrail_intervened',
				'content_filtered',
				'something_new',
			].map(toFinishReason),
		).toEqual([
			'stop',
			'stop',
			'length',
			'length',
			'tool-calls',
			'content-filter',
			'content-filter',
			'other',
		]);
	});
});

describe('a Converse response to the SDK’s result', () => {
	it('gives text, reasoning (readable and signed), tool calls, usage and cost', () => {
		const reasoning = { reasoningContent: { reasoningText: { text: 'Think.', signature: 's1' } } };
		const result = toGenerateResult(
			{
				output: {
					message: {
						role: 'assistant',
						content: [
							reasoning,
							{ text: 'Calling.' },
							{ toolUse: { toolUseId: 't1', name: 'get_weather', input: { city: 'Rome' } } },
						],
					},
				},
				stopReason: 'tool_use',
				usage: { inputTokens: 100, outputTokens: 20, totalTokens: 120 },
				metrics: { latencyMs: 42 },
				$metadata: { requestId: 'req-1' },
			},
			CONTEXT,
		);
		expect(result.id).toBe('req-1');
		expect(result.finishReason).toBe('tool-calls');
		expect(result.message.content).toEqual([
			{ type: 'reasoning', text: 'Think.' },
			{ type: 'provider', value: { [BEDROCK_BLOCK]: reasoning } },
			{ type: 'text', text: 'Calling.' },
			{ type: 'tool-call', toolCallId: 't1', toolName: 'get_weather', input: '{"city":"Rome"}' },
		]);
		expect(result.usage?.promptTokens).toBe(100);
		expect(result.providerMetadata).toMatchObject({
			stopReason: 'tool_use',
			latencyMs: 42,
			bedrockUsage: { inputTokens: 100, outputTokens: 20 },
			cost: { totalUsd: expect.any(Number) },
		});
	});
});

describe('stream events to stream chunks', () => {
	const events: ConverseStreamOutput[] = [
		{ messageStart: { role: 'assistant' } },
		{ contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'Checking ' } } },
		{ contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'both.' } } },
		{ contentBlockStop: { contentBlockIndex: 0 } },
		{
			contentBlockStart: {
				contentBlockIndex: 1,
				start: { toolUse: { toolUseId: 't1', name: 'get_weather' } },
			},
		},
		{ contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: '{"city":' } } } },
		{ contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: '"Rome"}' } } } },
		{ contentBlockStop: { contentBlockIndex: 1 } },
		{
			contentBlockStart: {
				contentBlockIndex: 2,
				start: { toolUse: { toolUseId: 't2', name: 'get_time' } },
			},
		},
		{ contentBlockStop: { contentBlockIndex: 2 } },
		{ messageStop: { stopReason: 'tool_use' } },
		{
			metadata: {
				usage: { inputTokens: 50, outputTokens: 9, totalTokens: 59, cacheReadInputTokens: 7 },
				metrics: { latencyMs: 30 },
			},
		},
	];

	it('passes text deltas at once, each tool call whole when its block ends, usage last', () => {
		const mapper = new ConverseStreamChunks(CONTEXT);
		const perEvent = events.map((event) => mapper.push(event));
		expect(perEvent[1]).toEqual([{ type: 'text-delta', delta: 'Checking ' }]);
		expect(perEvent[5]).toEqual([]);
		expect(perEvent[7]).toEqual([
			{ type: 'tool-call-delta', id: 't1', name: 'get_weather', argumentsDelta: '{"city":"Rome"}' },
		]);
		expect(perEvent[9]).toEqual([
			{ type: 'tool-call-delta', id: 't2', name: 'get_time', argumentsDelta: '{}' },
		]);
		const [finish] = mapper.finish();
		expect(finish).toMatchObject({
			type: 'finish',
			finishReason: 'tool-calls',
			usage: { promptTokens: 57, completionTokens: 9, inputTokenDetails: { cacheRead: 7 } },
			providerMetadata: { latencyMs: 30, stopReason: 'tool_use' },
		});
	});

	it('sends reasoning deltas, then the signed block as a content chunk', () => {
		const mapper = new ConverseStreamChunks(CONTEXT);
		expect(
			mapper.push({
				contentBlockDelta: { contentBlockIndex: 0, delta: { reasoningContent: { text: 'Hm' } } },
			}),
		).toEqual([{ type: 'reasoning-delta', delta: 'Hm' }]);
		mapper.push({
			contentBlockDelta: {
				contentBlockIndex: 0,
				delta: { reasoningContent: { signature: 'sig' } },
			},
		});
		expect(mapper.push({ contentBlockStop: { contentBlockIndex: 0 } })).toEqual([
			{
				type: 'content',
				content: {
					type: 'provider',
					value: {
						[BEDROCK_BLOCK]: {
							reasoningContent: { reasoningText: { text: 'Hm', signature: 'sig' } },
						},
					},
				},
			},
		]);
	});

	it('flushes a tool call whose block was never closed', () => {
		const mapper = new ConverseStreamChunks(CONTEXT);
		mapper.push(events[4]);
		mapper.push(events[5]);
		const chunks = mapper.finish();
		expect(chunks.map((chunk) => chunk.type)).toEqual(['tool-call-delta', 'finish']);
		expect(chunks[1]).toMatchObject({ finishReason: 'other', usage: undefined });
	});

	it('hands a whole reply on as chunks (models that take tools only without streaming)', () => {
		const chunks = chunksOfResult({
			finishReason: 'tool-calls',
			message: {
				role: 'assistant',
				content: [
					{ type: 'text', text: 'Calling.' },
					{ type: 'tool-call', toolCallId: 't1', toolName: 'get_weather', input: '{}' },
				],
			},
		});
		expect(chunks).toEqual([
			{ type: 'text-delta', delta: 'Calling.' },
			{ type: 'tool-call-delta', id: 't1', name: 'get_weather', argumentsDelta: '{}' },
			{ type: 'finish', finishReason: 'tool-calls', usage: undefined, providerMetadata: undefined },
		]);
	});
});
