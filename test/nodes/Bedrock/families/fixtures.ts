import { readFileSync } from 'fs';
import { join } from 'path';

import type { IDataObject } from 'n8n-workflow';

import type { ModelFamily, StreamParser } from '../../../../nodes/Bedrock/families/types';
import type { InferenceKnobs, ModelReply, Usage } from '../../../../nodes/Bedrock/types';

const FIXTURES = join(__dirname, '../../../fixtures/invoke');

export interface RecordedResponse {
	body: IDataObject;
	headerUsage?: Partial<Usage>;
}

export function loadResponse(family: string): RecordedResponse {
	const file = JSON.parse(
		readFileSync(join(FIXTURES, family, 'response.json'), 'utf8'),
	) as IDataObject;
	expect(typeof file._source).toBe('string');
	const { _source, _headers, ...body } = file;
	void _source;
	if (!_headers) return { body };
	const headers = _headers as Record<string, string>;
	return {
		body,
		headerUsage: {
			inputTokens: Number(headers['x-amzn-bedrock-input-token-count']),
			outputTokens: Number(headers['x-amzn-bedrock-output-token-count']),
		},
	};
}

export function loadStream(family: string): IDataObject[] {
	return JSON.parse(readFileSync(join(FIXTURES, family, 'stream.json'), 'utf8')) as IDataObject[];
}

export function runStream(
	parser: StreamParser,
	chunks: IDataObject[],
): { deltas: string[]; reply: ModelReply } {
	const deltas = chunks.map((chunk) => parser.push(chunk));
	return { deltas, reply: parser.finish() };
}

/** Streams the recorded chunks and checks the result is the non-streamed reply. */
export function expectStreamMatchesResponse(
	family: ModelFamily,
	fixtureName = family.id,
): string[] {
	const { body, headerUsage } = loadResponse(fixtureName);
	const { deltas, reply } = runStream(family.createStreamParser(), loadStream(fixtureName));
	expect(reply).toEqual(family.parseResponse(body, headerUsage));
	return deltas;
}

export function request(
	family: ModelFamily,
	prompt: string,
	options: {
		knobs?: InferenceKnobs;
		extra?: IDataObject;
		systemPrompt?: string;
		modelId?: string;
	} = {},
): IDataObject {
	return family.buildRequest({
		modelId: options.modelId ?? 'model',
		prompt,
		systemPrompt: options.systemPrompt,
		knobs: options.knobs ?? {},
		extra: options.extra ?? {},
	});
}
