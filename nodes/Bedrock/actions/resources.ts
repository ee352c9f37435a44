import type { INodeProperties } from 'n8n-workflow';

import * as text from './text';
import type { OperationModule } from './types';

/** The node's resources, in the style of n8n's vendor nodes; `text` holds the 0.1 operations. */
export const resourceField: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Text',
			value: 'text',
			description: 'Chat with, invoke and count tokens for text models',
		},
	],
	default: 'text',
};

export const operationsByResource: Record<string, Record<string, OperationModule>> = {
	text: text.operations,
};

export const resourceDescriptions: INodeProperties[] = [...text.description];
