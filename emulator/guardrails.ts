/**
 * The emulator's guardrails: what a configured guardrail finds in a text, and ApplyGuardrail's
 * answer. Matching is case-insensitive: denied topics and content filters by their keywords, blocked
 * words as whole words, PII by a pattern per entity type, regexes as configured. Contextual
 * grounding (with a grounding source and a query): grounding = the share of the checked text's
 * terms found in the source, relevance = the share of the query's terms found in the text (terms as
 * in retrieval.ts), blocked below the configured threshold.
 * A BLOCK finding intervenes with the guardrail's blocked message; else an ANONYMIZE finding
 * intervenes with the text masked (`{EMAIL}`, `{<regex name>}`); else the action is NONE. Usage: one
 * text unit per started 1,000 characters for each configured policy.
 */
import { terms } from './retrieval';
import type { JsonObject } from './http/json';
import type { EmulatorGuardrail } from './options';

const PII_PATTERNS: Record<string, RegExp> = {
	EMAIL: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g,
	PHONE: /\+?\d{1,3}[ -]?\(?\d{3}\)?[ -]?\d{3}[ -]?\d{4}\b/g,
	US_SOCIAL_SECURITY_NUMBER: /\b\d{3}-\d{2}-\d{4}\b/g,
	CREDIT_DEBIT_CARD_NUMBER: /\b(?:\d{4}[ -]?){3}\d{4}\b/g,
	IP_ADDRESS: /\b(?:\d{1,3}\.){3}\d{1,3}\b/g,
};

export const DEFAULT_BLOCKED_MESSAGE = 'Sorry, the model cannot answer this question.';

export interface GuardrailText {
	text: string;
	/** `grounding_source`, `query`, `guard_content`; none means guard content. */
	qualifiers?: string[];
}

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function containsPhrase(text: string, phrase: string): boolean {
	return new RegExp(`\\b${escape(phrase)}\\b`, 'i').test(text);
}

interface Masking {
	start: number;
	end: number;
	replacement: string;
}

function units(text: string): number {
	return Math.max(1, Math.ceil(text.length / 1000));
}

function share(of: Set<string>, within: Set<string>): number {
	if (of.size === 0) return 0;
	let found = 0;
	for (const term of of) if (within.has(term)) found++;
	return Math.round((found / of.size) * 100) / 100;
}

export interface GuardrailOutcome {
	action: 'NONE' | 'GUARDRAIL_INTERVENED';
	/** The text to use instead when the guardrail intervened. */
	output?: string;
	response: JsonObject;
}

/** ApplyGuardrail's answer for these text blocks. */
export function applyGuardrail(
	guardrail: EmulatorGuardrail,
	source: 'INPUT' | 'OUTPUT',
	blocks: GuardrailText[],
	outputScope: 'INTERVENTIONS' | 'FULL' = 'INTERVENTIONS',
): GuardrailOutcome {
	const guarded = blocks.filter(
		(block) => !block.qualifiers?.length || block.qualifiers.includes('guard_content'),
	);
	const text = guarded.map((block) => block.text).join('\n');
	const groundingSource = blocks
		.filter((block) => block.qualifiers?.includes('grounding_source'))
		.map((block) => block.text)
		.join('\n');
	const query = blocks
		.filter((block) => block.qualifiers?.includes('query'))
		.map((block) => block.text)
		.join('\n');
	const full = outputScope === 'FULL';
	let blocked = false;
	const masks: Masking[] = [];
	const assessment: JsonObject = {};

	const topics = (guardrail.deniedTopics ?? [])
		.map((topic) => {
			const detected = topic.keywords.some((keyword) => containsPhrase(text, keyword));
			return { name: topic.name, type: 'DENY', action: detected ? 'BLOCKED' : 'NONE', detected };
		})
		.filter((topic) => full || topic.detected);
	if (topics.some((topic) => topic.detected)) blocked = true;
	if (topics.length > 0) assessment.topicPolicy = { topics };

	const filters = (guardrail.contentFilters ?? [])
		.map((filter) => {
			const detected = filter.keywords.some((keyword) => containsPhrase(text, keyword));
			return {
				type: filter.type,
				confidence: detected ? 'HIGH' : 'NONE',
				filterStrength: filter.strength ?? 'HIGH',
				action: detected ? 'BLOCKED' : 'NONE',
				detected,
			};
		})
		.filter((filter) => full || filter.detected);
	if (filters.some((filter) => filter.detected)) blocked = true;
	if (filters.length > 0) assessment.contentPolicy = { filters };

	const customWords = (guardrail.blockedWords ?? [])
		.filter((word) => containsPhrase(text, word))
		.map((word) => ({ match: word, action: 'BLOCKED', detected: true }));
	if (customWords.length > 0) {
		blocked = true;
		assessment.wordPolicy = { customWords, managedWordLists: [] };
	}

	const piiEntities: JsonObject[] = [];
	for (const entity of guardrail.piiEntities ?? []) {
		const pattern = PII_PATTERNS[entity.type];
		if (!pattern) continue;
		for (const match of text.matchAll(new RegExp(pattern.source, 'g'))) {
			const action = entity.action === 'BLOCK' ? 'BLOCKED' : 'ANONYMIZED';
			piiEntities.push({ match: match[0], type: entity.type, action, detected: true });
			if (action === 'BLOCKED') blocked = true;
			else {
				masks.push({
					start: match.index,
					end: match.index + match[0].length,
					replacement: `{${entity.type}}`,
				});
			}
		}
	}
	const regexes: JsonObject[] = [];
	for (const regex of guardrail.regexes ?? []) {
		for (const match of text.matchAll(new RegExp(regex.pattern, 'g'))) {
			const action = regex.action === 'BLOCK' ? 'BLOCKED' : 'ANONYMIZED';
			regexes.push({
				name: regex.name,
				match: match[0],
				regex: regex.pattern,
				action,
				detected: true,
			});
			if (action === 'BLOCKED') blocked = true;
			else {
				masks.push({
					start: match.index,
					end: match.index + match[0].length,
					replacement: `{${regex.name}}`,
				});
			}
		}
	}
	if (piiEntities.length > 0 || regexes.length > 0) {
		assessment.sensitiveInformationPolicy = { piiEntities, regexes };
	}

	const grounding = guardrail.contextualGrounding;
	if (grounding && source === 'OUTPUT' && groundingSource !== '') {
		const textTerms = terms(text);
		const groundingFilters: JsonObject[] = [];
		const checks: Array<[string, number | undefined, number]> = [
			['GROUNDING', grounding.grounding, share(textTerms, terms(groundingSource))],
			['RELEVANCE', grounding.relevance, share(terms(query), textTerms)],
		];
		for (const [type, threshold, score] of checks) {
			if (threshold === undefined || (type === 'RELEVANCE' && query === '')) continue;
			const detected = score < threshold;
			if (detected) blocked = true;
			if (detected || full) {
				groundingFilters.push({
					type,
					threshold,
					score,
					action: detected ? 'BLOCKED' : 'NONE',
					detected,
				});
			}
		}
		if (groundingFilters.length > 0) {
			assessment.contextualGroundingPolicy = { filters: groundingFilters };
		}
	}

	const usage = {
		topicPolicyUnits: guardrail.deniedTopics?.length ? units(text) : 0,
		contentPolicyUnits: guardrail.contentFilters?.length ? units(text) : 0,
		wordPolicyUnits: guardrail.blockedWords?.length ? units(text) : 0,
		sensitiveInformationPolicyUnits:
			guardrail.piiEntities?.length || guardrail.regexes?.length ? units(text) : 0,
		sensitiveInformationPolicyFreeUnits: 0,
		contextualGroundingPolicyUnits: grounding && groundingSource !== '' ? units(text) : 0,
	};
	assessment.invocationMetrics = {
		guardrailProcessingLatency: 1,
		usage,
		guardrailCoverage: { textCharacters: { guarded: text.length, total: text.length } },
	};

	let action: GuardrailOutcome['action'] = 'NONE';
	let output: string | undefined;
	if (blocked) {
		action = 'GUARDRAIL_INTERVENED';
		output =
			(source === 'INPUT' ? guardrail.blockedInputMessaging : guardrail.blockedOutputsMessaging) ??
			DEFAULT_BLOCKED_MESSAGE;
	} else if (masks.length > 0) {
		action = 'GUARDRAIL_INTERVENED';
		output = '';
		let at = 0;
		for (const mask of masks.sort((a, b) => a.start - b.start)) {
			if (mask.start < at) continue;
			output += text.slice(at, mask.start) + mask.replacement;
			at = mask.end;
		}
		output += text.slice(at);
	}
	return {
		action,
		output,
		response: {
			usage,
			action,
			actionReason:
				action === 'NONE' ? 'No action.' : blocked ? 'Guardrail blocked.' : 'Guardrail masked.',
			outputs: output === undefined ? [] : [{ text: output }],
			assessments: [assessment],
			guardrailCoverage: { textCharacters: { guarded: text.length, total: text.length } },
		},
	};
}
