/**
 * The emulator's deterministic "model": the same request always gives the same reply, token counts
 * and stream deltas, so tests can assert exact text.
 *
 * Tokens: `tokenize` splits text into runs of letters/digits and single other non-space characters
 * ("Hello, world!" is 4 tokens).
 *
 * Input tokens (`countRequestTokens`): tokens of the system prompt, plus per message the tokens of
 * its text, 85 per image, for each document the tokens of its name plus one per 4 bytes (rounded
 * up), for each tool use the tokens of its name and of its input as JSON, for each tool result the
 * tokens of its text; plus, per configured tool, the tokens of its name, description and input
 * schema as JSON. Nothing else (no per-message overhead).
 *
 * The reply (`generate`), built from the last user message:
 * 1. If it carries tool results: `Tool result: <the results' texts joined with '\n'>`.
 * 2. Else if tools are configured and toolChoice is `any` or `{tool}`, or the user text names a
 *    tool: the model calls that tool (the chosen one, else every tool the text names, in the order
 *    of toolConfig, else the first tool), each with an input object whose required string
 *    properties hold the user text (number and integer properties hold 1, booleans true); the text
 *    is `Calling <name>.` (`Calling <a> and <b>.` for several calls in one turn) and the stop
 *    reason tool_use.
 * 3. Else the first two sentences of the user text (sentences split after `.`, `!` or `?` followed
 *    by whitespace).
 *    Images prefix `I see 1 image (png, 1234 bytes). ` (`I see 2 images (png, 10 bytes; jpeg, 20 bytes). `),
 *    documents prefix `I read <name>. ` each.
 * Then stop sequences cut the text before the earliest occurrence (stop_sequence), and `maxTokens`
 * cuts it after that many tokens keeping the original spacing (max_tokens); else end_turn.
 * With reasoning requested, the reasoning text is `Thinking about: <the first 8 tokens of the user
 * text, spacing kept>`. Output tokens = tokens of the text + tokens of the reasoning + tokens of the
 * tool input as JSON.
 * Stream deltas: the text in chunks of 3 tokens (spacing kept, each chunk ends where the next
 * token starts), concatenating to the text.
 */
import { createHash } from 'node:crypto';

import type {
	EmbeddingRequest,
	EmbeddingResult,
	EmulatorMessage,
	EmulatorStopReason,
	EmulatorToolSpec,
	Generation,
	GenerationRequest,
} from './types';

const TOKEN_PATTERN = /[A-Za-z0-9]+|[^\sA-Za-z0-9]/g;
export const TOKENS_PER_IMAGE = 85;
export const BYTES_PER_DOCUMENT_TOKEN = 4;
export const TOKENS_PER_DELTA = 3;
const REASONING_TOKENS = 8;

export function tokenize(text: string): string[] {
	return text.match(TOKEN_PATTERN) ?? [];
}

export function countTokens(text: string | undefined): number {
	return text ? tokenize(text).length : 0;
}

/** Start and end offsets of each token in `text`. */
function tokenSpans(text: string): Array<{ start: number; end: number }> {
	return Array.from(text.matchAll(TOKEN_PATTERN), (match) => ({
		start: match.index,
		end: match.index + match[0].length,
	}));
}

/** The source text up to the end of its `count`-th token (the whole text when it has fewer). */
export function truncateToTokens(text: string, count: number): string {
	const spans = tokenSpans(text);
	if (spans.length <= count) return text;
	return count <= 0 ? '' : text.slice(0, spans[count - 1].end);
}

export function countMessageTokens(message: EmulatorMessage): number {
	let tokens = countTokens(message.text);
	tokens += (message.images?.length ?? 0) * TOKENS_PER_IMAGE;
	for (const document of message.documents ?? []) {
		tokens += countTokens(document.name) + Math.ceil(document.bytes / BYTES_PER_DOCUMENT_TOKEN);
	}
	for (const toolUse of message.toolUses ?? []) {
		tokens += countTokens(toolUse.name) + countTokens(JSON.stringify(toolUse.input ?? {}));
	}
	for (const toolResult of message.toolResults ?? []) tokens += countTokens(toolResult.text);
	return tokens;
}

export function countToolTokens(tool: EmulatorToolSpec): number {
	return (
		countTokens(tool.name) +
		countTokens(tool.description) +
		countTokens(JSON.stringify(tool.inputSchema ?? {}))
	);
}

export function countRequestTokens(request: GenerationRequest): number {
	let tokens = countTokens(request.system);
	for (const message of request.messages) tokens += countMessageTokens(message);
	for (const tool of request.tools ?? []) tokens += countToolTokens(tool);
	return tokens;
}

export function firstSentences(text: string, count = 2): string {
	return text
		.trim()
		.split(/(?<=[.!?])\s+/)
		.slice(0, count)
		.join(' ');
}

/** The text split into deltas of TOKENS_PER_DELTA tokens each; they concatenate to `text`. */
export function splitDeltas(text: string, tokensPerDelta = TOKENS_PER_DELTA): string[] {
	const spans = tokenSpans(text);
	if (spans.length === 0) return text === '' ? [] : [text];
	const deltas: string[] = [];
	let from = 0;
	for (let index = tokensPerDelta; index < spans.length; index += tokensPerDelta) {
		deltas.push(text.slice(from, spans[index].start));
		from = spans[index].start;
	}
	deltas.push(text.slice(from));
	return deltas;
}

function stableHex(seed: string): string {
	return createHash('sha256').update(seed).digest('hex');
}

function lastUserMessage(request: GenerationRequest): EmulatorMessage | undefined {
	for (let index = request.messages.length - 1; index >= 0; index--) {
		if (request.messages[index].role === 'user') return request.messages[index];
	}
	return undefined;
}

/** The tools the model calls in this turn: several when the user text names several. */
function pickTools(request: GenerationRequest, userText: string): EmulatorToolSpec[] {
	const tools = request.tools ?? [];
	if (tools.length === 0) return [];
	const choice = request.toolChoice;
	if (typeof choice === 'object')
		return [tools.find((tool) => tool.name === choice.tool) ?? tools[0]];
	const named = tools.filter((tool) => userText.includes(tool.name));
	if (named.length > 0) return named;
	return choice === 'any' ? [tools[0]] : [];
}

/** The JSON schema of a tool, whether given bare or wrapped as `{ json: schema }`. */
function toolSchema(tool: EmulatorToolSpec): Record<string, unknown> {
	const schema = tool.inputSchema ?? {};
	return 'json' in schema && typeof schema.json === 'object' && schema.json !== null
		? (schema.json as Record<string, unknown>)
		: schema;
}

function toolInput(tool: EmulatorToolSpec, userText: string): Record<string, unknown> {
	const schema = toolSchema(tool);
	const properties = (schema.properties ?? {}) as Record<string, { type?: unknown }>;
	const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
	const input: Record<string, unknown> = {};
	for (const name of required) {
		const type = properties[name]?.type;
		if (type === 'number' || type === 'integer') input[name] = 1;
		else if (type === 'boolean') input[name] = true;
		else input[name] = userText;
	}
	return input;
}

function attachmentPrefix(message: EmulatorMessage): string {
	let prefix = '';
	const images = message.images ?? [];
	if (images.length > 0) {
		const described = images.map((image) => `${image.format}, ${image.bytes} bytes`).join('; ');
		prefix += `I see ${images.length} image${images.length === 1 ? '' : 's'} (${described}). `;
	}
	for (const document of message.documents ?? []) prefix += `I read ${document.name}. `;
	return prefix;
}

export function generate(request: GenerationRequest): Generation {
	const inputTokens = countRequestTokens(request);
	const user = lastUserMessage(request);
	const userText = user?.text ?? '';
	let text: string;
	let stopReason: EmulatorStopReason = 'end_turn';
	let stopSequence: string | undefined;
	let toolUses: NonNullable<Generation['toolUses']> = [];

	const toolResults = user?.toolResults ?? [];
	const tools = toolResults.length === 0 ? pickTools(request, userText) : [];
	if (toolResults.length > 0) {
		text = `Tool result: ${toolResults.map((result) => result.text).join('\n')}`;
	} else if (tools.length > 0) {
		text = `Calling ${tools.map((tool) => tool.name).join(' and ')}.`;
		toolUses = tools.map((tool) => {
			const input = toolInput(tool, userText);
			return {
				toolUseId: `tooluse_${stableHex(`${request.modelId}\n${tool.name}\n${JSON.stringify(input)}`).slice(0, 22)}`,
				name: tool.name,
				input,
			};
		});
		stopReason = 'tool_use';
	} else {
		text = (user ? attachmentPrefix(user) : '') + firstSentences(userText);
	}

	if (toolUses.length === 0) {
		let cut = -1;
		for (const sequence of request.stopSequences ?? []) {
			if (sequence === '') continue;
			const at = text.indexOf(sequence);
			if (at !== -1 && (cut === -1 || at < cut)) {
				cut = at;
				stopSequence = sequence;
			}
		}
		if (cut !== -1) {
			text = text.slice(0, cut);
			stopReason = 'stop_sequence';
		}
	}
	if (request.maxTokens !== undefined && countTokens(text) > request.maxTokens) {
		text = truncateToTokens(text, request.maxTokens);
		stopReason = 'max_tokens';
		stopSequence = undefined;
		toolUses = [];
	}

	const reasoning = request.reasoning
		? `Thinking about: ${truncateToTokens(userText.trim(), REASONING_TOKENS)}`
		: undefined;
	const outputTokens =
		countTokens(text) +
		countTokens(reasoning) +
		toolUses.reduce((sum, call) => sum + countTokens(JSON.stringify(call.input)), 0);

	const generation: Generation = {
		text,
		stopReason,
		inputTokens,
		outputTokens,
		deltas: splitDeltas(text),
	};
	if (stopSequence !== undefined) generation.stopSequence = stopSequence;
	if (reasoning !== undefined) generation.reasoning = reasoning;
	if (toolUses.length > 0) {
		generation.toolUse = toolUses[0];
		generation.toolUses = toolUses;
	}
	return generation;
}

/** Words that say nothing about what a text is about: left out of the emulator's vectors. */
const STOP_WORDS = new Set(
	(
		'a an and are as at be by do does for from how i in is it its of on or our the this that to ' +
		'was we what when where which who why will with you your can my me'
	).split(' '),
);

/** The words of a text that carry its meaning: lower case, stop words out, a plural `s` cut. */
function contentWords(text: string): string[] {
	return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
		.filter((word) => !STOP_WORDS.has(word))
		.map((word) => (word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word));
}

/** `count` pseudo-random values in [-1, 1) from a seed, the same on every run. */
function hashedValues(seed: string, count: number): number[] {
	const values: number[] = [];
	for (let block = 0; values.length < count; block++) {
		const digest = createHash('sha256').update(`${block}\n${seed}`).digest();
		for (let offset = 0; offset + 2 <= digest.length && values.length < count; offset += 2) {
			values.push(digest.readUInt16BE(offset) / 32767.5 - 1);
		}
	}
	return values;
}

/**
 * Embeds a text as a bag of words: each content word adds its own hashed direction, so texts that
 * share words point the same way and a query finds the document it words like (what a retrieval
 * test needs), plus a small component from the whole text so no two texts coincide. Deterministic;
 * a unit vector unless `normalize` is false.
 */
function embedText(
	modelId: string,
	text: string,
	dimensions: number,
	normalize: boolean,
): number[] {
	const vector = hashedValues(`${modelId}\n${text}`, dimensions).map((value) => value * 0.05);
	for (const word of contentWords(text)) {
		const direction = hashedValues(`word\n${word}`, dimensions);
		for (let index = 0; index < dimensions; index++) vector[index] += direction[index];
	}
	if (!normalize) return vector;
	const length = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1;
	return vector.map((value) => value / length);
}

/** One vector per text, in order, of the requested length (1024 unless asked otherwise). */
export function embed(request: EmbeddingRequest): EmbeddingResult {
	const dimensions = request.dimensions ?? 1024;
	const embeddings = request.texts.map((text) =>
		embedText(request.modelId, text, dimensions, request.normalize !== false),
	);
	return {
		embeddings,
		inputTokens: request.texts.reduce((sum, text) => sum + countTokens(text), 0),
	};
}
