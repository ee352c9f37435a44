import type { INodeProperties } from 'n8n-workflow';

import type { FamilyRequestInput } from './types';

/**
 * For prompt-completion families: whether the user asked for the prompt to be sent as typed. A
 * system prompt given together with a raw prompt is put in front of it, separated by a blank line.
 */
export function rawPromptText(input: FamilyRequestInput, rawField: string): string | undefined {
	if (input.extra[rawField] !== true) return undefined;
	return input.systemPrompt ? `${input.systemPrompt}\n\n${input.prompt}` : input.prompt;
}

export function rawPromptField(
	familyField: string,
	familyName: string,
	templateName: string,
): INodeProperties {
	return {
		displayName: `Raw Prompt (${familyName})`,
		name: familyField,
		type: 'boolean',
		default: false,
		description: `Whether to send the prompt exactly as typed instead of wrapping it in the model's ${templateName}`,
	};
}
