import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { knowledgeBaseFields } from './fields';
import * as retrieve from './retrieve.operation';
import * as retrieveAndGenerate from './retrieveAndGenerate.operation';
import { modelField } from '../descriptions';
import type { OperationModule } from '../types';

export const operations: Record<string, OperationModule> = { retrieve, retrieveAndGenerate };

const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Retrieve',
			value: 'retrieve',
			// The AI Agent reads the action as the tool's description.
			action: 'Search a knowledge base for passages that answer a question',
			description:
				'Search a Bedrock knowledge base and get the most relevant passages with their source, score and metadata',
		},
		{
			name: 'Retrieve and Generate',
			value: 'retrieveAndGenerate',
			action: 'Answer a question from a knowledge base with citations',
			description:
				'Search a knowledge base and have a model answer from the passages found, citing its sources; follow-up questions continue a session',
		},
	],
	default: 'retrieve',
};

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['knowledgeBase'] } },
	[
		operationField,
		...knowledgeBaseFields,
		{
			...modelField,
			description:
				'The model that writes the answer: a foundation model or inference profile (Bedrock needs its ARN: the node finds it)',
			displayOptions: { show: { operation: ['retrieveAndGenerate'] } },
		},
		...retrieve.description,
		...retrieveAndGenerate.description,
	],
);
