/**
 * The building blocks of local token estimates. Each family's own profile (its vocabulary's
 * characters per token, its chat template, its tool prompt) lives in its family module; what is
 * shared, or stands in where a family publishes nothing, is here.
 */
import type { HeuristicRatio } from './heuristic';
import type { TokenizerName } from './tokenizers';

/** Tokens a chat template adds around the text. */
export interface ChatTemplate {
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

export interface EstimatorProfile {
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

// OpenAI cookbook "How to count tokens with tiktoken": 3 tokens around each message, 3 to prime the
// reply. Used where a family's template is not published.
const GENERIC_TEMPLATE: ChatTemplate = { perRequest: 3, perMessage: 3, systemIsMessage: true };

/** Embedding models read the text alone. */
export const EMBEDDING_TEMPLATE: ChatTemplate = {
	perRequest: 0,
	perMessage: 0,
	systemIsMessage: false,
};

// Claude: tokens ≈ width × height / 750, and images over about 1.15 megapixels are scaled down, so a
// full-size image is about 1,600 tokens (Anthropic vision documentation). Used for every family
// that takes images, since only the count of images is known here.
const FULL_SIZE_IMAGE_TOKENS = 1600;

/** The profile of a model whose family publishes nothing better, and the base of every family's. */
export const DEFAULT_PROFILE: EstimatorProfile = {
	ratio: GENERIC_RATIO,
	template: GENERIC_TEMPLATE,
	imageTokens: FULL_SIZE_IMAGE_TOKENS,
	toolsOverhead: 0,
};

export const LLAMA3_TOKENIZER = { name: 'llama3', label: 'llama3-tokenizer-js' } as const;
export const O200K_TOKENIZER = { name: 'o200k', label: 'js-tiktoken o200k_base' } as const;
