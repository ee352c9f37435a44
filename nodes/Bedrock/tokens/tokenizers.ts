/**
 * Real tokenizers, loaded on first use and cached: n8n loads the node at start-up, and the
 * vocabularies take a few hundred milliseconds to parse. If a package is missing, the caller falls
 * back to the character heuristic.
 */

export type TokenCounter = (text: string) => number;
export type TokenizerName = 'llama3' | 'o200k';

interface Llama3TokenizerModule {
	llama3Tokenizer: {
		encode(text: string, options?: { bos?: boolean; eos?: boolean }): number[];
	};
}

interface TiktokenLiteModule {
	Tiktoken: new (ranks: unknown) => {
		encode(
			text: string,
			allowedSpecial?: string[] | 'all',
			disallowedSpecial?: string[] | 'all',
		): number[];
	};
}

const cache = new Map<TokenizerName, TokenCounter | null>();

function loadLlama3(): TokenCounter {
	// The package's `main` is an ES module; this file is its CommonJS build. The path is a literal
	// so that the build bundles it (scripts/build.ts).
	const { llama3Tokenizer } =
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		require('llama3-tokenizer-js/bundle/commonjs-llama3-tokenizer-with-baked-data.cjs') as Llama3TokenizerModule;
	return (text) => llama3Tokenizer.encode(text, { bos: false, eos: false }).length;
}

function loadO200k(): TokenCounter {
	// `lite` plus one rank file loads only o200k_base, not every OpenAI vocabulary.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Tiktoken } = require('js-tiktoken/lite') as TiktokenLiteModule;
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const ranksModule = require('js-tiktoken/ranks/o200k_base') as { default?: unknown };
	const encoder = new Tiktoken(ranksModule.default ?? ranksModule);
	// Text that looks like a special token (`<|endoftext|>`) is counted as ordinary text, as a
	// model's chat template would escape it.
	return (text) => encoder.encode(text, [], []).length;
}

const LOADERS: Record<TokenizerName, () => TokenCounter> = {
	llama3: loadLlama3,
	o200k: loadO200k,
};

/** The tokenizer's counter, or undefined when its package cannot be loaded. */
export function getTokenCounter(name: TokenizerName): TokenCounter | undefined {
	if (!cache.has(name)) {
		try {
			cache.set(name, LOADERS[name]());
		} catch {
			cache.set(name, null);
		}
	}
	return cache.get(name) ?? undefined;
}
