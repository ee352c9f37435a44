import type {
	Citation,
	InvocationInputMember,
	InvocationResultMember,
	ResponseStream,
	ReturnControlPayload,
	TracePart,
} from '@aws-sdk/client-bedrock-agent-runtime';
import type { IDataObject } from 'n8n-workflow';

/** Bedrock's pattern of session IDs (InvokeAgent, RetrieveAndGenerate): 2 to 100 characters. */
export const SESSION_ID_PATTERN = /^[0-9a-zA-Z._:-]{2,100}$/;

export interface NormalisedInvocation extends IDataObject {
	/** The return of control this belongs to (so an answer built from the invocation carries it). */
	invocationId: string | null;
	/** `function` (an action group defined by function details) or `api` (by an OpenAPI schema). */
	type: 'function' | 'api';
	actionGroup: string | null;
	/** The parameters the agent filled in, by name. */
	parameters: IDataObject;
}

export interface NormalisedReturnControl extends IDataObject {
	invocationId: string | null;
	/** What the agent wants the workflow to do, one entry per action. */
	invocations: NormalisedInvocation[];
}

function parametersByName(
	parameters: Array<{ name?: string; value?: string }> | undefined,
): IDataObject {
	const byName: IDataObject = {};
	for (const parameter of parameters ?? []) {
		if (parameter.name) byName[parameter.name] = parameter.value ?? null;
	}
	return byName;
}

function normaliseInvocation(
	member: InvocationInputMember,
	invocationId: string | null,
): NormalisedInvocation | undefined {
	if (member.functionInvocationInput) {
		const input = member.functionInvocationInput;
		return {
			invocationId,
			type: 'function',
			actionGroup: input.actionGroup ?? null,
			function: input.function ?? null,
			parameters: parametersByName(input.parameters),
			...(input.agentId ? { agentId: input.agentId } : {}),
			...(input.collaboratorName ? { collaboratorName: input.collaboratorName } : {}),
		};
	}
	if (member.apiInvocationInput) {
		const input = member.apiInvocationInput;
		const body: IDataObject = {};
		for (const [contentType, content] of Object.entries(input.requestBody?.content ?? {})) {
			body[contentType] = parametersByName(content.properties);
		}
		return {
			invocationId,
			type: 'api',
			actionGroup: input.actionGroup ?? null,
			apiPath: input.apiPath ?? null,
			httpMethod: input.httpMethod ?? null,
			parameters: parametersByName(input.parameters),
			requestBody: body,
			...(input.agentId ? { agentId: input.agentId } : {}),
			...(input.collaboratorName ? { collaboratorName: input.collaboratorName } : {}),
		};
	}
	return undefined;
}

/** An agent's return of control, as the workflow reads it and answers it. */
export function normaliseReturnControl(payload: ReturnControlPayload): NormalisedReturnControl {
	const invocationId = payload.invocationId ?? null;
	return {
		invocationId,
		invocations: (payload.invocationInputs ?? [])
			.map((member) => normaliseInvocation(member, invocationId))
			.filter((invocation): invocation is NormalisedInvocation => invocation !== undefined),
	};
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const RESPONSE_STATES = new Set(['FAILURE', 'REPROMPT']);

function bodyText(value: unknown): string {
	if (typeof value === 'string') return value;
	return JSON.stringify(value ?? null);
}

/**
 * One result the workflow sends back after a return of control. Accepted as Bedrock's own shape
 * (`{ functionResult: {...} }` or `{ apiResult: {...} }`), or short: an invocation of the output
 * with the answer as `body` (a string, or anything JSON), e.g.
 * `{ ...$json.returnControl.invocations[0], body: 'It is 21 °C in Paris' }`.
 */
function toInvocationResult(value: unknown, path: string): InvocationResultMember {
	if (!isObject(value)) throw new Error(`${path} must be an object`);
	if (isObject(value.functionResult) || isObject(value.apiResult)) {
		const result = (value.functionResult ?? value.apiResult) as Record<string, unknown>;
		if (typeof result.actionGroup !== 'string' || result.actionGroup === '') {
			throw new Error(`${path} names no actionGroup`);
		}
		return value as unknown as InvocationResultMember;
	}
	if (typeof value.actionGroup !== 'string' || value.actionGroup === '') {
		throw new Error(
			`${path} names no actionGroup: answer an invocation of the returnControl output, e.g. { ...$json.returnControl.invocations[0], body: "the result" }`,
		);
	}
	if (value.body === undefined) throw new Error(`${path} has no body (the result to send)`);
	const responseState =
		typeof value.responseState === 'string' && RESPONSE_STATES.has(value.responseState)
			? (value.responseState as 'FAILURE' | 'REPROMPT')
			: undefined;
	const isApi = typeof value.apiPath === 'string' && value.apiPath !== '';
	if (isApi) {
		return {
			apiResult: {
				actionGroup: value.actionGroup,
				apiPath: value.apiPath as string,
				httpMethod: typeof value.httpMethod === 'string' ? value.httpMethod : undefined,
				httpStatusCode: typeof value.httpStatusCode === 'number' ? value.httpStatusCode : 200,
				responseBody: { 'application/json': { body: bodyText(value.body) } },
				...(responseState ? { responseState } : {}),
			},
		};
	}
	if (typeof value.function !== 'string' || value.function === '') {
		throw new Error(`${path} names neither a function nor an apiPath`);
	}
	return {
		functionResult: {
			actionGroup: value.actionGroup,
			function: value.function,
			responseBody: { TEXT: { body: bodyText(value.body) } },
			...(responseState ? { responseState } : {}),
		},
	};
}

export interface ReturnControlAnswer {
	results: InvocationResultMember[];
	/** The invocation ID the short results carry (from the invocations they were built from). */
	invocationId?: string;
}

/**
 * The results of a return of control (a list, or one result), checked; throws naming the entry.
 * Short results built from the output's invocations also give their invocation ID.
 */
export function toReturnControlAnswer(value: unknown): ReturnControlAnswer {
	const list = Array.isArray(value) ? value : [value];
	if (list.length === 0) throw new Error('Return Control Results is an empty list');
	const results = list.map((entry, index) =>
		toInvocationResult(entry, `Return Control Results[${index}]`),
	);
	const ids = new Set(
		list
			.map((entry) => (isObject(entry) ? entry.invocationId : undefined))
			.filter((id): id is string => typeof id === 'string' && id !== ''),
	);
	if (ids.size > 1) {
		throw new Error(
			`Return Control Results answer ${ids.size} different invocations (${[...ids].join(', ')}); answer one return of control per call`,
		);
	}
	const [invocationId] = ids;
	return invocationId ? { results, invocationId } : { results };
}

/** What an agent answered over its stream. */
export interface AgentReply {
	text: string;
	citations: Citation[];
	traces: TracePart[];
	returnControl?: ReturnControlPayload;
	files: Array<{ name: string | null; type: string | null; bytes: Uint8Array }>;
}

/**
 * Collects InvokeAgent's completion stream: text chunks (decoded as one UTF-8 stream, since a
 * character may be split between chunks), their citations, traces, a return of control, files.
 * `push` returns the text delta of an event ('' for others).
 */
export class InvokeAgentAggregator {
	private readonly decoder = new TextDecoder('utf-8');
	private readonly reply: AgentReply = { text: '', citations: [], traces: [], files: [] };

	push(event: ResponseStream): string {
		if (event.chunk) {
			const delta = event.chunk.bytes
				? this.decoder.decode(event.chunk.bytes, { stream: true })
				: '';
			this.reply.text += delta;
			this.reply.citations.push(...(event.chunk.attribution?.citations ?? []));
			return delta;
		}
		if (event.trace) this.reply.traces.push(event.trace);
		else if (event.returnControl) this.reply.returnControl = event.returnControl;
		else if (event.files) {
			for (const file of event.files.files ?? []) {
				if (file.bytes) {
					this.reply.files.push({
						name: file.name ?? null,
						type: file.type ?? null,
						bytes: file.bytes,
					});
				}
			}
		}
		return '';
	}

	finish(): AgentReply {
		this.reply.text += this.decoder.decode();
		return this.reply;
	}
}

/** A trace part as JSON (dates become ISO strings). */
export function traceToJson(trace: TracePart): IDataObject {
	return JSON.parse(JSON.stringify(trace)) as IDataObject;
}
