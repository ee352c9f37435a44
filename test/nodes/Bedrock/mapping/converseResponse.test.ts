import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ConverseResponse } from '@aws-sdk/client-bedrock-runtime';

import {
	normaliseConverseResponse,
	rawOutput,
	toStopReason,
} from '../../../../nodes/Bedrock/mapping/converseResponse';

function fixture(name: string): ConverseResponse {
	const { _source, ...response } = JSON.parse(
		readFileSync(join(__dirname, '../../../fixtures/converse', `${name}.json`), 'utf8'),
	) as ConverseResponse & { _source: string };
	expect(_source).toMatch(/^https:\/\//);
	return response;
}

describe('normaliseConverseResponse', () => {
	it('reads text, stop reason and usage', () => {
		const reply = normaliseConverseResponse(fixture('text'));
		expect(reply.text).toBe(
			'Let me count the "r"s in "strawberry":\n\ns-t-**r**-a-w-b-e-**r**-**r**-y\n\nThere are **3** "r"s in "strawberry."',
		);
		expect(reply.stopReason).toBe('end_turn');
		expect(reply.usage).toEqual({
			inputTokens: 22,
			outputTokens: 57,
			totalTokens: 79,
			cacheReadInputTokens: 0,
			cacheWriteInputTokens: 0,
		});
		expect(reply.reasoning).toBeUndefined();
		expect(reply.toolCalls).toBeUndefined();
		expect(reply.message.role).toBe('assistant');
	});

	it('reads reasoning apart from the answer', () => {
		const reply = normaliseConverseResponse(fixture('reasoning'));
		expect(reply.reasoning).toBe(
			'Let me count the r\'s in "strawberry":\n\ns-t-r-a-w-b-e-r-r-y\n\nThere are 3 r\'s.',
		);
		expect(reply.text).toBe('There are **3** r\'s in "strawberry":\n\n1. st**r**awbe**r****r**y');
	});

	it('reads tool calls', () => {
		const reply = normaliseConverseResponse(fixture('tool-call'));
		expect(reply.stopReason).toBe('tool_use');
		expect(reply.toolCalls).toEqual([
			{ id: 'tool-use-id', name: 'bash', input: { command: 'ls -l' } },
		]);
		expect(reply.text).toBe('');
	});

	it('reads cache tokens', () => {
		expect(normaliseConverseResponse(fixture('cache-usage')).usage).toEqual({
			inputTokens: 13,
			outputTokens: 4,
			totalTokens: 17,
			cacheReadInputTokens: 3,
			cacheWriteInputTokens: 2,
		});
	});

	it('fills usage in when Bedrock sends none', () => {
		const reply = normaliseConverseResponse({
			output: undefined,
			stopReason: undefined,
			usage: undefined,
		});
		expect(reply).toMatchObject({ text: '', stopReason: 'end_turn', usage: { totalTokens: 0 } });
	});

	it('keeps Bedrock’s own word when it maps a newer stop reason', () => {
		const reply = normaliseConverseResponse({
			...fixture('text'),
			stopReason: 'model_context_window_exceeded',
		});
		expect(reply.stopReason).toBe('max_tokens');
		expect(reply.stopReasonDetail).toBe('model_context_window_exceeded');
	});
});

describe('toStopReason', () => {
	it.each([
		['end_turn', 'end_turn'],
		['max_tokens', 'max_tokens'],
		['stop_sequence', 'stop_sequence'],
		['tool_use', 'tool_use'],
		['content_filtered', 'content_filtered'],
		['guardrail_intervened', 'guardrail_intervened'],
		['model_context_window_exceeded', 'max_tokens'],
		['malformed_tool_use', 'tool_use'],
		['malformed_model_output', 'end_turn'],
		[undefined, 'end_turn'],
	])('%s is %s', (raw, expected) => {
		expect(toStopReason(raw)).toBe(expected);
	});
});

describe('rawOutput', () => {
	it('drops $metadata and encodes bytes as base64', () => {
		expect(
			rawOutput({
				$metadata: { httpStatusCode: 200 },
				stopReason: 'end_turn',
				output: {
					message: { content: [{ reasoningContent: { redactedContent: Buffer.from('hi') } }] },
				},
			}),
		).toEqual({
			stopReason: 'end_turn',
			output: { message: { content: [{ reasoningContent: { redactedContent: 'aGk=' } }] } },
		});
	});
});
