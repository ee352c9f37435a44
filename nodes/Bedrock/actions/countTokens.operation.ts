import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OperationContext } from './types';

export const description: INodeProperties[] = [];

export async function execute(context: OperationContext, itemIndex: number): Promise<IDataObject> {
	throw new NodeOperationError(
		context.fn.getNode(),
		'The Count Tokens operation is not implemented yet',
		{
			itemIndex,
		},
	);
}
