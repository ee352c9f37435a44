import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import * as applyGuardrail from './applyGuardrail.operation';
import * as converse from './converse.operation';
import * as countTokens from './countTokens.operation';
import * as invoke from './invoke.operation';
import * as rerank from './rerank.operation';
import { modelField } from '../descriptions';
import type { OperationModule } from '../types';

export const operations: Record<string, OperationModule> = {
	converse,
	invoke,
	countTokens,
	rerank,
	applyGuardrail,
};

const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Apply Guardrail',
			value: 'applyGuardrail',
			action: 'Check text with a guardrail',
			description:
				'Run a Bedrock guardrail over a prompt or a reply without calling a model: block, mask sensitive information, and see why',
		},
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
		{
			name: 'Rerank',
			value: 'rerank',
			// The AI Agent reads the action as the tool's description.
			action: 'Rank documents by relevance to a query',
			description:
				'Order a list of texts or objects by how well each answers a query, with a relevance score, using a Bedrock rerank model',
		},
	],
	default: 'converse',
};

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['text'] } },
	[
		operationField,
		{
			...modelField,
			displayOptions: { show: { operation: ['converse', 'invoke', 'countTokens'] } },
		},
		...converse.description,
		...invoke.description,
		...countTokens.description,
		...rerank.description,
		...applyGuardrail.description,
	],
);
