/**
 * What the emulator keeps between requests: its options (changed by `configure`), the seeded PRNG,
 * and each policy's state. Operations get it as `context.state`.
 */
import type { EmulatorOptions, ModelBehaviour } from './options';
import { defaultOptions } from './options';
import { PromptCache } from './policy/promptCache';
import { QuotaWindows } from './policy/quotas';
import { createRandom } from './policy/random';
import { RequestLog } from './policy/requestLog';
import { Stats } from './policy/stats';
import { BatchJobs } from './batch/jobs';
import { ObjectStore } from './s3/store';
import { Sessions } from './sessions';

export class EmulatorState {
	options: EmulatorOptions;
	/** Behind faults and latency ranges; reseeded by `configure({ seed })`. */
	random: () => number;
	readonly stats = new Stats();
	readonly log = new RequestLog();
	readonly quotas = new QuotaWindows();
	readonly promptCache = new PromptCache();
	readonly sessions = new Sessions();
	/** S3's buckets and objects: kept across `reset()`, like the data of a real account. */
	readonly objects: ObjectStore;
	/** Batch inference jobs: kept across `reset()` too. */
	readonly batchJobs: BatchJobs;

	constructor(options: Partial<EmulatorOptions> = {}) {
		this.options = { ...defaultOptions(), ...options };
		this.random = createRandom(this.options.seed);
		this.objects = new ObjectStore(this.options.s3Buckets, this.options.s3AutoCreateBuckets);
		this.batchJobs = new BatchJobs(() => this.options, this.objects);
	}

	configure(partial: Partial<EmulatorOptions>): void {
		this.options = { ...this.options, ...partial };
		this.objects.configure(partial.s3Buckets, partial.s3AutoCreateBuckets);
		if (partial.seed !== undefined) this.random = createRandom(partial.seed);
		if (partial.quota !== undefined || partial.models !== undefined) this.quotas.clear();
	}

	/** `RunningEmulator.resetStats()`: counters, request log, quota windows and the prompt cache. */
	reset(): void {
		this.stats.reset();
		this.log.clear();
		this.quotas.clear();
		this.promptCache.clear();
		this.sessions.clear();
	}

	/** The options as they apply to one model: `models[baseModelId]` over the global ones. */
	behaviourFor(baseModelId: string): ModelBehaviour {
		const override = this.options.models[baseModelId] ?? {};
		return {
			latencyMs: override.latencyMs ?? this.options.latencyMs,
			timeToFirstTokenMs: override.timeToFirstTokenMs ?? this.options.timeToFirstTokenMs,
			chunkDelayMs: override.chunkDelayMs ?? this.options.chunkDelayMs,
			quota: override.quota ?? {},
			faults: { ...this.options.faults, ...override.faults },
			streamReplyBytes: override.streamReplyBytes ?? this.options.streamReplyBytes,
		};
	}
}
