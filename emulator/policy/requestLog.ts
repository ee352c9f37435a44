import type { RecordedRequest } from '../options';

/** Every request received, in order (`RunningEmulator.requests`; the array is kept across resets). */
export class RequestLog {
	readonly entries: RecordedRequest[] = [];

	add(record: RecordedRequest): void {
		this.entries.push(record);
	}

	clear(): void {
		this.entries.length = 0;
	}
}

/** A request body as recorded: parsed JSON, or the text when it is not JSON. */
export function recordedBody(body: Buffer): unknown {
	if (body.length === 0) return undefined;
	try {
		return JSON.parse(body.toString('utf8'));
	} catch {
		return body.toString('utf8');
	}
}
