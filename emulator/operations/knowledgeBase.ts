/**
 * Knowledge bases (bedrock-agent-runtime): Retrieve (POST /knowledgebases/{knowledgeBaseId}/retrieve),
 * RetrieveAndGenerate (POST /retrieveAndGenerate) and RetrieveAndGenerateStream
 * (POST /retrieveAndGenerateStream, `output` text events, a `citation` event after each cited part,
 * a `guardrail` event when a guardrail ran; the session ID in the
 * x-amzn-bedrock-knowledge-base-session-id header). Retrieval and answers as retrieval.ts says.
 */
import { randomUUID } from 'node:crypto';

import { resolveModel } from '../catalogue';
import type { Operation, RequestContext } from '../context';
import { splitDeltas } from '../engine';
import { BedrockError, MESSAGES } from '../errors';
import { applyGuardrail } from '../guardrails';
import { encodeEvent } from '../http/eventStream';
import { isObject } from '../http/json';
import type { JsonObject } from '../http/json';
import type { EmulatorKnowledgeBase } from '../options';
import { resolveTarget } from '../policy/access';
import { admitInference, admitRequest } from '../policy/admission';
import { authorize, resourceArn } from '../policy/permissions';
import type { GeneratedAnswer } from '../retrieval';
import { composeAnswer, retrieve } from '../retrieval';
import type { EmulatorState } from '../state';
import { findGuardrail } from './guardrail';
import { rerankModelOf } from './rerank';

const ID_PATTERN = /^[0-9a-zA-Z]{1,10}$/;
export const NOT_FOUND =
	"Failed to retrieve resource because it doesn't exist. Retry the request with a different resource identifier.";
const SESSION_HEADER = 'x-amzn-bedrock-knowledge-base-session-id';
const MODEL_ARN_PATTERN =
	/^arn:aws(-[^:]{1,12})?:(bedrock|sagemaker):[a-z0-9-]{1,20}:([0-9]{12})?:([a-z-]+\/)?([a-zA-Z0-9.:-]{1,63}){0,2}/;

/** The knowledge base an ID names, ready for retrieval; the errors Bedrock answers otherwise. */
export function findKnowledgeBase(
	state: EmulatorState,
	knowledgeBaseId: unknown,
	field = 'knowledgeBaseId',
): EmulatorKnowledgeBase {
	if (typeof knowledgeBaseId !== 'string' || !ID_PATTERN.test(knowledgeBaseId)) {
		throw new BedrockError(
			'ValidationException',
			`1 validation error detected: Value '${String(knowledgeBaseId)}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9a-zA-Z]+`,
		);
	}
	const knowledgeBase = state.options.knowledgeBases.find((entry) => entry.id === knowledgeBaseId);
	if (!knowledgeBase) throw new BedrockError('ResourceNotFoundException', NOT_FOUND);
	if ((knowledgeBase.status ?? 'ACTIVE') !== 'ACTIVE') {
		throw new BedrockError(
			'ValidationException',
			`Knowledge base ${knowledgeBaseId} is in ${knowledgeBase.status} state and cannot be queried.`,
		);
	}
	return knowledgeBase;
}

function textOf(value: unknown, field: string): string {
	const text = isObject(value) ? value.text : undefined;
	if (typeof text !== 'string' || text.trim() === '') {
		throw new BedrockError(
			'ValidationException',
			`1 validation error detected: Value at '${field}.text' failed to satisfy constraint: Member must have length greater than or equal to 1`,
		);
	}
	return text;
}

function vectorSearchOf(configuration: unknown): JsonObject | undefined {
	return isObject(configuration) && isObject(configuration.vectorSearchConfiguration)
		? configuration.vectorSearchConfiguration
		: undefined;
}

export const retrieveOperation: Operation = {
	name: 'Retrieve',
	async handle(context) {
		const { state } = context;
		const knowledgeBase = findKnowledgeBase(state, context.params.knowledgeBaseId);
		authorize(state, 'bedrock:Retrieve', resourceArn(`knowledge-base/${knowledgeBase.id}`));
		const body = context.json();
		const request = isObject(body) ? body : {};
		const query = textOf(request.retrievalQuery, 'retrievalQuery');
		const results = retrieve(knowledgeBase, {
			query,
			vectorSearch: vectorSearchOf(request.retrievalConfiguration),
			checkRerankModel: (modelArn) => rerankModelOf(state, modelArn),
		});
		admitRequest(state, context.record);
		await context.delay(state.options.latencyMs);
		context.sendJson({ retrievalResults: results });
	},
};

interface GenerateInput {
	sessionId: string;
	answer: GeneratedAnswer;
	guardrailAction?: 'INTERVENED' | 'NONE';
	chunkDelayMs: RequestContext['state']['options']['chunkDelayMs'];
}

function numberField(value: unknown): number | undefined {
	return typeof value === 'number' ? value : undefined;
}

function generateFrom(context: RequestContext, streaming: boolean): GenerateInput {
	const { state } = context;
	const body = context.json();
	const request = isObject(body) ? body : {};
	const query = textOf(request.input, 'input');
	const configuration = isObject(request.retrieveAndGenerateConfiguration)
		? request.retrieveAndGenerateConfiguration
		: {};
	if (
		configuration.type !== 'KNOWLEDGE_BASE' ||
		!isObject(configuration.knowledgeBaseConfiguration)
	) {
		throw new BedrockError(
			'ValidationException',
			'retrieveAndGenerateConfiguration must be of type KNOWLEDGE_BASE with a knowledgeBaseConfiguration.',
		);
	}
	const kbConfiguration = configuration.knowledgeBaseConfiguration;
	const knowledgeBase = findKnowledgeBase(
		state,
		kbConfiguration.knowledgeBaseId,
		'retrieveAndGenerateConfiguration.knowledgeBaseConfiguration.knowledgeBaseId',
	);
	const modelArn = kbConfiguration.modelArn;
	if (typeof modelArn !== 'string' || !MODEL_ARN_PATTERN.test(modelArn)) {
		throw new BedrockError(
			'ValidationException',
			`1 validation error detected: Value '${String(modelArn)}' at 'retrieveAndGenerateConfiguration.knowledgeBaseConfiguration.modelArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ${MODEL_ARN_PATTERN.source}`,
		);
	}
	if (resolveModel(modelArn, state.options.applicationInferenceProfiles).kind === 'unknown-model') {
		throw new BedrockError('ValidationException', MESSAGES.invalidModel);
	}
	authorize(
		state,
		streaming ? 'bedrock:RetrieveAndGenerateStream' : 'bedrock:RetrieveAndGenerate',
		'*',
	);
	authorize(state, 'bedrock:Retrieve', resourceArn(`knowledge-base/${knowledgeBase.id}`));
	const target = resolveTarget(state, modelArn, { textGeneration: true });

	const generation = isObject(kbConfiguration.generationConfiguration)
		? kbConfiguration.generationConfiguration
		: {};
	const template =
		isObject(generation.promptTemplate) &&
		typeof generation.promptTemplate.textPromptTemplate === 'string'
			? generation.promptTemplate.textPromptTemplate
			: undefined;
	if (template !== undefined && !template.includes('$search_results$')) {
		throw new BedrockError(
			'ValidationException',
			'The prompt template must contain the $search_results$ placeholder.',
		);
	}

	let sessionId: string;
	if (request.sessionId !== undefined) {
		if (
			typeof request.sessionId !== 'string' ||
			!state.sessions.knowledgeBase.has(request.sessionId)
		) {
			throw new BedrockError(
				'ValidationException',
				`Session with Id ${String(request.sessionId)} is not valid. Please check and try again.`,
			);
		}
		sessionId = request.sessionId;
	} else {
		sessionId = randomUUID();
	}
	const session = state.sessions.knowledgeBase.get(sessionId) ?? { queries: [] };
	// A follow-up question is searched together with the session's earlier ones.
	const results = retrieve(knowledgeBase, {
		query: [...session.queries, query].join(' '),
		vectorSearch: vectorSearchOf(kbConfiguration.retrievalConfiguration),
		checkRerankModel: (arn) => rerankModelOf(state, arn),
	});
	const inference =
		isObject(generation.inferenceConfig) && isObject(generation.inferenceConfig.textInferenceConfig)
			? generation.inferenceConfig.textInferenceConfig
			: {};
	let answer = composeAnswer(results, {
		maxTokens: numberField(inference.maxTokens),
		stopSequences: Array.isArray(inference.stopSequences)
			? inference.stopSequences.map(String)
			: undefined,
	});

	let guardrailAction: GenerateInput['guardrailAction'];
	if (isObject(generation.guardrailConfiguration)) {
		const guardrail = findGuardrail(
			state,
			generation.guardrailConfiguration.guardrailId,
			generation.guardrailConfiguration.guardrailVersion,
		);
		const outcome = applyGuardrail(guardrail, 'OUTPUT', [{ text: answer.text }]);
		guardrailAction = outcome.action === 'NONE' ? 'NONE' : 'INTERVENED';
		if (outcome.output !== undefined) answer = { text: outcome.output, citations: [] };
	}
	// The streamFailure fault is not played here: these streams have no model-stream error event.
	admitInference(state, target, { streaming: false, record: context.record });
	session.queries.push(query);
	state.sessions.knowledgeBase.set(sessionId, session);
	return {
		sessionId,
		answer,
		guardrailAction,
		chunkDelayMs: target.behaviour.chunkDelayMs,
	};
}

export const retrieveAndGenerateOperation: Operation = {
	name: 'RetrieveAndGenerate',
	async handle(context) {
		const generated = generateFrom(context, false);
		await context.delay(context.state.options.latencyMs);
		context.sendJson({
			sessionId: generated.sessionId,
			output: { text: generated.answer.text },
			citations: generated.answer.citations,
			...(generated.guardrailAction ? { guardrailAction: generated.guardrailAction } : {}),
		});
	},
};

export const retrieveAndGenerateStreamOperation: Operation = {
	name: 'RetrieveAndGenerateStream',
	async handle(context) {
		const generated = generateFrom(context, true);
		await context.delay(context.state.options.timeToFirstTokenMs);
		const frames: Array<() => Uint8Array> = [];
		const { text, citations } = generated.answer;
		let from = 0;
		for (const citation of citations) {
			const { span } = citation.generatedResponsePart.textResponsePart;
			// Each cited part (with the space before it), then its citation.
			for (const delta of splitDeltas(text.slice(from, span.end + 1))) {
				frames.push(() => encodeEvent('output', { text: delta }));
			}
			from = span.end + 1;
			frames.push(() =>
				encodeEvent('citation', {
					citation,
					generatedResponsePart: citation.generatedResponsePart,
					retrievedReferences: citation.retrievedReferences,
				}),
			);
		}
		for (const delta of splitDeltas(text.slice(from))) {
			frames.push(() => encodeEvent('output', { text: delta }));
		}
		if (generated.guardrailAction) {
			const action = generated.guardrailAction;
			frames.push(() => encodeEvent('guardrail', { action }));
		}
		await context.sendEvents(frames, {
			chunkDelayMs: generated.chunkDelayMs,
			fails: false,
			headers: { [SESSION_HEADER]: generated.sessionId },
		});
	},
};
