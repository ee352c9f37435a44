import { detectFamily } from '../families/registry';
import { baseModelId } from '../models/modelId';
import type { HeuristicRatio } from './heuristic';
import { heuristicTokens } from './heuristic';
import type { EstimatorProfile } from './profiles';
import { DEFAULT_PROFILE } from './profiles';
import type { TokenCounter } from './tokenizers';
import { getTokenCounter } from './tokenizers';

// Text documents are about one character per byte. Binary formats (PDF, Word, Excel) hold far less
// text than their size: a PDF page carries roughly 1,500–3,000 tokens of text (Anthropic PDF
// documentation) in tens of kilobytes, so one token per 20 bytes is assumed.
const TEXT_DOCUMENT_FORMATS = new Set(['txt', 'md', 'csv', 'html', 'htm', 'json', 'xml']);
const BINARY_DOCUMENT_BYTES_PER_TOKEN = 20;

export interface TokenEstimate {
	tokens: number;
	/** What produced the number, e.g. `llama3-tokenizer-js` or `heuristic: 4 chars/token`. */
	estimator: string;
}

export interface EstimateParts {
	system?: string;
	messages: Array<{
		role: string;
		text: string;
		/** Number of images in the message. */
		images?: number;
		documents?: Array<{ bytes: number; format: string }>;
	}>;
	/** The tool definitions, serialised as JSON. */
	toolsJson?: string;
}

/** The family's estimator profile for a model, or the default one for models no family knows. */
function profileFor(modelId: string): EstimatorProfile {
	const family = detectFamily(modelId);
	const estimator = family?.estimator;
	if (!estimator) return DEFAULT_PROFILE;
	return typeof estimator === 'function'
		? estimator(baseModelId(modelId).toLowerCase())
		: estimator;
}

function heuristicLabel(ratio: HeuristicRatio): string {
	return `heuristic: ${Number(ratio.charsPerToken.toFixed(2))} chars/token`;
}

function counterFor(profile: EstimatorProfile): { count: TokenCounter; estimator: string } {
	const tokenizer = profile.tokenizer && getTokenCounter(profile.tokenizer.name);
	if (profile.tokenizer && tokenizer) {
		return { count: tokenizer, estimator: profile.tokenizer.label };
	}
	return {
		count: (text) => heuristicTokens(text, profile.ratio),
		estimator: heuristicLabel(profile.ratio),
	};
}

/**
 * Estimated token count of a text for a model: the model family's real tokenizer where a JS port
 * exists (Llama 3.x, gpt-oss), otherwise a character-based heuristic. An estimate, never exact:
 * Bedrock's CountTokens API is the authority where the model supports it.
 */
export function estimateTokens(text: string, modelId: string): TokenEstimate {
	const { count, estimator } = counterFor(profileFor(modelId));
	return { tokens: text ? count(text) : 0, estimator };
}

function documentTokens(
	document: { bytes: number; format: string },
	ratio: HeuristicRatio,
): number {
	const bytes = Math.max(0, document.bytes);
	const format = document.format.toLowerCase();
	const perToken = TEXT_DOCUMENT_FORMATS.has(format)
		? ratio.charsPerToken
		: BINARY_DOCUMENT_BYTES_PER_TOKEN;
	return Math.ceil(bytes / perToken);
}

/**
 * Estimated input tokens of a whole request: text through the family's tokenizer or heuristic, plus
 * the chat template's tokens around each message where the template is known, plus fixed per-image,
 * per-document and tool-prompt costs (see the constants above for their sources and assumptions).
 */
export function estimateRequestTokens(parts: EstimateParts, modelId: string): TokenEstimate {
	const profile = profileFor(modelId);
	const { count, estimator } = counterFor(profile);
	const { template } = profile;
	const countText = (text: string | undefined): number => (text ? count(text) : 0);

	let tokens = template.perRequest + countText(template.fixedText);
	if (parts.system) {
		tokens += countText(`${template.systemPrefix ?? ''}${parts.system}`);
		tokens += template.systemIsMessage ? template.perMessage : 1;
	}

	let attachments = false;
	for (const message of parts.messages) {
		tokens += template.perMessage + countText(message.text);
		const images = Math.max(0, message.images ?? 0);
		if (images > 0) {
			attachments = true;
			tokens += images * profile.imageTokens;
		}
		for (const document of message.documents ?? []) {
			attachments = true;
			tokens += documentTokens(document, profile.ratio);
		}
	}

	if (parts.toolsJson) {
		tokens += countText(parts.toolsJson) + profile.toolsOverhead;
	}

	return {
		tokens,
		estimator: attachments
			? `${estimator}; images and documents: fixed per-item estimates`
			: estimator,
	};
}
