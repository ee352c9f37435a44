import type {
	GuardrailAssessment,
	GuardrailUsage,
	GuardrailPiiEntityFilter,
	GuardrailRegexFilter,
} from '@aws-sdk/client-bedrock-runtime';
import type { IDataObject } from 'n8n-workflow';

/** Bedrock's patterns of guardrail identifiers (ID or ARN) and versions. */
export const GUARDRAIL_IDENTIFIER_PATTERN =
	/^(([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail\/[a-z0-9]+))$/;
export const GUARDRAIL_VERSION_PATTERN = /^(([1-9][0-9]{0,7})|(DRAFT))$/;

export interface SensitiveMatch extends IDataObject {
	/** `pii` (a PII entity type such as EMAIL) or `regex` (a regular expression of the guardrail). */
	kind: 'pii' | 'regex';
	/** The PII entity type or the regex's name. */
	type: string | null;
	match: string | null;
	action: string | null;
	detected: boolean | null;
	/** What the guardrail wrote instead of the match (`{EMAIL}`), when it masked it. */
	maskedAs: string | null;
}

export interface NormalisedAssessments extends IDataObject {
	content: IDataObject[];
	topics: IDataObject[];
	words: IDataObject[];
	sensitiveInformation: SensitiveMatch[];
	contextualGrounding: IDataObject[];
	automatedReasoning: IDataObject[];
}

function piiMatch(filter: GuardrailPiiEntityFilter): SensitiveMatch {
	const type = filter.type ?? null;
	return {
		kind: 'pii',
		type,
		match: filter.match ?? null,
		action: filter.action ?? null,
		detected: filter.detected ?? null,
		maskedAs: filter.action === 'ANONYMIZED' && type ? `{${type}}` : null,
	};
}

function regexMatch(filter: GuardrailRegexFilter): SensitiveMatch {
	const name = filter.name ?? null;
	return {
		kind: 'regex',
		type: name,
		match: filter.match ?? null,
		action: filter.action ?? null,
		detected: filter.detected ?? null,
		maskedAs: filter.action === 'ANONYMIZED' && name ? `{${name}}` : null,
		...(filter.regex ? { regex: filter.regex } : {}),
	};
}

function plain(value: unknown): IDataObject {
	return JSON.parse(JSON.stringify(value ?? {})) as IDataObject;
}

/** Every policy's findings of the assessments, one list per policy (all guardrails together). */
export function normaliseAssessments(
	assessments: GuardrailAssessment[] | undefined,
): NormalisedAssessments {
	const normalised: NormalisedAssessments = {
		content: [],
		topics: [],
		words: [],
		sensitiveInformation: [],
		contextualGrounding: [],
		automatedReasoning: [],
	};
	for (const assessment of assessments ?? []) {
		for (const filter of assessment.contentPolicy?.filters ?? []) {
			normalised.content.push(plain(filter));
		}
		for (const topic of assessment.topicPolicy?.topics ?? []) {
			normalised.topics.push(plain(topic));
		}
		for (const word of assessment.wordPolicy?.customWords ?? []) {
			normalised.words.push({ ...plain(word), type: 'CUSTOM' });
		}
		for (const word of assessment.wordPolicy?.managedWordLists ?? []) {
			normalised.words.push(plain(word));
		}
		for (const entity of assessment.sensitiveInformationPolicy?.piiEntities ?? []) {
			normalised.sensitiveInformation.push(piiMatch(entity));
		}
		for (const regex of assessment.sensitiveInformationPolicy?.regexes ?? []) {
			normalised.sensitiveInformation.push(regexMatch(regex));
		}
		for (const filter of assessment.contextualGroundingPolicy?.filters ?? []) {
			normalised.contextualGrounding.push(plain(filter));
		}
		for (const finding of assessment.automatedReasoningPolicy?.findings ?? []) {
			normalised.automatedReasoning.push(plain(finding));
		}
	}
	return normalised;
}

/** What the guardrail masked: the sensitive matches it anonymised. */
export function maskedMatches(assessments: NormalisedAssessments): SensitiveMatch[] {
	return assessments.sensitiveInformation.filter((match) => match.maskedAs !== null);
}

const USAGE_FIELDS = [
	'topicPolicyUnits',
	'contentPolicyUnits',
	'wordPolicyUnits',
	'sensitiveInformationPolicyUnits',
	'sensitiveInformationPolicyFreeUnits',
	'contextualGroundingPolicyUnits',
	'contentPolicyImageUnits',
	'automatedReasoningPolicyUnits',
] as const;

/** The text units each policy was billed for (0 for the policies that did not run). */
export function normaliseGuardrailUsage(usage: GuardrailUsage | undefined): IDataObject {
	const normalised: IDataObject = {};
	for (const field of USAGE_FIELDS) normalised[field] = usage?.[field] ?? 0;
	return normalised;
}
