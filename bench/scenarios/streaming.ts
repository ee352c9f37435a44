import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttp2Handler } from '@smithy/node-http-handler';
import { ExecutionLifecycleHooks } from 'n8n-core';
import type { StructuredChunk } from 'n8n-workflow';

import { EMULATOR_CREDENTIALS } from '../../emulator';
import { MB, median, MemorySampler, percentile, settleHeap, wallClock } from '../measure';
import type { MemoryPeak } from '../measure';
import { startRemoteEmulator } from '../remoteEmulator';
import type { SectionResult } from '../report';
import { figure, ms } from '../report';
import { inputItems, MODEL_ID, promptOf, runConverseNode } from '../workload';

const STREAMS = 30;
const TIME_TO_FIRST_TOKEN_MS = 20;
const CHUNK_DELAY_MS = 2;
const REPLY_BYTES = 5_000_000;

function runtimeClient(url: string): BedrockRuntimeClient {
	return new BedrockRuntimeClient({
		region: EMULATOR_CREDENTIALS.region,
		endpoint: url,
		credentials: {
			accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
			secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
		},
		requestHandler: new NodeHttp2Handler({ disableConcurrentStreams: false }),
	});
}

/**
 * Streams `count` replies one after another with the SDK alone; returns when each stream's first text
 * delta came out of the SDK, and the reply texts' total length.
 */
async function sdkStreams(
	url: string,
	count: number,
): Promise<{ firstDeltas: number[]; chars: number }> {
	const client = runtimeClient(url);
	const firstDeltas: number[] = [];
	let chars = 0;
	try {
		for (let index = 0; index < count; index++) {
			const output = await client.send(
				new ConverseStreamCommand({
					modelId: MODEL_ID,
					messages: [{ role: 'user', content: [{ text: promptOf(index) }] }],
				}),
			);
			const parts: string[] = [];
			for await (const event of output.stream ?? []) {
				const text = event.contentBlockDelta?.delta?.text;
				if (text === undefined) continue;
				if (parts.length === 0) firstDeltas.push(wallClock());
				parts.push(text);
			}
			chars += parts.join('').length;
		}
	} finally {
		client.destroy();
	}
	return { firstDeltas, chars };
}

/**
 * The instant the node hands each item's first text delta to n8n's `sendChunk` hook, taken inside the
 * hook call itself (the chunk's own `metadata.timestamp` has millisecond resolution only).
 */
async function withFirstChunkTimes<T>(
	run: () => Promise<T>,
): Promise<{ result: T; times: Map<number, number> }> {
	const times = new Map<number, number>();
	const hooks = ExecutionLifecycleHooks.prototype as unknown as {
		runHook(hookName: string, parameters: unknown[]): Promise<void>;
	};
	const originalRunHook = hooks.runHook;
	hooks.runHook = function (this: unknown, hookName: string, parameters: unknown[]) {
		if (hookName === 'sendChunk') {
			const chunk = parameters[0] as StructuredChunk;
			if (chunk.type === 'item' && !times.has(chunk.metadata.itemIndex)) {
				times.set(chunk.metadata.itemIndex, wallClock());
			}
		}
		return originalRunHook.call(this, hookName, parameters);
	};
	try {
		return { result: await run(), times };
	} finally {
		hooks.runHook = originalRunHook;
	}
}

async function peakDuring(
	run: () => Promise<unknown>,
): Promise<MemoryPeak & { baselineRss: number; baselineHeap: number }> {
	settleHeap();
	const baseline = process.memoryUsage();
	const sampler = new MemorySampler();
	sampler.start();
	let peak: MemoryPeak;
	try {
		await run();
	} finally {
		peak = sampler.stop();
	}
	return {
		rssBytes: peak.rssBytes - baseline.rss,
		heapUsedBytes: peak.heapUsedBytes - baseline.heapUsed,
		samples: peak.samples,
		baselineRss: baseline.rss,
		baselineHeap: baseline.heapUsed,
	};
}

export async function streaming(): Promise<SectionResult> {
	const emulator = await startRemoteEmulator({
		timeToFirstTokenMs: TIME_TO_FIRST_TOKEN_MS,
		chunkDelayMs: CHUNK_DELAY_MS,
	});
	try {
		const nodeOptions = { concurrency: 1, stream: true };
		// Warm-up of both paths.
		await runConverseNode({
			url: emulator.url,
			input: inputItems(3),
			nodeOptions,
			streaming: true,
		});
		await sdkStreams(emulator.url, 3);
		await emulator.firstDeltaTimes();

		const { result: nodeRun, times } = await withFirstChunkTimes(() =>
			runConverseNode({
				url: emulator.url,
				input: inputItems(STREAMS),
				nodeOptions,
				streaming: true,
			}),
		);
		const emulatorForNode = await emulator.firstDeltaTimes();
		const sdkRun = await sdkStreams(emulator.url, STREAMS);
		const emulatorForSdk = await emulator.firstDeltaTimes();
		if (
			emulatorForNode.length !== STREAMS ||
			times.size !== STREAMS ||
			emulatorForSdk.length !== STREAMS
		) {
			throw new Error(
				`Streaming: expected ${STREAMS} first deltas, got emulator ${emulatorForNode.length}/${emulatorForSdk.length}, node ${times.size}`,
			);
		}
		const nodeGaps = emulatorForNode.map(
			(sentAt, index) => (times.get(index) ?? Number.NaN) - sentAt,
		);
		const sdkGaps = emulatorForSdk.map((sentAt, index) => sdkRun.firstDeltas[index] - sentAt);
		const nodeGap = median(nodeGaps);
		const sdkGap = median(sdkGaps);

		// Peak memory of one 5 MB streamed reply: the node (stream option on, aggregated to one output
		// item), then the SDK alone consuming the same stream, for comparison.
		await emulator.configure({
			timeToFirstTokenMs: 0,
			chunkDelayMs: 0,
			streamReplyBytes: REPLY_BYTES,
		});
		let replyChars = 0;
		const nodeMemory = await peakDuring(async () => {
			const run = await runConverseNode({ url: emulator.url, input: inputItems(1), nodeOptions });
			replyChars = String(run.outputs[0]?.json.text ?? '').length;
		});
		let sdkChars = 0;
		const sdkMemory = await peakDuring(async () => {
			sdkChars = (await sdkStreams(emulator.url, 1)).chars;
		});
		if (replyChars < REPLY_BYTES || sdkChars < REPLY_BYTES) {
			throw new Error(
				`Streaming: the 5 MB reply came back short (node ${replyChars}, SDK ${sdkChars} chars)`,
			);
		}
		const heapPerReply = nodeMemory.heapUsedBytes / REPLY_BYTES;
		return {
			figures: [
				figure(
					'streaming',
					'first delta: emulator write → node sendChunk (median)',
					nodeGap,
					ms(nodeGap, 2),
					{
						text: '≤ 5 ms',
						met: (value) => value <= 5,
					},
				),
				figure('streaming', 'same, p95', percentile(nodeGaps, 95), ms(percentile(nodeGaps, 95), 2)),
				figure(
					'streaming',
					'baseline: emulator write → raw SDK event (median)',
					sdkGap,
					ms(sdkGap, 2),
				),
				figure(
					'streaming',
					'5 MB reply: node peak heap growth',
					nodeMemory.heapUsedBytes / MB,
					`${(nodeMemory.heapUsedBytes / MB).toFixed(1)} MB`,
				),
				figure(
					'streaming',
					'5 MB reply: node peak rss growth',
					nodeMemory.rssBytes / MB,
					`${(nodeMemory.rssBytes / MB).toFixed(1)} MB`,
				),
				figure(
					'streaming',
					'5 MB reply: node peak heap ÷ reply size',
					heapPerReply,
					`${heapPerReply.toFixed(1)}×`,
					{
						text: '≤ 10× (bench bound)',
						met: (value) => value <= 10,
					},
				),
				figure(
					'streaming',
					'5 MB reply: raw SDK peak heap growth',
					sdkMemory.heapUsedBytes / MB,
					`${(sdkMemory.heapUsedBytes / MB).toFixed(1)} MB`,
				),
			],
			details: {
				streams: STREAMS,
				timeToFirstTokenMs: TIME_TO_FIRST_TOKEN_MS,
				chunkDelayMs: CHUNK_DELAY_MS,
				nodeGapsMs: nodeGaps,
				sdkGapsMs: sdkGaps,
				nodeGapMedianMs: nodeGap,
				sdkGapMedianMs: sdkGap,
				nodeOutcome: nodeRun.outcome,
				memory: { replyBytes: REPLY_BYTES, node: nodeMemory, sdk: sdkMemory },
			},
			notes: [
				'streaming: first-delta times are taken in the emulator process when the first text delta frame is written, and in the node’s sendChunk hook call; both on the wall clock with sub-ms resolution.',
				'streaming: memory is the peak growth over a settled heap while one item streams a 5 MB reply (workflow not streaming, so no chunk objects are kept by the test harness); the emulator runs in its own process. rss growth is 0 when the peak fits in memory the process already held from earlier sections.',
			],
			lostItems: nodeRun.outcome.lost,
		};
	} finally {
		await emulator.close();
	}
}
