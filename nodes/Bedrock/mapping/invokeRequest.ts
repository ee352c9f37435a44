import type { IDataObject } from 'n8n-workflow';

import { detectFamily, resolveFamily, validateKnobs } from '../families/registry';
import type { FamilyId, ModelFamily } from '../families/types';
import { arnRegion, parseModelId } from '../models/modelId';
import { FieldError, parseJsonField } from './fields';
import { readKnobs } from './knobs';

export type FamilyChoice = FamilyId | 'auto';

/** What the Invoke Model body of one item is built from: the node's parameters as plain values. */
export interface InvokeInputValues {
	modelId: string;
	familyChoice: FamilyChoice;
	bodySource: 'form' | 'json';
	/** The raw JSON body (text or an expression's value), with `bodySource: 'json'`. */
	body: unknown;
	prompt: string;
	systemPrompt: string;
	options: IDataObject;
	/** Values of the family's own form fields, by parameter name. */
	familyFields: IDataObject;
}

export interface InvokeRequest {
	modelId: string;
	/** The region of an ARN model ID, overriding the credential's. */
	region?: string;
	/** The family the body is for; undefined for a raw JSON body to a model whose family is unknown. */
	family?: ModelFamily;
	body: IDataObject;
}

/** The family whose form fields an item has: the picked one, or the one the model ID names. */
export function formFamilyOf(modelId: string, familyChoice: FamilyChoice): ModelFamily {
	return resolveFamily(modelId, familyChoice);
}

function rawBodyRequest(values: InvokeInputValues): InvokeRequest {
	const body = parseJsonField(values.body, 'Body');
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw new FieldError(
			'Body must be a JSON object: give the model’s native request body, e.g. {"prompt": "...", "max_gen_len": 512}',
		);
	}
	let family: ModelFamily | undefined;
	try {
		family =
			values.familyChoice === 'auto'
				? detectFamily(values.modelId)
				: resolveFamily(values.modelId, values.familyChoice);
	} catch {
		// A raw body goes out as given; without a family only usage is read from the reply.
		family = undefined;
	}
	return {
		modelId: values.modelId,
		region: arnRegion(parseModelId(values.modelId)),
		family,
		body: body as IDataObject,
	};
}

/**
 * The native InvokeModel body of one item: built from the form for its family (knobs checked
 * against the family's ranges first), or the raw JSON body as given. Input problems are thrown
 * as errors whose message says what to fix; nothing is sent.
 */
export function toInvokeRequest(values: InvokeInputValues): InvokeRequest {
	if (values.bodySource === 'json') return rawBodyRequest(values);
	const family = formFamilyOf(values.modelId, values.familyChoice);
	if (values.prompt.trim() === '') {
		throw new FieldError(
			'The prompt is empty. Set Prompt, e.g. to an expression such as {{ $json.text }} that gives text for every item.',
		);
	}
	const knobs = readKnobs(values.options);
	validateKnobs(family, knobs);
	const body = family.buildRequest({
		modelId: values.modelId,
		prompt: values.prompt,
		systemPrompt: values.systemPrompt.trim() === '' ? undefined : values.systemPrompt,
		knobs,
		extra: values.familyFields,
	});
	return { modelId: values.modelId, region: arnRegion(parseModelId(values.modelId)), family, body };
}
