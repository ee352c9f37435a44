/**
 * Converse and ConverseStream (POST /model/{modelId}/converse, /converse-stream): the request and
 * response formats are in ../converse.ts.
 */
import type { Operation, RequestContext } from '../context';
import { converseStreamEvents, parseConverseRequest, renderConverseResponse } from '../converse';
import { generateFor } from '../generation';
import { encodeEvent } from '../http/eventStream';
import { resolveTarget } from '../policy/access';
import { admitInference } from '../policy/admission';
import { EmulatorValidationError } from '../types';

async function converse(context: RequestContext, stream: boolean): Promise<void> {
	const { state } = context;
	const target = resolveTarget(state, context.params.modelId, {
		textGeneration: true,
		streaming: stream,
	});
	const { streamFails } = admitInference(state, target, {
		streaming: stream,
		record: context.record,
	});
	const started = Date.now();
	const parsed = parseConverseRequest(context.json(), target.modelId, target.model);
	if (stream && parsed.request.tools && !target.model.streamingToolUse) {
		throw new EmulatorValidationError("This model doesn't support tool use in streaming mode.");
	}
	const generation = generateFor(state, target, parsed.request);
	const cache = state.promptCache.use(parsed.cachePrefix);
	if (!stream) {
		await context.delay(target.behaviour.latencyMs);
		const response = renderConverseResponse(
			generation,
			parsed,
			target.model,
			cache,
			Date.now() - started,
		);
		return context.sendJson(response);
	}
	await context.delay(target.behaviour.timeToFirstTokenMs);
	const events = converseStreamEvents(generation, parsed, target.model, cache, 0);
	const metadata = events[events.length - 1].payload as { metrics: { latencyMs: number } };
	await context.sendEvents(
		events.map((event) => () => {
			if (event.type === 'metadata') metadata.metrics.latencyMs = Date.now() - started;
			return encodeEvent(event.type, event.payload);
		}),
		{ chunkDelayMs: target.behaviour.chunkDelayMs, fails: streamFails },
	);
}

export const converseOperation: Operation = {
	name: 'Converse',
	handle: (context) => converse(context, false),
};

export const converseStreamOperation: Operation = {
	name: 'ConverseStream',
	handle: (context) => converse(context, true),
};
