import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import * as create from './create.operation';
import { jobArnField } from './fields';
import * as get from './get.operation';
import * as getResults from './getResults.operation';
import * as stop from './stop.operation';
import { invokeInputFields, modelField } from '../descriptions';
import type { OperationModule } from '../types';

export const operations: Record<string, OperationModule> = { create, get, getResults, stop };

const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Create a batch inference job from all items',
			description:
				'Write every input item as one record (its Invoke Model body) to S3 and start one batch inference job over them, at the batch price',
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get a batch inference job',
			description:
				'The job’s status, message, times and record counts; optionally wait a bounded time for it to end',
		},
		{
			name: 'Get Results',
			value: 'getResults',
			action: 'Get the results of a batch inference job',
			description:
				'One item per record, in the order submitted, shaped like Invoke Model’s output; failed records as error items',
		},
		{
			name: 'Stop',
			value: 'stop',
			action: 'Stop a batch inference job',
			description: 'Stop a submitted or running job; records it finished keep their results',
		},
	],
	default: 'create',
};

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['batchJob'] } },
	[
		operationField,
		{
			...modelField,
			description:
				'The model every record is run on: a foundation model or inference profile that supports batch inference',
			displayOptions: { show: { operation: ['create'] } },
		},
		...updateDisplayOptions({ show: { operation: ['create'] } }, invokeInputFields),
		...create.description,
		{ ...jobArnField, displayOptions: { show: { operation: ['get', 'getResults', 'stop'] } } },
		...get.description,
		...getResults.description,
		...stop.description,
	],
);
