/**
 * Injected faults: each is a probability per request (`options.faults`, per model in
 * `models[id].faults`), drawn from the seeded PRNG in a fixed order so runs replay identically.
 */
import { BedrockError, MESSAGES } from '../errors';
import { encodeException } from '../http/eventStream';
import type { FaultName, ModelBehaviour } from '../options';
import type { Stats } from './stats';

/** The error each fault answers with before any response byte is sent. */
export const FAULT_ERRORS: Partial<Record<FaultName, () => BedrockError>> = {
	throttling: () => new BedrockError('ThrottlingException', MESSAGES.throttled),
	internalServer: () => new BedrockError('InternalServerException', MESSAGES.internalServer),
	serviceUnavailable: () =>
		new BedrockError('ServiceUnavailableException', MESSAGES.serviceUnavailable),
	modelTimeout: () => new BedrockError('ModelTimeoutException', MESSAGES.modelTimeout),
	modelNotReady: () => new BedrockError('ModelNotReadyException', MESSAGES.modelNotReady),
	modelError: () => new BedrockError('ModelErrorException', MESSAGES.modelError),
};

/** Faults rolled on every request, in this order; streamFailure is rolled for streams only. */
export const REQUEST_FAULTS: FaultName[] = [
	'dropConnection',
	'throttling',
	'internalServer',
	'serviceUnavailable',
	'modelTimeout',
	'modelNotReady',
	'modelError',
];

/** Thrown by the `dropConnection` fault: the server ends the exchange without a response (status 0). */
export class DroppedConnection extends Error {
	constructor() {
		super('dropConnection');
	}
}

/** Rolls the request faults; throws the first that hits (its error, or DroppedConnection). */
export function rollRequestFaults(
	behaviour: ModelBehaviour,
	random: () => number,
	stats: Stats,
	onHit?: (fault: FaultName) => void,
): void {
	for (const fault of REQUEST_FAULTS) {
		const probability = behaviour.faults[fault] ?? 0;
		if (probability > 0 && random() < probability) {
			stats.fault(fault);
			onHit?.(fault);
			if (fault === 'dropConnection') throw new DroppedConnection();
			const error = FAULT_ERRORS[fault];
			if (error) throw error();
		}
	}
}

/** Whether this stream is to fail part-way (see streamFailureFrame). */
export function rollStreamFailure(
	behaviour: ModelBehaviour,
	random: () => number,
	stats: Stats,
): boolean {
	const probability = behaviour.faults.streamFailure ?? 0;
	if (probability <= 0) return false;
	if (random() >= probability) return false;
	stats.fault('streamFailure');
	return true;
}

/** The frame a failing stream ends with, as Bedrock sends it when the model stops mid-stream. */
export function streamFailureFrame(): Uint8Array {
	return encodeException('modelStreamErrorException', {
		message: MESSAGES.modelStreamError,
		originalStatusCode: 500,
		originalMessage: 'The model stopped unexpectedly.',
	});
}
