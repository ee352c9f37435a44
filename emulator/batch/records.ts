/**
 * The records of a batch inference job: JSONL lines read from an S3 object's chunks without joining
 * them (https://docs.aws.amazon.com/bedrock/latest/userguide/batch-inference-data.html: one
 * `{ "recordId": ..., "modelInput": {...} }` per line, `modelInput` being InvokeModel's body), and
 * each record run through the model's native InvokeModel format (native/), as InvokeModel runs it
 * (or through Converse's format, converse.ts, for a job whose `modelInvocationType` is Converse),
 * into the output line (https://docs.aws.amazon.com/bedrock/latest/userguide/batch-inference-results.html).
 */
import { StringDecoder } from 'node:string_decoder';

import type { CatalogueModel } from '../catalogue';
import { parseConverseRequest, renderConverseResponse } from '../converse';
import { embed, generate } from '../engine';
import { BedrockError } from '../errors';
import { nativeFormatOf } from '../generation';
import { isObject } from '../http/json';
import type { EmbeddingRequest, GenerationRequest } from '../types';
import { EmulatorValidationError } from '../types';

export interface JsonlLine {
	/** 1-based, counting every line of the file. */
	lineNumber: number;
	text: string;
	bytes: number;
}

const DECODE_BYTES = 64 * 1024;

/** The non-blank lines of a JSONL object, decoded across chunk boundaries. */
export function* jsonlLines(chunks: Buffer[]): Generator<JsonlLine> {
	const decoder = new StringDecoder('utf8');
	let pending = '';
	let lineNumber = 0;
	const lines = function* (text: string, final: boolean): Generator<JsonlLine> {
		let start = 0;
		for (;;) {
			const end = text.indexOf('\n', start);
			if (end < 0) break;
			lineNumber++;
			const line = text.slice(start, end).replace(/\r$/, '');
			if (line.trim()) yield { lineNumber, text: line, bytes: Buffer.byteLength(line) };
			start = end + 1;
		}
		pending = text.slice(start);
		if (final && pending.trim()) {
			lineNumber++;
			yield { lineNumber, text: pending, bytes: Buffer.byteLength(pending) };
			pending = '';
		}
	};
	// Decoded 64 KiB at a time, so a large chunk never becomes one large string.
	for (const chunk of chunks) {
		for (let offset = 0; offset < chunk.length; offset += DECODE_BYTES) {
			yield* lines(pending + decoder.write(chunk.subarray(offset, offset + DECODE_BYTES)), false);
		}
	}
	yield* lines(pending + decoder.end(), true);
}

export interface ParsedRecord {
	recordId: string;
	modelInput: unknown;
}

/** Why a line is not a record, or the record. Bedrock adds a recordId where one is missing. */
export function parseRecordLine(line: JsonlLine, index: number): ParsedRecord | string {
	let value: unknown;
	try {
		value = JSON.parse(line.text);
	} catch {
		return 'is not valid JSON';
	}
	if (!isObject(value)) return 'is not a JSON object';
	if (!isObject(value.modelInput)) return "has no 'modelInput' object";
	const recordId =
		typeof value.recordId === 'string' && value.recordId !== ''
			? value.recordId
			: generatedRecordId(index);
	return { recordId, modelInput: value.modelInput };
}

/** An 11-character alphanumeric ID, as Bedrock's generated ones: from the record's position. */
export function generatedRecordId(index: number): string {
	return `R${(index + 1).toString(36).toUpperCase().padStart(10, '0')}`;
}

export interface RecordResult {
	/** The output line, without its newline. */
	line: string;
	succeeded: boolean;
	inputTokens: number;
	outputTokens: number;
}

/** How a job's records are read: InvokeModel bodies (the default), or Converse requests. */
export type InvocationType = 'InvokeModel' | 'Converse';

/**
 * Runs one record through the model, as InvokeModel (or Converse, for a job of that invocation
 * type) answers it; a record the model refuses is an error line.
 */
export function runRecord(
	model: CatalogueModel,
	modelId: string,
	record: ParsedRecord,
	rawLine: string,
	failMarker: string,
	invocationType: InvocationType = 'InvokeModel',
): RecordResult {
	const { recordId, modelInput } = record;
	const failure = (errorCode: number, errorMessage: string): RecordResult => ({
		line: JSON.stringify({ recordId, modelInput, error: { errorCode, errorMessage } }),
		succeeded: false,
		inputTokens: 0,
		outputTokens: 0,
	});
	if (failMarker && rawLine.includes(failMarker)) {
		return failure(400, `The record was refused: it contains ${failMarker}.`);
	}
	try {
		if (invocationType === 'Converse') {
			const parsed = parseConverseRequest(modelInput, modelId, model);
			const generation = generate(parsed.request);
			return {
				line: JSON.stringify({
					recordId,
					modelInput,
					modelOutput: renderConverseResponse(generation, parsed, model, {}, 0),
				}),
				succeeded: true,
				inputTokens: generation.inputTokens,
				outputTokens: generation.outputTokens,
			};
		}
		const format = nativeFormatOf(model);
		const request = format.parseRequest(modelInput, modelId);
		if (format.kind === 'embedding' || !('messages' in request)) {
			const embeddingRequest = request as EmbeddingRequest;
			const result = embed(embeddingRequest);
			return {
				line: JSON.stringify({
					recordId,
					modelInput,
					modelOutput: format.renderResponse(result, embeddingRequest),
				}),
				succeeded: true,
				inputTokens: result.inputTokens,
				outputTokens: 0,
			};
		}
		const generation = generate(request as GenerationRequest);
		return {
			line: JSON.stringify({
				recordId,
				modelInput,
				modelOutput: format.renderResponse(generation, request),
			}),
			succeeded: true,
			inputTokens: generation.inputTokens,
			outputTokens: generation.outputTokens,
		};
	} catch (error) {
		if (error instanceof EmulatorValidationError || error instanceof BedrockError) {
			return failure(400, error.message);
		}
		throw error;
	}
}
