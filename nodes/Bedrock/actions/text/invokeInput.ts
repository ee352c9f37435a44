import type { IDataObject } from 'n8n-workflow';

import type { FamilyChoice, InvokeInputValues, InvokeRequest } from '../../mapping/invokeRequest';
import { formFamilyOf, toInvokeRequest } from '../../mapping/invokeRequest';
import { buildForItem, readModelId, readOptions, readPrimitiveParameter } from '../parameters';
import type { OperationContext } from '../types';

/** The Invoke Model inputs of an item (also counted by Count Tokens), read into plain values. */
export function readInvokeInput(context: OperationContext, itemIndex: number): InvokeInputValues {
	const { fn } = context;
	const modelId = readModelId(context, itemIndex);
	const familyChoice = fn.getNodeParameter('family', itemIndex, 'auto') as FamilyChoice;
	const bodySource =
		fn.getNodeParameter('bodySource', itemIndex, 'form') === 'json' ? 'json' : 'form';
	const values: InvokeInputValues = {
		modelId,
		familyChoice,
		bodySource,
		body: bodySource === 'json' ? fn.getNodeParameter('body', itemIndex, '{}') : undefined,
		prompt: '',
		systemPrompt: '',
		options: readOptions(context, itemIndex),
		familyFields: {},
	};
	if (bodySource === 'form') {
		values.prompt = String(fn.getNodeParameter('prompt', itemIndex, '') ?? '');
		values.systemPrompt = String(fn.getNodeParameter('systemPrompt', itemIndex, '') ?? '');
		for (const field of formFamilyOf(modelId, familyChoice).fields) {
			values.familyFields[field.name] = readPrimitiveParameter(
				context,
				field.name,
				itemIndex,
				field.default as IDataObject[string],
			);
		}
	}
	return values;
}

/**
 * The native InvokeModel body of one item, read from the node's parameters and built; an input
 * problem is a NodeOperationError naming the item, and nothing is sent.
 */
export async function buildInvokeRequest(
	context: OperationContext,
	itemIndex: number,
): Promise<InvokeRequest> {
	return await buildForItem(context, itemIndex, () =>
		toInvokeRequest(readInvokeInput(context, itemIndex)),
	);
}
