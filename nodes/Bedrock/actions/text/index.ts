import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import * as converse from './converse.operation';
import * as countTokens from './countTokens.operation';
import * as invoke from './invoke.operation';
import { modelField } from '../descriptions';
import type { OperationModule } from '../types';

export const operations: Record<string, OperationModule> = { converse, invoke, countTokens };

const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Converse',
			value: 'converse',
			action: 'Converse with a model',
			description:
				'Send a conversation in one request shape that works for every chat model, with attachments and tools',
		},
		{
			name: 'Count Tokens',
			value: 'countTokens',
			action: 'Count tokens and estimate cost',
			description:
				'Count the input tokens of a request and estimate its cost, without running the model',
		},
		{
			name: 'Invoke Model',
			value: 'invoke',
			action: 'Invoke a model with its native body',
			description:
				'Send the model’s own request body, built from a form for its family or given as JSON',
		},
	],
	default: 'converse',
};

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['text'] } },
	[
		operationField,
		modelField,
		...converse.description,
		...invoke.description,
		...countTokens.description,
	],
);
