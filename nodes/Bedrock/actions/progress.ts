import type { INodeExecutionData, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BatchProgress } from '../transport/batch';

const PROGRESS_MIN_ITEMS = 20;
const PROGRESS_INTERVAL_MS = 5_000;

function tokensOf(result: INodeExecutionData[]): number {
	let total = 0;
	for (const item of result) {
		const usage = item.json.usage as { totalTokens?: unknown } | undefined;
		const tokens = Number(usage?.totalTokens ?? item.json.inputTokens ?? 0);
		if (Number.isFinite(tokens)) total += tokens;
	}
	return total;
}

/**
 * Tracks a batch's tokens for Max Batch Tokens and logs progress of long batches (at most every
 * few seconds, and once at the end).
 */
export class BatchReporter {
	private tokens = 0;
	private lastLoggedAt = Date.now();

	constructor(
		private readonly fn: IExecuteFunctions,
		private readonly total: number,
		private readonly maxBatchTokens: number,
	) {}

	itemDone(result: INodeExecutionData[] | undefined, progress: BatchProgress): void {
		if (result) this.tokens += tokensOf(result);
		this.log(progress, false);
	}

	finished(progress: BatchProgress): void {
		this.log(progress, true);
	}

	/** The error an item fails with when the batch is over its token cap, before it is sent. */
	refusal(itemIndex: number): NodeOperationError | undefined {
		if (this.maxBatchTokens <= 0 || this.tokens < this.maxBatchTokens) return undefined;
		return new NodeOperationError(
			this.fn.getNode(),
			`The batch reached its token cap (${this.tokens} of ${this.maxBatchTokens} tokens used): item ${itemIndex} was not sent`,
			{
				itemIndex,
				description: 'Raise Options > Max Batch Tokens, or split the input into smaller batches.',
			},
		);
	}

	private log(progress: BatchProgress, final: boolean): void {
		if (this.total < PROGRESS_MIN_ITEMS) return;
		const now = Date.now();
		if (!final && now - this.lastLoggedAt < PROGRESS_INTERVAL_MS) return;
		this.lastLoggedAt = now;
		this.fn.logger.info(
			`Amazon Bedrock: ${progress.done}/${progress.total} items done, ${progress.failed} failed, ${progress.retries} retried, ${this.tokens} tokens`,
			{ node: this.fn.getNode().name },
		);
	}
}
