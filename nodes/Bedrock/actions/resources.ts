import type { INodeProperties } from 'n8n-workflow';

import * as agent from './agent';
import * as batchJob from './batchJob';
import * as knowledgeBase from './knowledgeBase';
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
			name: 'Agent',
			value: 'agent',
			description: 'Talk to Bedrock agents',
		},
		{
			name: 'Batch Job',
			value: 'batchJob',
			description:
				'Run all items as one batch inference job on S3 at half the on-demand price, then read its results',
		},
		{
			name: 'Knowledge Base',
			value: 'knowledgeBase',
			description: 'Search Bedrock knowledge bases and answer from them',
		},
		{
			name: 'Text',
			value: 'text',
			description:
				'Chat with, invoke and count tokens for text models; rerank documents; apply guardrails',
		},
	],
	default: 'text',
};

export const operationsByResource: Record<string, Record<string, OperationModule>> = {
	text: text.operations,
	knowledgeBase: knowledgeBase.operations,
	agent: agent.operations,
	batchJob: batchJob.operations,
};

export const resourceDescriptions: INodeProperties[] = [
	...text.description,
	...knowledgeBase.description,
	...agent.description,
	...batchJob.description,
];
