import { startRemoteEmulator } from '../remoteEmulator';
import type { SectionResult } from '../report';
import { figure, ms, ratio } from '../report';
import { inputItems, runConverseNode } from '../workload';

const ITEMS = 500;
const CONCURRENCY = 16;
const LATENCY_MS = 200;
/** The sequential run is this many items, scaled to ITEMS, to keep the bench short. */
const SEQUENTIAL_ITEMS = 50;

export async function throughput(): Promise<SectionResult> {
	const emulator = await startRemoteEmulator({ latencyMs: LATENCY_MS });
	try {
		const nodeOptions = { concurrency: CONCURRENCY };
		await runConverseNode({ url: emulator.url, input: inputItems(CONCURRENCY), nodeOptions });

		const concurrent = await runConverseNode({
			url: emulator.url,
			input: inputItems(ITEMS),
			nodeOptions,
		});
		const sequential = await runConverseNode({
			url: emulator.url,
			input: inputItems(SEQUENTIAL_ITEMS),
			nodeOptions: { concurrency: 1 },
		});
		const idealMs = Math.ceil(ITEMS / CONCURRENCY) * LATENCY_MS;
		const sequentialScaledMs = sequential.ms * (ITEMS / SEQUENTIAL_ITEMS);
		const toIdeal = concurrent.ms / idealMs;
		const speedUp = sequentialScaledMs / concurrent.ms;
		const lostItems = concurrent.outcome.lost + sequential.outcome.lost;
		return {
			figures: [
				figure(
					'throughput',
					`${ITEMS} items, c${CONCURRENCY}, 200 ms: wall`,
					concurrent.ms,
					ms(concurrent.ms, 0),
				),
				figure(
					'throughput',
					`wall ÷ ideal ceil(${ITEMS}/${CONCURRENCY})×${LATENCY_MS} ms`,
					toIdeal,
					ratio(toIdeal),
					{
						text: '≤ 1.15×',
						met: (value) => value <= 1.15,
					},
				),
				figure('throughput', 'speed-up over sequential (c1)', speedUp, ratio(speedUp, 1)),
			],
			details: {
				items: ITEMS,
				concurrency: CONCURRENCY,
				latencyMs: LATENCY_MS,
				wallMs: concurrent.ms,
				idealMs,
				wallToIdeal: toIdeal,
				sequential: {
					items: SEQUENTIAL_ITEMS,
					wallMs: sequential.ms,
					scaledTo: ITEMS,
					scaledWallMs: sequentialScaledMs,
				},
				speedUpOverSequential: speedUp,
				outcome: concurrent.outcome,
			},
			notes: [
				`throughput: the sequential run (concurrency 1) took ${ms(sequential.ms, 0)} for ${SEQUENTIAL_ITEMS} items, scaled ×${ITEMS / SEQUENTIAL_ITEMS} to ${ms(sequentialScaledMs, 0)} for ${ITEMS}.`,
			],
			lostItems,
		};
	} finally {
		await emulator.close();
	}
}
