import { detectFamily } from '../families/registry';
import type { FamilyId } from '../families/types';
import { baseModelId } from '../families/modelIds';
import type { HeuristicRatio } from './heuristic';
import { heuristicTokens } from './heuristic';
import type { TokenCounter, TokenizerName } from './tokenizers';
import { getTokenCounter } from './tokenizers';

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

/** Tokens a chat template adds around the text. */
interface ChatTemplate {
	/** Once per request: begin-of-text markers and the header that primes the reply. */
	perRequest: number;
	/** Around each message, including the system message when `systemIsMessage`. */
	perMessage: number;
	/** False when the system prompt is pasted into the first user turn instead of its own message. */
	systemIsMessage: boolean;
	/** Text the template always adds (e.g. a built-in system message), counted with the estimator. */
	fixedText?: string;
	/** Text the template writes before the system prompt, counted with the estimator. */
	systemPrefix?: string;
}

interface EstimatorProfile {
	tokenizer?: { name: TokenizerName; label: string };
	ratio: HeuristicRatio;
	template: ChatTemplate;
	/** Tokens per image; only the image count is known, so every image is assumed full size. */
	imageTokens: number;
	/** Tokens the model's tool-use system prompt adds when tools are present. */
	toolsOverhead: number;
}

// "one token generally corresponds to ~4 characters of text for common English text" (OpenAI,
// "What are tokens and how to count them?"). With o200k_base and the Llama 3 tokenizer the sample
// English prose in test/fixtures/tokens measures 4.7 characters per token, code about 3.7, so 4 is a
// middle for mixed prompts.
const GENERIC_RATIO: HeuristicRatio = { charsPerToken: 4, tokensPerCjkChar: 1 };

// "For Claude, a token approximately represents 3.5 English characters" (Anthropic documentation,
// token glossary). Claude 3 and later have no public tokenizer; @anthropic-ai/tokenizer only covers
// the Claude 2 vocabulary and undercounts Claude 3+.
const CLAUDE_RATIO: HeuristicRatio = { charsPerToken: 3.5, tokensPerCjkChar: 1 };

// Mistral 7B, Mixtral and the 24.02 models use a 32K SentencePiece vocabulary: measured with that
// tokenizer on the fixtures, 4.4 characters per token on English prose and 2.9 on TypeScript.
const MISTRAL_RATIO: HeuristicRatio = { charsPerToken: 4, tokensPerCjkChar: 1 };

// "1 English character ≈ 0.3 token. 1 Chinese character ≈ 0.6 token." (DeepSeek API documentation,
// "Token & Token Usage").
const DEEPSEEK_RATIO: HeuristicRatio = { charsPerToken: 1 / 0.3, tokensPerCjkChar: 0.6 };

// OpenAI cookbook "How to count tokens with tiktoken": 3 tokens around each message, 3 to prime the
// reply. Used where a family's template is not published.
const GENERIC_TEMPLATE: ChatTemplate = { perRequest: 3, perMessage: 3, systemIsMessage: true };

// <|begin_of_text|> + <|start_header_id|>assistant<|end_header_id|>\n\n to prime the reply; each
// message is <|start_header_id|>{role}<|end_header_id|>\n\n{text}<|eot_id|> (Meta Llama 3 model card).
// Llama 4 has the same shape with <|header_start|>, <|header_end|> and <|eot|>.
const LLAMA_TEMPLATE: ChatTemplate = { perRequest: 5, perMessage: 5, systemIsMessage: true };

// OpenAI harmony format: each message is <|start|>{role}<|message|>{text}<|end|>, the reply is primed
// with <|start|>assistant, a system message naming the model and its channels is always present,
// and the system prompt becomes a developer message starting with "# Instructions".
const HARMONY_TEMPLATE: ChatTemplate = {
	perRequest: 2 + 4,
	perMessage: 4,
	systemIsMessage: true,
	fixedText:
		'You are ChatGPT, a large language model trained by OpenAI.\nKnowledge cutoff: 2024-06\nCurrent date: 2025-01-01\n\nReasoning: medium\n\n# Valid channels: analysis, commentary, final. Channel must be included for every message.',
	systemPrefix: '# Instructions\n\n',
};

// <s>[INST] {system}\n\n{user} [/INST] {assistant}</s>: with the 32K vocabulary "[INST]" and " [/INST]"
// are 3 and 4 tokens, so about 4 per message on average; the system prompt joins the first user turn.
const MISTRAL_TEMPLATE: ChatTemplate = { perRequest: 1, perMessage: 4, systemIsMessage: false };

// Newer Mistral vocabularies have [INST] and [/INST] as single control tokens.
const MISTRAL_CHAT_TEMPLATE: ChatTemplate = {
	perRequest: 1,
	perMessage: 2,
	systemIsMessage: false,
};

// "User: {text}\nBot:" as in the Titan Text documentation's conversation format.
const TITAN_TEMPLATE: ChatTemplate = { perRequest: 2, perMessage: 3, systemIsMessage: false };

const EMBEDDING_TEMPLATE: ChatTemplate = { perRequest: 0, perMessage: 0, systemIsMessage: false };

// Claude: tokens ≈ width × height / 750, and images over about 1.15 megapixels are scaled down, so a
// full-size image is about 1,600 tokens (Anthropic vision documentation). Used for every family
// that takes images, since only the count of images is known here.
const FULL_SIZE_IMAGE_TOKENS = 1600;

// Claude's tool-use system prompt: 346 tokens with tool_choice auto for Claude 3.7 and 4 models
// (Anthropic tool-use documentation, pricing section).
const CLAUDE_TOOLS_OVERHEAD = 346;

// Text documents are about one character per byte. Binary formats (PDF, Word, Excel) hold far less
// text than their size: a PDF page carries roughly 1,500–3,000 tokens of text (Anthropic PDF
// documentation) in tens of kilobytes, so one token per 20 bytes is assumed.
const TEXT_DOCUMENT_FORMATS = new Set(['txt', 'md', 'csv', 'html', 'htm', 'json', 'xml']);
const BINARY_DOCUMENT_BYTES_PER_TOKEN = 20;

const DEFAULT_PROFILE: EstimatorProfile = {
	ratio: GENERIC_RATIO,
	template: GENERIC_TEMPLATE,
	imageTokens: FULL_SIZE_IMAGE_TOKENS,
	toolsOverhead: 0,
};

const LLAMA3_TOKENIZER = { name: 'llama3', label: 'llama3-tokenizer-js' } as const;
const O200K_TOKENIZER = { name: 'o200k', label: 'js-tiktoken o200k_base' } as const;

const FAMILY_PROFILES: Partial<Record<FamilyId, EstimatorProfile>> = {
	anthropic: {
		...DEFAULT_PROFILE,
		ratio: CLAUDE_RATIO,
		toolsOverhead: CLAUDE_TOOLS_OVERHEAD,
	},
	meta: { ...DEFAULT_PROFILE, template: LLAMA_TEMPLATE },
	mistral: { ...DEFAULT_PROFILE, ratio: MISTRAL_RATIO, template: MISTRAL_TEMPLATE },
	mistralChat: { ...DEFAULT_PROFILE, ratio: MISTRAL_RATIO, template: MISTRAL_CHAT_TEMPLATE },
	titanText: { ...DEFAULT_PROFILE, template: TITAN_TEMPLATE },
	deepseek: { ...DEFAULT_PROFILE, ratio: DEEPSEEK_RATIO },
	// gpt-oss uses o200k_harmony: o200k_base's vocabulary and merges plus harmony's special tokens,
	// so ordinary text tokenizes exactly as with o200k_base.
	openaiGptOss: { ...DEFAULT_PROFILE, tokenizer: O200K_TOKENIZER, template: HARMONY_TEMPLATE },
	titanEmbed: { ...DEFAULT_PROFILE, template: EMBEDDING_TEMPLATE },
	cohereEmbed: { ...DEFAULT_PROFILE, template: EMBEDDING_TEMPLATE },
};

// Llama 3, 3.1, 3.2 and 3.3 share one 128K vocabulary; Llama 4 has its own, with no JS port.
const LLAMA3_MODEL_PATTERN = /^meta\.llama3/;

function profileFor(modelId: string): EstimatorProfile {
	const family = detectFamily(modelId);
	const profile = (family && FAMILY_PROFILES[family.id]) || DEFAULT_PROFILE;
	if (family?.id === 'meta' && LLAMA3_MODEL_PATTERN.test(baseModelId(modelId).toLowerCase())) {
		return { ...profile, tokenizer: LLAMA3_TOKENIZER };
	}
	return profile;
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
