import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { BedrockClients } from '../transport/clients';
import type { BedrockCredentials } from '../transport/credentials';
import type { ChunkSink } from '../transport/streaming';

/** What every operation gets from the router: the execution's shared clients and settings. */
export interface OperationContext {
	readonly fn: IExecuteFunctions;
	readonly clients: BedrockClients;
	readonly credentials: BedrockCredentials;
	/** Secrets of the credential, to mask wherever text leaves the node. */
	readonly secrets: string[];
	/** The execution's cancel signal (per item: aborted too when the batch stops), passed to every SDK call. */
	readonly signal?: AbortSignal;
	/** Whether the workflow streams its response (`isStreaming()`): then text deltas go out through `sendChunk`. */
	readonly streaming: boolean;
	/** Forwards text deltas of streamed replies; a no-op when the workflow does not stream. */
	readonly chunks: ChunkSink;
}

/**
 * What one item produced: its output item (json and binary), or several (an operation that splits
 * its result). The router sets `pairedItem` on each.
 */
export type OperationResult = INodeExecutionData | INodeExecutionData[];

/** Runs one item; throws for a failed item. */
export type ItemExecutor = (
	context: OperationContext,
	itemIndex: number,
) => Promise<OperationResult>;

/**
 * Runs the whole input as one request (e.g. a batch inference job made of every item): its
 * output items are paired with every input item.
 */
export type InputExecutor = (
	context: OperationContext,
	itemCount: number,
) => Promise<INodeExecutionData[]>;

/** One operation file: its fields and how it runs, per item or over the whole input. */
export type OperationModule =
	| { description: INodeProperties[]; execute: ItemExecutor }
	| { description: INodeProperties[]; executeInput: InputExecutor };
