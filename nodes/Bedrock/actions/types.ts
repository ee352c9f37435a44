import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { BedrockClients } from '../transport/clients';
import type { BedrockCredentials } from '../transport/credentials';

export type OperationName = 'converse' | 'invoke' | 'countTokens';

/** What every operation gets from the router: the execution's shared clients and settings. */
export interface OperationContext {
	readonly fn: IExecuteFunctions;
	readonly clients: BedrockClients;
	readonly credentials: BedrockCredentials;
	/** Secrets of the credential, to mask wherever text leaves the node. */
	readonly secrets: string[];
	/** The execution's cancel signal, passed to every SDK call. */
	readonly signal?: AbortSignal;
	/** Whether the workflow streams its response (`isStreaming()`): then text deltas go out through `sendChunk`. */
	readonly streaming: boolean;
	/** Forwards text deltas of streamed replies; a no-op when the workflow does not stream. */
	readonly chunks: ChunkSink;
}

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

/** Runs one item and returns its output JSON; throws for a failed item. */
export type ItemExecutor = (context: OperationContext, itemIndex: number) => Promise<IDataObject>;
