export interface ConcurrencyTicket {
	readonly epoch: number;
}

/**
 * Additive-increase, multiplicative-decrease control of how many requests are in flight. A throttled
 * request halves the limit, but only if it started after the last decrease (requests already in
 * flight then were sent under the old limit, so their throttles say nothing new); every success adds
 * 1/limit, about +1 per round of requests.
 */
export class ConcurrencyController {
	private current: number;

	private inFlight = 0;

	private epoch = 0;

	private readonly waiting: Array<() => void> = [];

	private decreaseCount = 0;

	private lowestLimit: number;

	constructor(
		readonly max: number,
		readonly min = 1,
	) {
		this.current = max;
		this.lowestLimit = max;
	}

	get limit(): number {
		return Math.max(this.min, Math.floor(this.current));
	}

	get active(): number {
		return this.inFlight;
	}

	get stats() {
		return { limit: this.limit, decreases: this.decreaseCount, lowestLimit: this.lowestLimit };
	}

	/** Waits for a free slot under the current limit; undefined when `signal` aborted first. */
	async acquire(signal?: AbortSignal): Promise<ConcurrencyTicket | undefined> {
		while (this.inFlight >= this.limit) {
			if (signal?.aborted) return undefined;
			await new Promise<void>((resolve) => {
				const wake = () => {
					signal?.removeEventListener('abort', wake);
					resolve();
				};
				this.waiting.push(wake);
				signal?.addEventListener('abort', wake, { once: true });
			});
		}
		if (signal?.aborted) return undefined;
		this.inFlight++;
		return { epoch: this.epoch };
	}

	release(ticket: ConcurrencyTicket, outcome: 'success' | 'throttled' | 'failed'): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		if (outcome === 'success') {
			this.current = Math.min(this.max, this.current + 1 / Math.max(this.current, 1));
		} else if (outcome === 'throttled' && ticket.epoch === this.epoch) {
			this.current = Math.max(this.min, this.current / 2);
			this.epoch++;
			this.decreaseCount++;
			this.lowestLimit = Math.min(this.lowestLimit, this.limit);
		}
		this.wakeWaiting();
	}

	private wakeWaiting(): void {
		let free = this.limit - this.inFlight;
		while (free-- > 0 && this.waiting.length > 0) this.waiting.shift()?.();
	}
}
