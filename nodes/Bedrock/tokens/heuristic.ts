export interface HeuristicRatio {
	/** English/Latin-script characters per token. */
	charsPerToken: number;
	/** Tokens per Chinese, Japanese or Korean character. */
	tokensPerCjkChar: number;
}

const CJK_PATTERN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WHITESPACE_PATTERN = /\s/u;

/**
 * Character-count estimate. ASCII and whitespace count at `charsPerToken`; CJK characters at
 * `tokensPerCjkChar`; other non-ASCII characters (accents, Cyrillic, Arabic, emoji, ...) at twice the
 * ASCII density, since BPE vocabularies trained mostly on English split them into more pieces.
 * Counts code points, so an emoji is one character, not two UTF-16 units.
 */
export function heuristicTokens(text: string, ratio: HeuristicRatio): number {
	if (!text) return 0;
	let ascii = 0;
	let cjk = 0;
	let other = 0;
	for (const char of text) {
		if (char.charCodeAt(0) < 0x80 || WHITESPACE_PATTERN.test(char)) ascii++;
		else if (CJK_PATTERN.test(char)) cjk++;
		else other++;
	}
	const tokens =
		ascii / ratio.charsPerToken + cjk * ratio.tokensPerCjkChar + other / (ratio.charsPerToken / 2);
	return Math.max(1, Math.ceil(tokens));
}
