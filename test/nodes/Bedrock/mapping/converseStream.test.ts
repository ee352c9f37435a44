import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ConverseResponse, ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';

import { normaliseConverseResponse } from '../../../../nodes/Bedrock/mapping/converseResponse';
import { ConverseStreamAggregator } from '../../../../nodes/Bedrock/mapping/converseStream';

function events(name: string): ConverseStreamOutput[] {
	return (
		JSON.parse(
			readFileSync(join(__dirname, '../../../fixtures/converse', `${name}.json`), 'utf8'),
		) as {
			events: ConverseStreamOutput[];
		}
	).events;
}

function aggregate(list: ConverseStreamOutput[]) {
	const aggregator = new ConverseStreamAggregator();
	const deltas = list.map((event) => aggregator.push(event)).filter((delta) => delta !== '');
	return { deltas, response: aggregator.finish() };
}

describe('ConverseStreamAggregator', () => {
	it('returns the text deltas and adds them up to the reply', () => {
		const { deltas, response } = aggregate(events('stream-text'));
		const reply = normaliseConverseResponse(response);
		expect(deltas.join('')).toBe(reply.text);
		expect(reply.text).toBe(
			'Let me count the "r"s in "strawberry":\n\ns-t-**r**-a-w-b-e-**r**-**r**-y\n\nThere are **3** r\'s in "strawberry."',
		);
		expect(reply.stopReason).toBe('end_turn');
		expect(reply.usage).toMatchObject({ inputTokens: 22, outputTokens: 55, totalTokens: 77 });
		expect(response.metrics).toEqual({ latencyMs: 2040 });
	});

	it('keeps reasoning (with its signature) apart from the answer', () => {
		const { deltas, response } = aggregate(events('stream-reasoning'));
		const reply = normaliseConverseResponse(response);
		expect(reply.reasoning).toBe(
			'Let me count the r\'s in "strawberry":\n\ns-t-r-a-w-b-e-r-r-y\n\nr appears at positions 3, 8, and 9.\n\nSo there are 3 r\'s.',
		);
		expect(deltas.join('')).toBe(reply.text);
		expect(
			response.output?.message?.content?.[0].reasoningContent?.reasoningText?.signature,
		).toMatch(/^Ep0C/);
	});

	it('joins tool input fragments into the tool call', () => {
		const { deltas, response } = aggregate(events('stream-tool-call'));
		const reply = normaliseConverseResponse(response);
		expect(deltas).toEqual([]);
		expect(reply.stopReason).toBe('tool_use');
		expect(reply.toolCalls).toEqual([
			{ id: 'tool-use-id', name: 'test-tool', input: { value: 'Sparkle Day' } },
		]);
	});

	it('gives the same output as the non-streamed response of the same reply', () => {
		const recorded = JSON.parse(
			readFileSync(join(__dirname, '../../../fixtures/converse/reasoning.json'), 'utf8'),
		) as ConverseResponse;
		const streamed: ConverseStreamOutput[] = [
			{ messageStart: { role: 'assistant' } },
			...(recorded.output?.message?.content ?? []).flatMap(
				(block, index): ConverseStreamOutput[] => {
					if (block.text !== undefined) {
						return [
							{
								contentBlockDelta: {
									contentBlockIndex: index,
									delta: { text: block.text.slice(0, 5) },
								},
							},
							{
								contentBlockDelta: {
									contentBlockIndex: index,
									delta: { text: block.text.slice(5) },
								},
							},
						];
					}
					const reasoning = block.reasoningContent?.reasoningText;
					return [
						{
							contentBlockDelta: {
								contentBlockIndex: index,
								delta: { reasoningContent: { text: reasoning?.text ?? '' } },
							},
						},
						{
							contentBlockDelta: {
								contentBlockIndex: index,
								delta: { reasoningContent: { signature: reasoning?.signature ?? '' } },
							},
						},
					];
				},
			),
			{ messageStop: { stopReason: recorded.stopReason } },
			{ metadata: { usage: recorded.usage, metrics: recorded.metrics } },
		];
		const fromStream = normaliseConverseResponse(aggregate(streamed).response);
		const fromCall = normaliseConverseResponse(recorded);
		expect(fromStream).toEqual(fromCall);
	});

	it('treats a tool call without input as no arguments', () => {
		const { response } = aggregate([
			{
				contentBlockStart: {
					contentBlockIndex: 0,
					start: { toolUse: { toolUseId: 'a', name: 'now' } },
				},
			},
			{ contentBlockStop: { contentBlockIndex: 0 } },
			{ messageStop: { stopReason: 'tool_use' } },
		]);
		expect(normaliseConverseResponse(response).toolCalls).toEqual([
			{ id: 'a', name: 'now', input: {} },
		]);
	});
});
