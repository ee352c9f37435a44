/**
 * What every inference request passes before the model runs: the account's and the model's quotas,
 * then the injected faults. CountTokens is free and skips it, as on Bedrock.
 */
import type { RecordedRequest } from '../options';
import type { EmulatorState } from '../state';
import type { InferenceTarget } from './access';
import { rollRequestFaults, rollStreamFailure } from './faults';
import { ACCOUNT_QUOTA } from './quotas';

export interface Admission {
	/** The stream is to fail part-way (the `streamFailure` fault; streams only). */
	streamFails: boolean;
}

/**
 * Throws ThrottlingException over a quota, or the injected fault's error (or DroppedConnection);
 * the request's log entry records which (`refusedBy`).
 */
export function admitInference(
	state: EmulatorState,
	target: InferenceTarget,
	options: { streaming: boolean; record: RecordedRequest },
): Admission {
	try {
		state.quotas.admit(ACCOUNT_QUOTA, state.options.quota);
		state.quotas.admit(target.model.modelId, target.behaviour.quota);
	} catch (error) {
		options.record.refusedBy = 'quota';
		throw error;
	}
	rollRequestFaults(target.behaviour, state.random, state.stats, (fault) => {
		options.record.refusedBy = fault;
	});
	const streamFails =
		options.streaming && rollStreamFailure(target.behaviour, state.random, state.stats);
	return { streamFails };
}

/**
 * What a request that runs no model of its own (Retrieve, Rerank's bookkeeping, agents, guardrails)
 * passes: the account's quota, then the globally configured faults.
 */
export function admitRequest(state: EmulatorState, record: RecordedRequest): void {
	try {
		state.quotas.admit(ACCOUNT_QUOTA, state.options.quota);
	} catch (error) {
		record.refusedBy = 'quota';
		throw error;
	}
	rollRequestFaults(state.behaviourFor(''), state.random, state.stats, (fault) => {
		record.refusedBy = fault;
	});
}
