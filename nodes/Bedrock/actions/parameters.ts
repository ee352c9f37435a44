import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { checkModelAgainstRegion, parseModelId } from '../models/modelId';
import type { OperationContext } from './types';

/**
 * The model ID of the item; an empty one, or one that cannot work from the credential's region
 * (another partition), is refused before anything is sent.
 */
export function readModelId(context: OperationContext, itemIndex: number): string {
	const modelId = String(
		context.fn.getNodeParameter('model', itemIndex, '', { extractValue: true }) ?? '',
	).trim();
	if (modelId === '') {
		throw new NodeOperationError(
			context.fn.getNode(),
			'No model is selected. Choose a model from the list, or enter a model ID, inference profile ID or ARN.',
			{ itemIndex },
		);
	}
	try {
		checkModelAgainstRegion(parseModelId(modelId), context.credentials.region);
	} catch (error) {
		throw new NodeOperationError(context.fn.getNode(), (error as Error).message, {
			itemIndex,
			description: 'Nothing was sent to Bedrock for this item.',
		});
	}
	return modelId;
}

/** The item's Options collection. */
export function readOptions(context: OperationContext, itemIndex: number): IDataObject {
	return context.fn.getNodeParameter('options', itemIndex, {}) as IDataObject;
}

/**
 * A local input problem found while building an item's request, as the NodeOperationError every
 * operation reports it with: the item, what is wrong, and that nothing was sent. n8n's own errors
 * pass through as they are.
 */
export function itemInputError(
	context: OperationContext,
	itemIndex: number,
	error: unknown,
): NodeOperationError | NodeApiError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(context.fn.getNode(), `Item ${itemIndex}: ${message}`, {
		itemIndex,
		description: 'Nothing was sent to Bedrock for this item.',
	});
}

/** Runs a request builder, turning its input problems into the item's NodeOperationError. */
export async function buildForItem<T>(
	context: OperationContext,
	itemIndex: number,
	build: () => T | Promise<T>,
): Promise<T> {
	try {
		return await build();
	} catch (error) {
		throw itemInputError(context, itemIndex, error);
	}
}

/**
 * A parameter that is usually a literal, read without n8n's per-call lookup when it is one. n8n
 * finds a parameter's description by evaluating display conditions, and the family fields' regex
 * conditions run in a vm with a 250 ms timeout each: over tens of thousands of batch records a
 * garbage-collection pause inside one of them fails the whole run. Expressions still go through
 * `getNodeParameter`.
 */
export function readPrimitiveParameter(
	context: OperationContext,
	name: string,
	itemIndex: number,
	fallback: IDataObject[string],
): IDataObject[string] {
	const raw = context.fn.getNode().parameters[name];
	if (raw === undefined) return fallback;
	if (typeof raw === 'number' || typeof raw === 'boolean') return raw;
	if (typeof raw === 'string' && !raw.startsWith('=')) return raw;
	return context.fn.getNodeParameter(name, itemIndex, fallback) as IDataObject[string];
}
