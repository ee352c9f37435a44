/**
 * `application/vnd.amazon.eventstream` frames as the SDK reads them: an event carries
 * `:message-type: event` and `:event-type: <union member>`; a modelled error carries
 * `:message-type: exception` and `:exception-type: <union member>` (see getMessageUnmarshaller in
 * node_modules/@smithy/core/dist-cjs/submodules/event-streams/index.js, and the union members of
 * ConverseStreamOutput$ / ResponseStream$ in node_modules/@aws-sdk/client-bedrock-runtime/dist-cjs/index.js).
 */
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

export function encodeEvent(eventType: string, payload: unknown): Uint8Array {
	return codec.encode({
		headers: {
			':event-type': { type: 'string', value: eventType },
			':content-type': { type: 'string', value: 'application/json' },
			':message-type': { type: 'string', value: 'event' },
		},
		body: fromUtf8(JSON.stringify(payload)),
	});
}

/** An exception frame; `exceptionType` is the union member name, e.g. `modelStreamErrorException`. */
export function encodeException(
	exceptionType: string,
	payload: Record<string, unknown>,
): Uint8Array {
	return codec.encode({
		headers: {
			':exception-type': { type: 'string', value: exceptionType },
			':content-type': { type: 'string', value: 'application/json' },
			':message-type': { type: 'string', value: 'exception' },
		},
		body: fromUtf8(JSON.stringify(payload)),
	});
}

export function decodeFrames(
	bytes: Uint8Array,
): Array<{ headers: Record<string, string>; body: string }> {
	const frames: Array<{ headers: Record<string, string>; body: string }> = [];
	let offset = 0;
	while (offset < bytes.length) {
		const length = new DataView(bytes.buffer, bytes.byteOffset + offset, 4).getUint32(0);
		const message = codec.decode(bytes.subarray(offset, offset + length));
		const headers: Record<string, string> = {};
		for (const [name, header] of Object.entries(message.headers))
			headers[name] = String(header.value);
		frames.push({ headers, body: toUtf8(message.body) });
		offset += length;
	}
	return frames;
}
