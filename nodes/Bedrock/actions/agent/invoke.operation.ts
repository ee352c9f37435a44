import { randomUUID } from 'node:crypto';

import type { InvokeAgentCommandInput, SessionState } from '@aws-sdk/client-bedrock-agent-runtime';
import type {
	IBinaryKeyData,
	IDataObject,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { batchOptions } from '../descriptions';
import { inputError, readIdentifier, readJson, readString, readStringMap } from '../input';
import type { OperationContext } from '../types';
import type { AgentReply } from '../../mapping/agent';
import {
	InvokeAgentAggregator,
	normaliseReturnControl,
	SESSION_ID_PATTERN,
	toReturnControlAnswer,
	traceToJson,
} from '../../mapping/agent';
import { normaliseCitations } from '../../mapping/knowledgeBase';
import { callBedrock } from '../../transport/request';
import { loadAgentRuntimeSdk } from '../../transport/sdk';
import { forwardStream } from '../../transport/streaming';

/** Bedrock's patterns of agent and alias IDs (TSTALIASID is every agent's working-draft alias). */
const AGENT_ID_PATTERN = /^[0-9a-zA-Z]{1,10}$/;
const AGENT_ALIAS_ID_PATTERN = /^[0-9a-zA-Z]{1,10}$/;
const MEMORY_ID_PATTERN = /^[0-9a-zA-Z._:-]{2,100}$/;

const idMode = (placeholder: string, errorMessage: string) => ({
	displayName: 'ID',
	name: 'id',
	type: 'string' as const,
	placeholder,
	validation: [
		{
			type: 'regex' as const,
			properties: { regex: AGENT_ID_PATTERN.source, errorMessage },
		},
	],
});

export const description: INodeProperties[] = [
	{
		displayName: 'Agent',
		name: 'agentId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The Bedrock agent to invoke, in the credential’s region',
		displayOptions: { show: { operation: ['invoke'] } },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchAgents', searchable: true },
			},
			idMode('e.g. AGENT12345', 'An agent ID is up to 10 letters and digits'),
		],
	},
	{
		displayName: 'Agent Alias',
		name: 'agentAliasId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description:
			'The alias (a deployed version) of the agent; TSTALIASID is the working draft, for testing',
		displayOptions: { show: { operation: ['invoke'] } },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchAgentAliases', searchable: true },
			},
			idMode('e.g. TSTALIASID', 'An alias ID is up to 10 letters and digits'),
		],
	},
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. ={{ $json.chatInput }}',
		description:
			'The user’s message to the agent (may stay empty when the call only sends Return Control Results)',
		displayOptions: { show: { operation: ['invoke'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: ['invoke'] } },
		options: [
			{
				displayName: 'Enable Trace',
				name: 'enableTrace',
				type: 'boolean',
				default: false,
				description:
					'Whether to add the agent’s reasoning steps (pre-processing, orchestration, knowledge base lookups, action calls) as trace',
			},
			{
				displayName: 'End Session',
				name: 'endSession',
				type: 'boolean',
				default: false,
				description: 'Whether this is the last message of the session (Bedrock then forgets it)',
			},
			{
				displayName: 'Memory ID',
				name: 'memoryId',
				type: 'string',
				default: '',
				description:
					'Identifier of the agent’s long-term memory to use across sessions (agents with memory enabled)',
			},
			{
				displayName: 'Prompt Session Attributes',
				name: 'promptSessionAttributes',
				type: 'json',
				default: '',
				placeholder: '{ "today": "2025-06-01" }',
				description:
					'Attributes for this turn only, put into the agent’s prompt, as a JSON object of strings',
			},
			{
				displayName: 'Return Control Invocation ID',
				name: 'returnControlInvocationId',
				type: 'string',
				default: '',
				placeholder: '={{ $json.returnControl.invocationId }}',
				description:
					'The invocationId of the return of control being answered; taken from the results when they were built from the invocations',
			},
			{
				displayName: 'Return Control Results',
				name: 'returnControlResults',
				type: 'json',
				default: '',
				placeholder: '={{ [{ ...$json.returnControl.invocations[0], body: $json.result }] }}',
				description:
					'The results of the actions the agent returned to the workflow: a list of its invocations each with a body (text or JSON), or Bedrock’s functionResult / apiResult objects. Use the same Session ID.',
			},
			{
				displayName: 'Session Attributes',
				name: 'sessionAttributes',
				type: 'json',
				default: '',
				placeholder: '{ "customerId": "42" }',
				description:
					'Attributes kept for the whole session and passed to the agent’s action groups, as a JSON object of strings',
			},
			{
				displayName: 'Session ID',
				name: 'sessionId',
				type: 'string',
				default: '',
				placeholder: '={{ $json.sessionId }}',
				description:
					'Continues a conversation: the sessionId of a previous answer (2 to 100 letters, digits, . _ : -). Empty starts a new session with a random ID.',
			},
			{
				displayName: 'Stream Final Response',
				name: 'streamFinalResponse',
				type: 'boolean',
				default: false,
				description:
					'Whether the agent streams its final answer in parts, sent on as they arrive when the workflow streams (the agent’s role needs bedrock:InvokeModelWithResponseStream)',
			},
			...batchOptions,
		],
	},
];

interface InvokeRequest {
	input: InvokeAgentCommandInput;
	options: IDataObject;
}

function buildRequest(context: OperationContext, itemIndex: number): InvokeRequest {
	const agentId = readIdentifier(context, itemIndex, 'agentId', {
		label: 'Agent',
		pattern: AGENT_ID_PATTERN,
		hint: 'Pick the agent from the list, or enter its ID (up to 10 letters and digits, shown in the Bedrock console).',
	});
	const agentAliasId = readIdentifier(context, itemIndex, 'agentAliasId', {
		label: 'Agent Alias',
		pattern: AGENT_ALIAS_ID_PATTERN,
		hint: 'Pick the alias from the list (after the agent), or enter its ID; TSTALIASID calls the working draft.',
	});
	const options = context.fn.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const sessionId =
		readIdentifier(context, itemIndex, 'options.sessionId', {
			label: 'Session ID',
			pattern: SESSION_ID_PATTERN,
			hint: 'Use the sessionId of a previous answer (={{ $json.sessionId }}): 2 to 100 letters, digits, and . _ : -. Leave it empty for a new session.',
			required: false,
		}) || randomUUID();
	const memoryId = readIdentifier(context, itemIndex, 'options.memoryId', {
		label: 'Memory ID',
		pattern: MEMORY_ID_PATTERN,
		hint: '2 to 100 letters, digits, and . _ : -',
		required: false,
	});

	const sessionState: SessionState = {};
	const sessionAttributes = readStringMap(
		context,
		itemIndex,
		options.sessionAttributes,
		'Session Attributes',
	);
	if (sessionAttributes) sessionState.sessionAttributes = sessionAttributes;
	const promptSessionAttributes = readStringMap(
		context,
		itemIndex,
		options.promptSessionAttributes,
		'Prompt Session Attributes',
	);
	if (promptSessionAttributes) sessionState.promptSessionAttributes = promptSessionAttributes;

	const resultsValue = readJson(
		context,
		itemIndex,
		options.returnControlResults,
		'Return Control Results',
	);
	if (resultsValue !== undefined) {
		let answer: ReturnType<typeof toReturnControlAnswer>;
		try {
			answer = toReturnControlAnswer(resultsValue);
		} catch (error) {
			throw inputError(
				context,
				itemIndex,
				(error as Error).message,
				'Answer the returnControl of the previous Invoke: e.g. ={{ [{ ...$json.returnControl.invocations[0], body: "the result" }] }}, with the same Session ID.',
			);
		}
		const invocationId = readString(context, 'options.returnControlInvocationId', itemIndex);
		if (invocationId !== '' && answer.invocationId && invocationId !== answer.invocationId) {
			throw inputError(
				context,
				itemIndex,
				`Return Control Invocation ID '${invocationId}' differs from the invocation the results answer ('${answer.invocationId}')`,
				'Leave Return Control Invocation ID empty, or make both name the same return of control.',
			);
		}
		const id = invocationId || answer.invocationId;
		if (!id) {
			throw inputError(
				context,
				itemIndex,
				'Return Control Results need the invocation they answer',
				'Set Return Control Invocation ID to ={{ $json.returnControl.invocationId }} of the Invoke that returned control, or build the results from $json.returnControl.invocations.',
			);
		}
		sessionState.returnControlInvocationResults = answer.results;
		sessionState.invocationId = id;
	}

	const prompt = String(context.fn.getNodeParameter('prompt', itemIndex, '') ?? '');
	if (prompt.trim() === '' && !sessionState.returnControlInvocationResults) {
		throw inputError(
			context,
			itemIndex,
			'The prompt is empty',
			'Enter the message to the agent, e.g. ={{ $json.chatInput }}, or send Return Control Results.',
		);
	}

	const input: InvokeAgentCommandInput = { agentId, agentAliasId, sessionId };
	if (prompt.trim() !== '') input.inputText = prompt;
	if (Object.keys(sessionState).length > 0) input.sessionState = sessionState;
	if (options.enableTrace === true) input.enableTrace = true;
	if (options.endSession === true) input.endSession = true;
	if (memoryId !== '') input.memoryId = memoryId;
	if (options.streamFinalResponse === true) {
		input.streamingConfigurations = { streamFinalResponse: true };
	}
	return { input, options };
}

async function toOutput(
	context: OperationContext,
	reply: AgentReply,
	call: { sessionId: string; memoryId?: string; latencyMs: number; timeToFirstTokenMs?: number },
	options: IDataObject,
): Promise<INodeExecutionData> {
	const json: IDataObject = { text: reply.text, sessionId: call.sessionId };
	if (reply.citations.length > 0) json.citations = normaliseCitations(reply.citations);
	if (reply.returnControl) json.returnControl = normaliseReturnControl(reply.returnControl);
	if (options.enableTrace === true) json.trace = reply.traces.map(traceToJson);
	if (call.memoryId) json.memoryId = call.memoryId;
	json.latencyMs = call.latencyMs;
	if (call.timeToFirstTokenMs !== undefined) json.timeToFirstTokenMs = call.timeToFirstTokenMs;
	if (reply.files.length === 0) return { json };
	// Files the agent made (code interpretation) become the item's binary data.
	const binary: IBinaryKeyData = {};
	for (const [index, file] of reply.files.entries()) {
		binary[index === 0 ? 'data' : `data_${index}`] = await context.fn.helpers.prepareBinaryData(
			Buffer.from(file.bytes),
			file.name ?? undefined,
			file.type ?? undefined,
		);
	}
	return { json, binary };
}

export async function execute(
	context: OperationContext,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const { input, options } = buildRequest(context, itemIndex);
	const client = await context.clients.agentRuntime();
	const { InvokeAgentCommand } = await loadAgentRuntimeSdk();
	const region = context.credentials.region;
	const aggregator = new InvokeAgentAggregator();
	const started = performance.now();
	// The reply is an event stream; an exception event mid-stream is thrown while iterating.
	const call = await callBedrock(
		context.fn.getNode(),
		itemIndex,
		{
			region,
			secrets: context.secrets,
			remedies: {
				ResourceNotFoundException: `Agent ${input.agentId} with alias ${input.agentAliasId} was not found in ${region}: pick both from the lists, and check that the alias points at a prepared version.`,
			},
		},
		async () => {
			const output = await client.send(new InvokeAgentCommand(input), {
				abortSignal: context.signal,
			});
			const { timeToFirstTokenMs } = await forwardStream(
				context.chunks,
				itemIndex,
				output.completion,
				(event) => aggregator.push(event),
				started,
			);
			return {
				sessionId: output.sessionId ?? (input.sessionId as string),
				memoryId: output.memoryId,
				timeToFirstTokenMs,
			};
		},
	);
	return await toOutput(
		context,
		aggregator.finish(),
		{ ...call, latencyMs: Math.round(performance.now() - started) },
		options,
	);
}
