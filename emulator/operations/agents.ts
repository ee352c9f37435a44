/**
 * InvokeAgent (POST /agents/{agentId}/agentAliases/{agentAliasId}/sessions/{sessionId}/text,
 * bedrock-agent-runtime): an event stream of `chunk` events (PayloadPart: base64 `bytes` and the
 * citations as `attribution`), `trace` events with enableTrace, and a `returnControl` event when
 * the agent hands an action to the caller. The session ID comes back in
 * x-amz-bedrock-agent-session-id.
 *
 * The agent's answer, from the session's state and the input:
 * 1. With sessionState.returnControlInvocationResults (for the invocation the session waits for):
 *    `Tool result: <the results' bodies joined with '\n'>`.
 * 2. Else when the input names a function of the agent's returnControl (or one of its keywords):
 *    a return of control for it, each parameter filled from the session attribute of its name, else with the input text.
 * 3. Else with a knowledge base: the generated answer of retrieval.ts for the session's inputs so
 *    far (a follow-up is searched together with the earlier ones), its citations as attribution.
 * 4. Else the first two sentences of the input.
 * With streamingConfigurations.streamFinalResponse the answer comes in chunks of 3 tokens (the
 * citations with the last), else in one chunk. Session attributes are kept for the session;
 * endSession forgets it.
 */
import { randomUUID } from 'node:crypto';

import type { Operation } from '../context';
import { firstSentences, splitDeltas } from '../engine';
import { BedrockError } from '../errors';
import { encodeEvent } from '../http/eventStream';
import { isObject } from '../http/json';
import type { JsonObject } from '../http/json';
import type { EmulatorAgent } from '../options';
import { admitRequest } from '../policy/admission';
import { authorize, resourceArn } from '../policy/permissions';
import type { GeneratedAnswer } from '../retrieval';
import { composeAnswer, retrieve } from '../retrieval';
import type { AgentSession } from '../sessions';
import type { EmulatorState } from '../state';
import { NOT_FOUND } from './knowledgeBase';

const ID_PATTERN = /^[0-9a-zA-Z]{1,10}$/;
const SESSION_ID_PATTERN = /^[0-9a-zA-Z._:-]{2,100}$/;
export const DRAFT_ALIAS = { id: 'TSTALIASID', name: 'AgentTestAlias', agentVersion: 'DRAFT' };

function invalid(field: string, value: unknown, pattern: string): BedrockError {
	return new BedrockError(
		'ValidationException',
		`1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern}`,
	);
}

export function findAgent(state: EmulatorState, agentId: string): EmulatorAgent {
	if (!ID_PATTERN.test(agentId)) throw invalid('agentId', agentId, '[0-9a-zA-Z]+');
	const agent = state.options.agents.find((candidate) => candidate.id === agentId);
	if (!agent) throw new BedrockError('ResourceNotFoundException', NOT_FOUND);
	return agent;
}

export function aliasesOf(agent: EmulatorAgent) {
	return [DRAFT_ALIAS, ...(agent.aliases ?? [])];
}

function resultBodies(results: unknown[]): string {
	return results
		.map((result) => {
			const member = isObject(result)
				? ((isObject(result.functionResult) ? result.functionResult : undefined) ??
					(isObject(result.apiResult) ? result.apiResult : undefined))
				: undefined;
			const bodies = isObject(member?.responseBody) ? Object.values(member.responseBody) : [];
			return bodies
				.map((body) => (isObject(body) && typeof body.body === 'string' ? body.body : ''))
				.join('\n');
		})
		.join('\n');
}

interface AgentTurn {
	answer?: GeneratedAnswer;
	returnControl?: JsonObject;
}

function turnOf(
	state: EmulatorState,
	agent: EmulatorAgent,
	session: AgentSession,
	inputText: string,
	sessionState: JsonObject,
): AgentTurn {
	const results = sessionState.returnControlInvocationResults;
	if (Array.isArray(results) && results.length > 0) {
		if (!session.pendingInvocationId || sessionState.invocationId !== session.pendingInvocationId) {
			throw new BedrockError(
				'ValidationException',
				`The invocationId ${String(sessionState.invocationId)} does not match any pending invocation of this session.`,
			);
		}
		session.pendingInvocationId = undefined;
		return { answer: { text: `Tool result: ${resultBodies(results)}`, citations: [] } };
	}
	if (inputText.trim() === '') {
		throw new BedrockError(
			'ValidationException',
			'inputText must be provided when no returnControlInvocationResults are sent.',
		);
	}
	const lowerInput = inputText.toLowerCase();
	const named = (agent.returnControl ?? []).find((action) =>
		[action.function, ...(action.keywords ?? [])].some((word) =>
			lowerInput.includes(word.toLowerCase()),
		),
	);
	if (named) {
		const invocationId = randomUUID();
		session.pendingInvocationId = invocationId;
		return {
			returnControl: {
				invocationId,
				invocationInputs: [
					{
						functionInvocationInput: {
							actionGroup: named.actionGroup,
							function: named.function,
							actionInvocationType: 'RESULT',
							agentId: agent.id,
							parameters: (named.parameters ?? []).map((name) => ({
								name,
								type: 'string',
								value: session.sessionAttributes[name] ?? inputText,
							})),
						},
					},
				],
			},
		};
	}
	session.inputs.push(inputText);
	if (agent.knowledgeBaseId) {
		const knowledgeBase = state.options.knowledgeBases.find(
			(candidate) => candidate.id === agent.knowledgeBaseId,
		);
		if (!knowledgeBase)
			throw new BedrockError(
				'DependencyFailedException',
				'The agent’s knowledge base is unavailable.',
			);
		const found = retrieve(knowledgeBase, { query: session.inputs.join(' ') });
		return { answer: composeAnswer(found) };
	}
	return { answer: { text: firstSentences(inputText), citations: [] } };
}

function stringMap(value: unknown): Record<string, string> {
	const map: Record<string, string> = {};
	if (isObject(value)) {
		for (const [key, entry] of Object.entries(value))
			if (typeof entry === 'string') map[key] = entry;
	}
	return map;
}

export const invokeAgentOperation: Operation = {
	name: 'InvokeAgent',
	async handle(context) {
		const { state, params } = context;
		const agent = findAgent(state, params.agentId);
		if (!ID_PATTERN.test(params.agentAliasId)) {
			throw invalid('agentAliasId', params.agentAliasId, '[0-9a-zA-Z]+');
		}
		const alias = aliasesOf(agent).find((candidate) => candidate.id === params.agentAliasId);
		if (!alias) throw new BedrockError('ResourceNotFoundException', NOT_FOUND);
		if (!SESSION_ID_PATTERN.test(params.sessionId)) {
			throw invalid('sessionId', params.sessionId, '[0-9a-zA-Z._:-]+');
		}
		authorize(state, 'bedrock:InvokeAgent', resourceArn(`agent-alias/${agent.id}/${alias.id}`));
		const body = context.json();
		const request = isObject(body) ? body : {};
		const sessionState = isObject(request.sessionState) ? request.sessionState : {};
		const key = `${agent.id}/${alias.id}/${params.sessionId}`;
		const session: AgentSession = state.sessions.agent.get(key) ?? {
			turns: 0,
			inputs: [],
			sessionAttributes: {},
		};
		Object.assign(session.sessionAttributes, stringMap(sessionState.sessionAttributes));
		const inputText = typeof request.inputText === 'string' ? request.inputText : '';
		admitRequest(state, context.record);
		const turn = turnOf(state, agent, session, inputText, sessionState);
		session.turns++;
		if (request.endSession === true) state.sessions.agent.delete(key);
		else state.sessions.agent.set(key, session);

		const traceBase = {
			sessionId: params.sessionId,
			agentId: agent.id,
			agentAliasId: alias.id,
			agentVersion: alias.agentVersion ?? '1',
		};
		const traceId = `${params.sessionId}-${session.turns}`;
		const frames: Array<() => Uint8Array> = [];
		if (request.enableTrace === true) {
			const modelInput = JSON.stringify({
				inputText,
				turn: session.turns,
				sessionAttributes: session.sessionAttributes,
				promptSessionAttributes: stringMap(sessionState.promptSessionAttributes),
			});
			frames.push(() =>
				encodeEvent('trace', {
					...traceBase,
					trace: {
						orchestrationTrace: {
							modelInvocationInput: { traceId, type: 'ORCHESTRATION', text: modelInput },
						},
					},
				}),
			);
		}
		if (turn.returnControl) {
			const payload = turn.returnControl;
			frames.push(() => encodeEvent('returnControl', payload));
		} else if (turn.answer) {
			const { text, citations } = turn.answer;
			const streamed = isObject(request.streamingConfigurations)
				? request.streamingConfigurations.streamFinalResponse === true
				: false;
			const parts = streamed ? splitDeltas(text) : [text];
			parts.forEach((part, index) => {
				const last = index === parts.length - 1;
				frames.push(() =>
					encodeEvent('chunk', {
						bytes: Buffer.from(part, 'utf8').toString('base64'),
						...(last && citations.length > 0 ? { attribution: { citations } } : {}),
					}),
				);
			});
			if (request.enableTrace === true) {
				frames.push(() =>
					encodeEvent('trace', {
						...traceBase,
						trace: {
							orchestrationTrace: {
								observation: { traceId, type: 'FINISH', finalResponse: { text } },
							},
						},
					}),
				);
			}
		}
		await context.delay(state.options.timeToFirstTokenMs);
		const memoryId = typeof request.memoryId === 'string' ? request.memoryId : undefined;
		await context.sendEvents(frames, {
			chunkDelayMs: state.options.chunkDelayMs,
			fails: false,
			headers: {
				'x-amzn-bedrock-agent-content-type': 'application/json',
				'x-amz-bedrock-agent-session-id': params.sessionId,
				...(memoryId ? { 'x-amz-bedrock-agent-memory-id': memoryId } : {}),
			},
		});
	},
};
