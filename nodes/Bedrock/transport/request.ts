import type { INode } from 'n8n-workflow';

import type { ErrorContext } from './errors';
import { toNodeApiError } from './errors';

/**
 * Runs one SDK call; whatever it throws comes out as a NodeApiError with the HTTP status, the AWS
 * error code, the request ID and a remedy (errors the node already made pass through).
 */
export async function callBedrock<T>(
	node: INode,
	itemIndex: number,
	context: ErrorContext,
	call: () => Promise<T>,
): Promise<T> {
	try {
		return await call();
	} catch (error) {
		throw toNodeApiError(node, error, itemIndex, context);
	}
}
