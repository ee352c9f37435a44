/**
 * Every API the emulator answers: method and path pattern (as the SDK serialises them, see the
 * `[_h]` / `[_ht]` traits in node_modules/@aws-sdk/client-bedrock-runtime/dist-cjs/index.js and
 * node_modules/@aws-sdk/client-bedrock/dist-cjs/index.js) to the operation in operations/. A
 * `{modelId}` parameter is recorded as the request's model identifier. First match wins.
 */
import type { Operation } from './context';
import type { CompiledPattern, RoutePattern } from './http/router';
import { compilePattern } from './http/router';
import { converseOperation, converseStreamOperation } from './operations/converse';
import { countTokensOperation } from './operations/countTokens';
import {
	getFoundationModelOperation,
	listFoundationModelsOperation,
} from './operations/foundationModels';
import {
	getInferenceProfileOperation,
	listInferenceProfilesOperation,
} from './operations/inferenceProfiles';
import { invokeModelOperation, invokeModelWithResponseStreamOperation } from './operations/invoke';

export interface Route extends RoutePattern {
	operation: Operation;
}

/** `route('POST /model/{modelId}/converse', converseOperation)`. */
function route(methodAndPath: string, operation: Operation): CompiledPattern<Route> {
	const [method, path] = methodAndPath.split(' ');
	return compilePattern({ method, path, operation });
}

export const ROUTES: ReadonlyArray<CompiledPattern<Route>> = [
	// bedrock-runtime
	route('POST /model/{modelId}/converse', converseOperation),
	route('POST /model/{modelId}/converse-stream', converseStreamOperation),
	route('POST /model/{modelId}/invoke', invokeModelOperation),
	route(
		'POST /model/{modelId}/invoke-with-response-stream',
		invokeModelWithResponseStreamOperation,
	),
	route('POST /model/{modelId}/count-tokens', countTokensOperation),
	// bedrock (control plane)
	route('GET /foundation-models', listFoundationModelsOperation),
	route('GET /foundation-models/{modelId}', getFoundationModelOperation),
	route('GET /inference-profiles', listInferenceProfilesOperation),
	route('GET /inference-profiles/{modelId}', getInferenceProfileOperation),
];
