import type { INodeProperties } from 'n8n-workflow';

import { modelField } from '../Bedrock/actions/descriptions';

/**
 * The chat model's options: the Converse operation's inference, reasoning, caching, guardrail and
 * latency options under the same names, so a value means the same in both nodes.
 */
export const chatModelOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Additional Model Request Fields',
			name: 'additionalModelRequestFields',
			type: 'json',
			default: '{}',
			description:
				'Model-specific request fields as JSON, sent as additionalModelRequestFields; they override the ones the node sets',
		},
		{
			displayName: 'Guardrail Identifier',
			name: 'guardrailIdentifier',
			type: 'string',
			default: '',
			placeholder: 'e.g. gr-abc123xyz or its ARN',
			description: 'ID or ARN of a Bedrock guardrail to apply to every model call',
		},
		{
			displayName: 'Guardrail Trace',
			name: 'guardrailTrace',
			type: 'options',
			options: [
				{ name: 'Disabled', value: 'disabled' },
				{ name: 'Enabled', value: 'enabled' },
				{ name: 'Enabled (Full)', value: 'enabled_full' },
			],
			default: 'disabled',
			description: 'Whether Bedrock returns the guardrail’s trace',
		},
		{
			displayName: 'Guardrail Version',
			name: 'guardrailVersion',
			type: 'string',
			default: 'DRAFT',
			description: 'Version of the guardrail, or DRAFT',
		},
		{
			displayName: 'Latency',
			name: 'latency',
			type: 'options',
			options: [
				{ name: 'Standard', value: 'standard' },
				{
					name: 'Optimized',
					value: 'optimized',
					description: 'Latency-optimized inference, for the models and regions that offer it',
				},
			],
			default: 'standard',
			description: 'Which inference latency profile to use',
		},
		{
			displayName: 'Max Retry Time (Ms)',
			name: 'maxRetryTimeMs',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 300000,
			description:
				'How long a throttled or failed model call may be retried, with backoff, before the error reaches the agent or chain',
		},
		{
			displayName: 'Max Tokens',
			name: 'maxTokens',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1024,
			description: 'The most tokens a reply may have',
		},
		{
			displayName: 'Prompt Caching',
			name: 'promptCaching',
			type: 'boolean',
			default: false,
			description:
				'Whether to mark the system prompt, the tools and the conversation history for Bedrock’s prompt cache (Claude and Nova models; prefixes need a model-specific minimum of tokens). Cache reads and writes are reported with the usage.',
		},
		{
			displayName: 'Reasoning Budget',
			name: 'reasoningBudget',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'Tokens Claude may spend thinking before it answers (extended thinking, at least 1024; 0 is off). Added on top of Max Tokens.',
		},
		{
			displayName: 'Reasoning Effort',
			name: 'reasoningEffort',
			type: 'options',
			options: [
				{ name: 'Low', value: 'low' },
				{ name: 'Medium', value: 'medium' },
				{ name: 'High', value: 'high' },
			],
			default: 'low',
			description: 'How hard Amazon Nova 2 and OpenAI models reason before answering',
		},
		{
			displayName: 'Stop Sequences',
			name: 'stopSequences',
			type: 'string',
			default: '',
			placeholder: 'e.g. END, \\n\\nHuman:',
			description: 'Comma-separated texts that end the reply when the model writes them',
		},
		{
			displayName: 'Temperature',
			name: 'temperature',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 0.7,
			description: 'Randomness of the reply: lower is more focused, higher more varied',
		},
		{
			displayName: 'Top P',
			name: 'topP',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 1,
			description: 'Sample only from the most likely tokens whose probabilities add up to P',
		},
	],
};

export const chatModelProperties: INodeProperties[] = [modelField, chatModelOptions];
