import type {
	ApplyGuardrailCommandInput,
	GuardrailContentBlock,
} from '@aws-sdk/client-bedrock-runtime';
import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { batchOptions } from '../descriptions';
import { inputError, readIdentifier } from '../input';
import type { OperationContext } from '../types';
import {
	GUARDRAIL_IDENTIFIER_PATTERN,
	GUARDRAIL_VERSION_PATTERN,
	maskedMatches,
	normaliseAssessments,
	normaliseGuardrailUsage,
} from '../../mapping/guardrail';
import { arnRegion, parseModelId } from '../../models/modelId';
import { callBedrock } from '../../transport/request';
import { loadRuntimeSdk } from '../../transport/sdk';

const show = { show: { operation: ['applyGuardrail'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Guardrail Identifier',
		name: 'guardrailIdentifier',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. gr-abc123xyz or its ARN',
		description: 'ID or ARN of the Bedrock guardrail (Bedrock console, Guardrails)',
		displayOptions: show,
	},
	{
		displayName: 'Guardrail Version',
		name: 'guardrailVersion',
		type: 'string',
		default: 'DRAFT',
		required: true,
		description: 'A published version number such as 1, or DRAFT for the working draft',
		displayOptions: show,
	},
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		options: [
			{
				name: 'Input (User Prompt)',
				value: 'INPUT',
				description: 'Check text a user sends, before a model sees it',
			},
			{
				name: 'Output (Model Reply)',
				value: 'OUTPUT',
				description: 'Check text a model wrote, before a user sees it',
			},
		],
		default: 'INPUT',
		description:
			'Whether the text is a prompt or a reply: the guardrail’s policies differ for each',
		displayOptions: show,
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. ={{ $json.text }}',
		description: 'The text to check',
		displayOptions: show,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Full Assessments',
				name: 'fullOutputScope',
				type: 'boolean',
				default: false,
				description:
					'Whether the assessments list every policy’s checks, also those that did not intervene (output scope FULL)',
			},
			{
				displayName: 'Grounding Source',
				name: 'groundingSource',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				description:
					'For contextual grounding checks of a reply: the reference text (e.g. retrieved passages) the reply must be grounded in',
			},
			{
				displayName: 'Grounding Query',
				name: 'groundingQuery',
				type: 'string',
				default: '',
				description:
					'For contextual grounding checks of a reply: the user’s question the reply must be relevant to',
			},
			...batchOptions,
		],
	},
];

export async function execute(
	context: OperationContext,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const guardrailIdentifier = readIdentifier(context, itemIndex, 'guardrailIdentifier', {
		label: 'Guardrail Identifier',
		pattern: GUARDRAIL_IDENTIFIER_PATTERN,
		hint: 'Enter the guardrail’s ID (lower-case letters and digits, e.g. abc123xyz) or its ARN (arn:aws:bedrock:<region>:<account>:guardrail/<id>).',
	});
	const guardrailVersion = readIdentifier(context, itemIndex, 'guardrailVersion', {
		label: 'Guardrail Version',
		pattern: GUARDRAIL_VERSION_PATTERN,
		hint: 'Enter DRAFT or a version number such as 1.',
	});
	const source = context.fn.getNodeParameter('source', itemIndex, 'INPUT') as string;
	if (source !== 'INPUT' && source !== 'OUTPUT') {
		throw inputError(context, itemIndex, `Source '${source}' is not INPUT or OUTPUT`);
	}
	const text = String(context.fn.getNodeParameter('text', itemIndex, '') ?? '');
	if (text.trim() === '') {
		throw inputError(
			context,
			itemIndex,
			'The text is empty',
			'Enter the text to check, e.g. ={{ $json.text }}, or check that the expression gives text for this item.',
		);
	}
	const options = context.fn.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const groundingSource = String(options.groundingSource ?? '');
	const groundingQuery = String(options.groundingQuery ?? '');
	const content: GuardrailContentBlock[] = [];
	if (groundingSource.trim() !== '') {
		content.push({ text: { text: groundingSource, qualifiers: ['grounding_source'] } });
	}
	if (groundingQuery.trim() !== '') {
		content.push({ text: { text: groundingQuery, qualifiers: ['query'] } });
	}
	content.push(
		content.length > 0 ? { text: { text, qualifiers: ['guard_content'] } } : { text: { text } },
	);
	const input: ApplyGuardrailCommandInput = {
		guardrailIdentifier,
		guardrailVersion,
		source,
		content,
		...(options.fullOutputScope === true ? { outputScope: 'FULL' } : {}),
	};

	// A guardrail ARN pins the call to its region, as a model ARN does (same Bedrock ARN form).
	const region = arnRegion(parseModelId(guardrailIdentifier)) ?? context.credentials.region;
	const client = await context.clients.runtime(region);
	const { ApplyGuardrailCommand } = await loadRuntimeSdk();
	const response = await callBedrock(
		context.fn.getNode(),
		itemIndex,
		{
			region,
			secrets: context.secrets,
			remedies: {
				ResourceNotFoundException: `Guardrail ${guardrailIdentifier} version ${guardrailVersion} was not found in ${region}: check the ID (or ARN) and that this version is published (or use DRAFT).`,
			},
		},
		async () =>
			await client.send(new ApplyGuardrailCommand(input), { abortSignal: context.signal }),
	);
	const outputs = (response.outputs ?? []).map((output) => output.text ?? '');
	const assessments = normaliseAssessments(response.assessments);
	const json: IDataObject = {
		action: response.action ?? 'NONE',
		outputs,
		// The text to go on with: the guardrail's (masked or blocked message) when it intervened.
		text:
			response.action === 'GUARDRAIL_INTERVENED' && outputs.length > 0 ? outputs.join('') : text,
		assessments,
		masked: maskedMatches(assessments),
		usage: normaliseGuardrailUsage(response.usage),
	};
	if (response.actionReason) json.actionReason = response.actionReason;
	return { json };
}
