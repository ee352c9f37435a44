/**
 * IAM as the emulator plays it: the actions listed in `options.deniedActions` are refused with
 * AccessDeniedException in IAM's own words (naming the principal, the action and the resource).
 */
import { EMULATOR_ACCOUNT_ID, EMULATOR_REGION } from '../catalogue';
import { BedrockError } from '../errors';
import type { EmulatorState } from '../state';

export const EMULATOR_PRINCIPAL = `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:user/emulator`;

/** The ARN of an agent-service resource: `knowledge-base/ID`, `agent-alias/AGENT/ALIAS`, ... */
export function resourceArn(resource: string): string {
	return `arn:aws:bedrock:${EMULATOR_REGION}:${EMULATOR_ACCOUNT_ID}:${resource}`;
}

export function authorize(state: EmulatorState, action: string, resource: string): void {
	if (!state.options.deniedActions.includes(action)) return;
	throw new BedrockError(
		'AccessDeniedException',
		`User: ${EMULATOR_PRINCIPAL} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
	);
}
