import type { INodeProperties } from 'n8n-workflow';

import { converseModelOptions, modelField, withDescription } from '../Bedrock/actions/descriptions';

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
		converseModelOptions.additionalModelRequestFields,
		withDescription(
			converseModelOptions.guardrailIdentifier,
			'ID or ARN of a Bedrock guardrail to apply to every model call',
		),
		converseModelOptions.guardrailTrace,
		converseModelOptions.guardrailVersion,
		converseModelOptions.latency,
		{
			displayName: 'Max Retry Time (Ms)',
			name: 'maxRetryTimeMs',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 300000,
			description:
				'How long a throttled or failed model call may be retried, with backoff, before the error reaches the agent or chain',
		},
		converseModelOptions.maxTokens,
		withDescription(
			converseModelOptions.promptCaching,
			'Whether to mark the system prompt, the tools and the conversation history for Bedrock’s prompt cache (Claude and Nova models; prefixes need a model-specific minimum of tokens). Cache reads and writes are reported with the usage.',
		),
		converseModelOptions.reasoningBudget,
		converseModelOptions.reasoningEffort,
		converseModelOptions.stopSequences,
		converseModelOptions.temperature,
		converseModelOptions.topP,
	],
};

export const chatModelProperties: INodeProperties[] = [modelField, chatModelOptions];
