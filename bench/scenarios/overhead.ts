import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttp2Handler } from '@smithy/node-http-handler';

import { EMULATOR_CREDENTIALS } from '../../emulator';
import { median } from '../measure';
import { startRemoteEmulator } from '../remoteEmulator';
import type { SectionResult } from '../report';
import { figure, ms, ratio } from '../report';
import { inputItems, MODEL_ID, promptOf, runConverseNode } from '../workload';

const ITEMS = 500;
const CONCURRENCY = 16;
const RUNS = 5;

/** The same calls as the node makes, as a plain loop over the SDK: one client, `concurrency` lanes. */
async function sdkBatch(url: string, count: number, concurrency: number): Promise<number> {
	const started = performance.now();
	const client = new BedrockRuntimeClient({
		region: EMULATOR_CREDENTIALS.region,
		endpoint: url,
		credentials: {
			accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
			secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
		},
		// The node retries itself in its default mode, so the SDK makes one attempt there too.
		maxAttempts: 1,
		requestHandler: new NodeHttp2Handler({ disableConcurrentStreams: false }),
	});
	const texts: string[] = new Array<string>(count);
	let next = 0;
	const lane = async () => {
		while (next < count) {
			const index = next++;
			const output = await client.send(
				new ConverseCommand({
					modelId: MODEL_ID,
					messages: [{ role: 'user', content: [{ text: promptOf(index) }] }],
				}),
			);
			texts[index] = output.output?.message?.content?.[0]?.text ?? '';
		}
	};
	await Promise.all(Array.from({ length: concurrency }, lane));
	client.destroy();
	const elapsed = performance.now() - started;
	if (texts.filter((text) => text !== '').length !== count)
		throw new Error('SDK loop lost replies');
	return elapsed;
}

export async function overhead(): Promise<SectionResult> {
	const emulator = await startRemoteEmulator({ latencyMs: 0 });
	try {
		const input = inputItems(ITEMS);
		const nodeOptions = { concurrency: CONCURRENCY };
		const nodeRun = async (prompt?: string) => {
			const run = await runConverseNode({ url: emulator.url, input, nodeOptions, prompt });
			if (run.outcome.lost > 0) throw new Error(`The node lost ${run.outcome.lost} items`);
			return run.ms;
		};
		// Warm-up: module loading, JIT, the emulator's first connections.
		await nodeRun();
		await sdkBatch(emulator.url, ITEMS, CONCURRENCY);

		const nodeTimes: number[] = [];
		const literalPromptTimes: number[] = [];
		const sdkTimes: number[] = [];
		for (let run = 0; run < RUNS; run++) {
			nodeTimes.push(await nodeRun());
			sdkTimes.push(await sdkBatch(emulator.url, ITEMS, CONCURRENCY));
			literalPromptTimes.push(await nodeRun(promptOf(0)));
		}
		const nodeMs = median(nodeTimes);
		const sdkMs = median(sdkTimes);
		const overheadRatio = nodeMs / sdkMs;
		const literalRatio = median(literalPromptTimes) / sdkMs;
		return {
			figures: [
				figure(
					'overhead',
					`node, ${ITEMS} items c${CONCURRENCY}, 0 ms (median of ${RUNS})`,
					nodeMs,
					ms(nodeMs, 0),
				),
				figure('overhead', 'plain SDK loop, same calls (median)', sdkMs, ms(sdkMs, 0)),
				figure('overhead', 'node ÷ SDK', overheadRatio, ratio(overheadRatio), {
					text: '≤ 1.10×',
					met: (value) => value <= 1.1,
				}),
				figure(
					'overhead',
					'node with a literal prompt (no expression) ÷ SDK',
					literalRatio,
					ratio(literalRatio),
				),
				figure(
					'overhead',
					'node cost per item over the SDK',
					(nodeMs - sdkMs) / ITEMS,
					ms((nodeMs - sdkMs) / ITEMS, 2),
				),
			],
			details: {
				items: ITEMS,
				concurrency: CONCURRENCY,
				runs: RUNS,
				nodeTimes,
				sdkTimes,
				literalPromptTimes,
				nodeMs,
				sdkMs,
				ratio: overheadRatio,
			},
			notes: [
				'overhead: the node runs in the n8n engine, which evaluates the prompt expression `={{ $json.text }}` for every item; the literal-prompt run sends one fixed prompt to show that share.',
			],
			lostItems: 0,
		};
	} finally {
		await emulator.close();
	}
}
