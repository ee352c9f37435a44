import type { EmulatorStats } from '../options';

function emptyStats(): EmulatorStats {
	return { requests: 0, byModel: {}, byOperation: {}, throttled: 0, faults: {}, peakInFlight: 0 };
}

function increment(counts: Record<string, number>, key: string): void {
	counts[key] = (counts[key] ?? 0) + 1;
}

/** The counters behind `RunningEmulator.stats()`. */
export class Stats {
	private current = emptyStats();

	private inFlight = 0;

	/** A copy, so callers can compare snapshots. */
	snapshot(): EmulatorStats {
		return structuredClone(this.current);
	}

	reset(): void {
		this.current = emptyStats();
	}

	/** Every request received, by operation (`Unknown` when no route matched). */
	request(operation: string): void {
		this.current.requests++;
		increment(this.current.byOperation, operation);
	}

	/** An inference request whose model identifier resolved to this base model. */
	model(baseModelId: string): void {
		increment(this.current.byModel, baseModelId);
	}

	fault(name: string): void {
		increment(this.current.faults, name);
	}

	/** A request is being answered, until `finished`. */
	started(): void {
		this.inFlight++;
		this.current.peakInFlight = Math.max(this.current.peakInFlight, this.inFlight);
	}

	finished(): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
	}

	throttled(): void {
		this.current.throttled++;
	}
}
