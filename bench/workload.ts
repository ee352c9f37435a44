import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	INodeType,
} from 'n8n-workflow';

import { n8nCredentialFor } from '../emulator';
import { bedrockNode, runWorkflow } from '../scripts/engine';
import { builtBedrockNode } from './builtNode';

let builtNode: INodeType | undefined;

/** Anthropic's Claude 3.5 Haiku accepts on-demand calls by its bare ID in the emulator's catalogue. */
export const MODEL_ID = 'anthropic.claude-3-5-haiku-20241022-v1:0';
export const NODE_NAME = 'Bedrock';

export function emulatorCredentials(url: string): Record<string, ICredentialDataDecryptedObject> {
	return { awsBedrockApi: n8nCredentialFor(url) };
}

export function promptOf(index: number): string {
	return `Item ${index}: the river runs to the sea. Summarise this in a sentence. Keep it short.`;
}

export function inputItems(count: number, extra: (index: number) => IDataObject = () => ({})) {
	return Array.from({ length: count }, (_unused, index) => ({
		json: { text: promptOf(index), ...extra(index) },
	}));
}

export interface BatchOutcome {
	items: number;
	succeeded: number;
	/** Error items (Continue On Fail) plus outputs missing altogether. */
	lost: number;
	errorCodes: Record<string, number>;
}

export function outcomeOf(expected: number, outputs: INodeExecutionData[]): BatchOutcome {
	const errorCodes: Record<string, number> = {};
	let succeeded = 0;
	const seen = new Set<number>();
	for (const output of outputs) {
		const paired = output.pairedItem;
		if (paired && typeof paired === 'object' && !Array.isArray(paired)) seen.add(paired.item);
		const error = output.json.error as IDataObject | undefined;
		if (error) {
			const code = String(error.code ?? 'unknown');
			errorCodes[code] = (errorCodes[code] ?? 0) + 1;
		} else if (typeof output.json.text === 'string') {
			succeeded++;
		}
	}
	return { items: expected, succeeded, lost: expected - succeeded, errorCodes };
}

export interface NodeRun {
	ms: number;
	outcome: BatchOutcome;
	outputs: INodeExecutionData[];
	chunks: Awaited<ReturnType<typeof runWorkflow>>['chunks'];
}

/** Runs one Converse node over `input` in the in-process n8n engine and times it. */
export async function runConverseNode(options: {
	url: string;
	input: INodeExecutionData[];
	nodeOptions: IDataObject;
	/** The prompt parameter; by default the expression `={{ $json.text }}`. */
	prompt?: string;
	continueOnFail?: boolean;
	streaming?: boolean;
}): Promise<NodeRun> {
	const node = bedrockNode(NODE_NAME, {
		operation: 'converse',
		model: { __rl: true, mode: 'id', value: MODEL_ID },
		inputMode: 'prompt',
		prompt: options.prompt ?? '={{ $json.text }}',
		options: options.nodeOptions,
	});
	if (options.continueOnFail) node.onError = 'continueRegularOutput';
	const started = performance.now();
	const result = await runWorkflow({
		nodes: [node],
		input: options.input,
		credentials: emulatorCredentials(options.url),
		streaming: options.streaming,
		nodeType: (builtNode ??= builtBedrockNode()),
	});
	const ms = performance.now() - started;
	const outputs = result.output(NODE_NAME);
	return { ms, outcome: outcomeOf(options.input.length, outputs), outputs, chunks: result.chunks };
}

/** Throws when a run that must not lose items did. */
export function assertNoneLost(label: string, outcome: BatchOutcome): void {
	if (outcome.lost > 0) {
		throw new Error(
			`${label}: ${outcome.lost} of ${outcome.items} items lost (${JSON.stringify(outcome.errorCodes)})`,
		);
	}
}
