import type { S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';

import { readObjectLines, S3ObjectWriter } from '../../../../nodes/Bedrock/transport/s3Files';

/** An S3 client stand-in that records the commands it is sent and answers them from `answer`. */
function fakeClient(answer: (name: string, input: Record<string, unknown>) => unknown) {
	const sent: Array<{ name: string; input: Record<string, unknown> }> = [];
	const client = {
		send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
			const name = command.constructor.name.replace(/Command$/, '');
			sent.push({ name, input: command.input });
			return await Promise.resolve(answer(name, command.input));
		},
	} as unknown as S3Client;
	return { client, sent };
}

describe('readObjectLines', () => {
	it('splits lines across network chunks, multi-byte characters cut in two included', async () => {
		const text = '{"text":"Grüße aus Köln 🚲"}\n{"text":"second"}\r\n{"text":"last, no newline"}';
		const bytes = Buffer.from(text, 'utf8');
		// Three-byte chunks cut the umlauts and the emoji between chunks.
		const chunks = Array.from({ length: Math.ceil(bytes.length / 3) }, (_, index) =>
			bytes.subarray(index * 3, index * 3 + 3),
		);
		const { client } = fakeClient(() => ({ Body: Readable.from(chunks) }));
		const lines: string[] = [];
		for await (const line of readObjectLines(client, 'b', 'k')) lines.push(line);
		expect(lines.map((line) => (JSON.parse(line) as { text: string }).text)).toEqual([
			'Grüße aus Köln 🚲',
			'second',
			'last, no newline',
		]);
	});
});

describe('S3ObjectWriter', () => {
	it('sends a small object as one PutObject', async () => {
		const { client, sent } = fakeClient(() => ({}));
		const writer = new S3ObjectWriter(client, 'b', 'k.jsonl', { partBytes: 100 });
		await writer.write('{"a":1}\n');
		await writer.close();
		expect(sent.map((command) => command.name)).toEqual(['PutObject']);
		expect(writer.bytes).toBe(8);
	});

	it('cuts a part once the buffer reaches the part size and completes the parts in order', async () => {
		const { client, sent } = fakeClient((name, input) =>
			name === 'CreateMultipartUpload'
				? { UploadId: 'upload-1' }
				: name === 'UploadPart'
					? { ETag: `"etag-${String(input.PartNumber)}"` }
					: {},
		);
		const writer = new S3ObjectWriter(client, 'b', 'k.jsonl', { partBytes: 10 });
		for (let index = 0; index < 5; index++) await writer.write('0123456\n');
		await writer.close();
		expect(sent.map((command) => command.name)).toEqual([
			'CreateMultipartUpload',
			'UploadPart',
			'UploadPart',
			'UploadPart',
			'CompleteMultipartUpload',
		]);
		const parts = sent.filter((command) => command.name === 'UploadPart');
		expect(parts.map((part) => (part.input.Body as Buffer).length)).toEqual([16, 16, 8]);
		expect(sent[4].input.MultipartUpload).toEqual({
			Parts: [
				{ ETag: '"etag-1"', PartNumber: 1 },
				{ ETag: '"etag-2"', PartNumber: 2 },
				{ ETag: '"etag-3"', PartNumber: 3 },
			],
		});
	});

	it('aborts the multipart upload when a part fails, so no parts are left behind', async () => {
		const { client, sent } = fakeClient((name) => {
			if (name === 'CreateMultipartUpload') return { UploadId: 'upload-2' };
			if (name === 'UploadPart') throw Object.assign(new Error('denied'), { name: 'AccessDenied' });
			return {};
		});
		const writer = new S3ObjectWriter(client, 'b', 'k.jsonl', { partBytes: 4 });
		await expect(writer.write('0123456\n')).rejects.toThrow('denied');
		await writer.abort();
		expect(sent.map((command) => command.name)).toEqual([
			'CreateMultipartUpload',
			'UploadPart',
			'AbortMultipartUpload',
		]);
		expect(sent[2].input).toMatchObject({ Bucket: 'b', Key: 'k.jsonl', UploadId: 'upload-2' });
	});
});
