/**
 * InvokeModel and InvokeModelWithResponseStream (POST /model/{modelId}/invoke,
 * /invoke-with-response-stream): the body is the model family's native format (../native/).
 */
import type { Operation, RequestContext } from '../context';
import { embed } from '../engine';
import { generateImages } from '../images/engine';
import { findImageFormat } from '../native';
import { BedrockError } from '../errors';
import { generateFor, nativeFormatOf } from '../generation';
import { encodeEvent } from '../http/eventStream';
import { isObject } from '../http/json';
import { resolveTarget } from '../policy/access';
import { admitInference } from '../policy/admission';
import type { EmbeddingRequest } from '../types';

async function invoke(context: RequestContext, stream: boolean): Promise<void> {
	const { state } = context;
	const target = resolveTarget(state, context.params.modelId, { streaming: stream });
	const { streamFails } = admitInference(state, target, {
		streaming: stream,
		record: context.record,
	});
	const started = Date.now();
	const imageFormat = findImageFormat(target.model.modelId);
	if (imageFormat) {
		// Image models answer InvokeModel only; their bodies carry no token counts.
		if (stream)
			throw new BedrockError('ValidationException', 'The model is unsupported for streaming.');
		const imageRequest = imageFormat.parseRequest(context.json(), target.modelId);
		const generation = generateImages(imageRequest, imageFormat.maxSeed);
		await context.delay(target.behaviour.latencyMs);
		return context.sendJson(imageFormat.renderResponse(generation, imageRequest), {
			'x-amzn-bedrock-invocation-latency': String(Date.now() - started),
		});
	}
	const format = nativeFormatOf(target.model);
	const request = format.parseRequest(context.json(), target.modelId);
	if (format.kind === 'embedding' || !('messages' in request)) {
		const embeddingRequest = request as EmbeddingRequest;
		const result = embed(embeddingRequest);
		state.quotas.recordTokens(target.model.modelId, result.inputTokens);
		await context.delay(target.behaviour.latencyMs);
		return context.sendJson(format.renderResponse(result, embeddingRequest), {
			'x-amzn-bedrock-input-token-count': String(result.inputTokens),
			'x-amzn-bedrock-invocation-latency': String(Date.now() - started),
		});
	}
	const generation = generateFor(state, target, request);
	if (!stream) {
		await context.delay(target.behaviour.latencyMs);
		return context.sendJson(format.renderResponse(generation, request), {
			'x-amzn-bedrock-input-token-count': String(generation.inputTokens),
			'x-amzn-bedrock-output-token-count': String(generation.outputTokens),
			'x-amzn-bedrock-invocation-latency': String(Date.now() - started),
		});
	}
	await context.delay(target.behaviour.timeToFirstTokenMs);
	const firstByteLatency = Date.now() - started;
	const chunks = format.renderStreamChunks(generation, request);
	await context.sendEvents(
		chunks.map((chunk, index) => () => {
			let payload = chunk;
			if (format.streamMetrics && index === chunks.length - 1 && isObject(chunk)) {
				payload = {
					...chunk,
					'amazon-bedrock-invocationMetrics': {
						inputTokenCount: generation.inputTokens,
						outputTokenCount: generation.outputTokens,
						invocationLatency: Date.now() - started,
						firstByteLatency,
					},
				};
			}
			return encodeEvent('chunk', {
				bytes: Buffer.from(JSON.stringify(payload)).toString('base64'),
			});
		}),
		{
			chunkDelayMs: target.behaviour.chunkDelayMs,
			fails: streamFails,
			headers: { 'x-amzn-bedrock-content-type': 'application/json' },
		},
	);
}

export const invokeModelOperation: Operation = {
	name: 'InvokeModel',
	handle: (context) => invoke(context, false),
};

export const invokeModelWithResponseStreamOperation: Operation = {
	name: 'InvokeModelWithResponseStream',
	handle: (context) => invoke(context, true),
};
