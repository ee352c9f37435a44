import type { IDataObject } from 'n8n-workflow';

import type { InferenceKnobs, ModelReply, StopReason, Usage } from '../types';
import type { KnobName, KnobSpec, StreamParser } from './types';

/** Sets `value` at a dotted path such as `textGenerationConfig.maxTokenCount`, creating objects on the way. */
export function setPath(target: IDataObject, path: string, value: unknown): void {
	const keys = path.split('.');
	let node = target;
	for (const key of keys.slice(0, -1)) {
		const next = node[key];
		if (typeof next !== 'object' || next === null || Array.isArray(next)) {
			node[key] = {};
		}
		node = node[key] as IDataObject;
	}
	node[keys[keys.length - 1]] = value as IDataObject[keyof IDataObject];
}

export function hasKnobValue(knobs: InferenceKnobs, name: KnobName): boolean {
	const value = knobs[name];
	if (value === undefined || value === null) return false;
	if (Array.isArray(value)) return value.length > 0;
	return true;
}

/**
 * Writes the knobs the user set into the native body, at each family's own path, in the order of
 * the family's knob table. Knobs not set, and knobs the family lacks, are left out.
 */
export function applyKnobs(
	body: IDataObject,
	specs: Partial<Record<KnobName, KnobSpec>>,
	knobs: InferenceKnobs,
): IDataObject {
	for (const [name, spec] of Object.entries(specs) as Array<[KnobName, KnobSpec]>) {
		if (hasKnobValue(knobs, name)) setPath(body, spec.path, knobs[name]);
	}
	return body;
}

export function asObject(value: unknown): IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as IDataObject)
		: {};
}

export function asArray(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

export function asNumber(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function mapStopReason(
	table: Record<string, StopReason>,
	nativeReason: unknown,
	fallback: StopReason = 'end_turn',
): StopReason {
	if (typeof nativeReason !== 'string') return fallback;
	return table[nativeReason] ?? fallback;
}

/** InvokeModel bodies carry this marker when a guardrail blocked or masked the exchange. */
export function guardrailIntervened(body: IDataObject): boolean {
	return body['amazon-bedrock-guardrailAction'] === 'INTERVENED';
}

const INVOCATION_METRICS_KEY = 'amazon-bedrock-invocationMetrics';

/** The token counts Bedrock appends to the last chunk of every InvokeModelWithResponseStream. */
export function invocationMetricsUsage(chunk: IDataObject): Partial<Usage> | undefined {
	const metrics = chunk[INVOCATION_METRICS_KEY];
	if (typeof metrics !== 'object' || metrics === null) return undefined;
	const { inputTokenCount, outputTokenCount, cacheReadInputTokenCount, cacheWriteInputTokenCount } =
		metrics as IDataObject;
	const usage: Partial<Usage> = {};
	const input = asNumber(inputTokenCount);
	const output = asNumber(outputTokenCount);
	const cacheRead = asNumber(cacheReadInputTokenCount);
	const cacheWrite = asNumber(cacheWriteInputTokenCount);
	if (input !== undefined) usage.inputTokens = input;
	if (output !== undefined) usage.outputTokens = output;
	if (cacheRead !== undefined) usage.cacheReadInputTokens = cacheRead;
	if (cacheWrite !== undefined) usage.cacheWriteInputTokens = cacheWrite;
	return usage;
}

/** Splits `<think>…</think>` (DeepSeek) or `<reasoning>…</reasoning>` (gpt-oss) off the answer. */
export function splitReasoning(
	text: string,
	tag: string,
	openTagMayBeMissing = false,
): { text: string; reasoning?: string } {
	const open = `<${tag}>`;
	const close = `</${tag}>`;
	const closeAt = text.indexOf(close);
	if (closeAt === -1) return { text };
	const openAt = text.indexOf(open);
	if (openAt === -1 && !openTagMayBeMissing) return { text };
	const reasoningStart = openAt === -1 || openAt > closeAt ? 0 : openAt + open.length;
	const reasoning = text.slice(reasoningStart, closeAt).trim();
	const before = openAt === -1 || openAt > closeAt ? '' : text.slice(0, openAt);
	const answer = (before + text.slice(closeAt + close.length)).trim();
	return reasoning ? { text: answer, reasoning } : { text: answer };
}

/**
 * For families whose stream chunks are whole response bodies (or where only the last one matters):
 * the usage a stream reports, preferring the model's own fields over the invocation metrics.
 */
export function mergeUsage(
	own: Partial<Usage> | undefined,
	metrics: Partial<Usage> | undefined,
): Partial<Usage> {
	return { ...(metrics ?? {}), ...stripUndefined(own ?? {}) };
}

function stripUndefined(usage: Partial<Usage>): Partial<Usage> {
	const result: Partial<Usage> = {};
	for (const [key, value] of Object.entries(usage) as Array<[keyof Usage, number | undefined]>) {
		if (value !== undefined) result[key] = value;
	}
	return result;
}

/**
 * Hides the text between an opening and a closing tag from streamed deltas, so that reasoning does
 * not reach the streamed answer. Tags split across chunks are held back until they are complete.
 */
export class TagFilter {
	private inside: boolean;
	private pending = '';

	constructor(
		private readonly openTag: string,
		private readonly closeTag: string,
		startsInside = false,
	) {
		this.inside = startsInside;
	}

	push(delta: string): string {
		let text = this.pending + delta;
		this.pending = '';
		let visible = '';
		while (text.length > 0) {
			const tag = this.inside ? this.closeTag : this.openTag;
			const at = text.indexOf(tag);
			if (at !== -1) {
				if (!this.inside) visible += text.slice(0, at);
				text = text.slice(at + tag.length);
				this.inside = !this.inside;
				continue;
			}
			const keep = partialTagSuffix(text, tag);
			const emitted = text.slice(0, text.length - keep);
			if (!this.inside) visible += emitted;
			this.pending = text.slice(text.length - keep);
			break;
		}
		return visible;
	}
}

function partialTagSuffix(text: string, tag: string): number {
	for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
		if (tag.startsWith(text.slice(text.length - length))) return length;
	}
	return 0;
}

/**
 * A stream parser for families whose stream chunks add up to their non-streamed body: `read` takes a
 * chunk's own fields into `state` and returns its text delta; `toBody` rebuilds the native response
 * body from `state`, which is then parsed like a non-streamed reply, so the two always agree. The
 * invocation metrics of the last chunk and a guardrail intervention are handled here for all.
 */
export function accumulatingStreamParser<State extends object>(
	state: State,
	read: (chunk: IDataObject, state: State) => string,
	toBody: (state: State) => IDataObject,
	parseResponse: (body: IDataObject, headerUsage?: Partial<Usage>) => ModelReply,
): StreamParser {
	let metrics: Partial<Usage> | undefined;
	let guardrail = false;
	return {
		push(chunk) {
			metrics = invocationMetricsUsage(chunk) ?? metrics;
			guardrail ||= guardrailIntervened(chunk);
			return read(chunk, state);
		},
		finish() {
			const body = toBody(state);
			if (guardrail) body['amazon-bedrock-guardrailAction'] = 'INTERVENED';
			return parseResponse(body, metrics);
		},
	};
}
