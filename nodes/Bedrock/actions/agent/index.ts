import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import * as invoke from './invoke.operation';
import type { OperationModule } from '../types';

export const operations: Record<string, OperationModule> = { invoke };

const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Invoke',
			value: 'invoke',
			action: 'Send a message to an agent',
			description:
				'Talk to a Bedrock agent (through one of its aliases): its answer, citations and trace, sessions for follow-ups, and actions it returns to the workflow',
		},
	],
	default: 'invoke',
};

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['agent'] } },
	[operationField, ...invoke.description],
);
