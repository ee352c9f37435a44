/**
 * What every inference request passes before the model runs: the account's and the model's quotas,
 * then the injected faults. CountTokens is free and skips it, as on Bedrock.
 */
import type { EmulatorState } from '../state';
import type { InferenceTarget } from './access';
import { rollRequestFaults, rollStreamFailure } from './faults';
import { ACCOUNT_QUOTA } from './quotas';

export interface Admission {
	/** The stream is to fail part-way (the `streamFailure` fault; streams only). */
	streamFails: boolean;
}

/** Throws ThrottlingException over a quota, or the injected fault's error (or DroppedConnection). */
export function admitInference(
	state: EmulatorState,
	target: InferenceTarget,
	options: { streaming: boolean },
): Admission {
	state.quotas.admit(ACCOUNT_QUOTA, state.options.quota);
	state.quotas.admit(target.model.modelId, target.behaviour.quota);
	rollRequestFaults(target.behaviour, state.random, state.stats);
	const streamFails =
		options.streaming && rollStreamFailure(target.behaviour, state.random, state.stats);
	return { streamFails };
}
