import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * Where an item's text deltas go when the workflow streams. The router tracks whether anything was
 * sent, because a failed stream is retried only if nothing of it reached the client yet.
 */
export interface ChunkSink {
	/** Whether this execution forwards deltas at all (the workflow streams). */
	readonly active: boolean;
	begin(itemIndex: number): void;
	delta(itemIndex: number, text: string): void;
	end(itemIndex: number): void;
	/** Whether any delta of this item has been forwarded. */
	sent(itemIndex: number): boolean;
}

/** The execution's chunk sink: n8n's `sendChunk` when the workflow streams, a no-op otherwise. */
export function createChunkSink(fn: IExecuteFunctions, active: boolean): ChunkSink {
	const itemsWithDeltas = new Set<number>();
	// n8n-core 2.x's sendChunk returns a promise (the interface says void): chunks are sent in call
	// order without waiting, and a failed send is logged, never fatal to the item.
	const send = (type: 'begin' | 'item' | 'end', itemIndex: number, content?: string) => {
		const sent: unknown = fn.sendChunk(type, itemIndex, content);
		if (sent instanceof Promise) {
			sent.catch((error: unknown) =>
				fn.logger.warn(`Amazon Bedrock: a streamed chunk could not be sent: ${String(error)}`),
			);
		}
	};
	return {
		active,
		begin(itemIndex) {
			if (active) send('begin', itemIndex);
		},
		delta(itemIndex, text) {
			if (!active || text === '') return;
			itemsWithDeltas.add(itemIndex);
			send('item', itemIndex, text);
		},
		end(itemIndex) {
			if (active) send('end', itemIndex);
		},
		sent(itemIndex) {
			return itemsWithDeltas.has(itemIndex);
		},
	};
}

export interface ForwardedStream {
	/** Milliseconds from `startedAt` to the first non-empty delta; undefined when none came. */
	timeToFirstTokenMs?: number;
}

/**
 * The one streaming forwarder: reads every event of a response stream, hands each to `toDelta`
 * (which also aggregates it) and forwards the non-empty deltas to the sink. The item's stream is
 * begun on its first delta and always ended, also when the stream fails part-way.
 */
export async function forwardStream<TEvent>(
	sink: ChunkSink,
	itemIndex: number,
	events: AsyncIterable<TEvent> | undefined,
	toDelta: (event: TEvent) => string,
	startedAt: number,
): Promise<ForwardedStream> {
	const forwarded: ForwardedStream = {};
	let begun = false;
	try {
		for await (const event of events ?? []) {
			const delta = toDelta(event);
			if (delta === '') continue;
			if (forwarded.timeToFirstTokenMs === undefined) {
				forwarded.timeToFirstTokenMs = Math.round(performance.now() - startedAt);
			}
			if (!begun) {
				sink.begin(itemIndex);
				begun = true;
			}
			sink.delta(itemIndex, delta);
		}
	} finally {
		if (begun) sink.end(itemIndex);
	}
	return forwarded;
}
