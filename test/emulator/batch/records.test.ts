import { generatedRecordId, jsonlLines, parseRecordLine } from '../../../emulator/batch/records';

describe('JSONL records', () => {
	it('reads lines across chunk boundaries, multi-byte characters split included, skipping blank lines', () => {
		const text = '{"recordId":"a","modelInput":{"t":"é"}}\r\n\n{"recordId":"b","modelInput":{}}';
		const bytes = Buffer.from(text);
		const split = bytes.indexOf(Buffer.from('é')) + 1; // inside the two bytes of é
		const lines = [...jsonlLines([bytes.subarray(0, split), bytes.subarray(split)])];
		expect(lines.map((line) => [line.lineNumber, line.text])).toEqual([
			[1, '{"recordId":"a","modelInput":{"t":"é"}}'],
			[3, '{"recordId":"b","modelInput":{}}'],
		]);
		expect(lines[0].bytes).toBe(Buffer.byteLength(lines[0].text));
	});

	it('reads a chunk far larger than its decoding window', () => {
		const line = JSON.stringify({ recordId: 'x', modelInput: { text: 'y'.repeat(200_000) } });
		const lines = [...jsonlLines([Buffer.from(`${line}\n${line}\n`)])];
		expect(lines.map((entry) => entry.text)).toEqual([line, line]);
	});

	it('tells why a line is not a record, and adds a missing recordId', () => {
		const line = (text: string) => ({ lineNumber: 1, text, bytes: text.length });
		expect(parseRecordLine(line('{'), 0)).toBe('is not valid JSON');
		expect(parseRecordLine(line('[1]'), 0)).toBe('is not a JSON object');
		expect(parseRecordLine(line('{"recordId":"a"}'), 0)).toBe("has no 'modelInput' object");
		expect(parseRecordLine(line('{"modelInput":{"a":1}}'), 4)).toEqual({
			recordId: generatedRecordId(4),
			modelInput: { a: 1 },
		});
		expect(generatedRecordId(4)).toMatch(/^[A-Z0-9]{11}$/);
	});
});
