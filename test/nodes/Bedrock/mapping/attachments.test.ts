import {
	ATTACHMENT_LIMITS,
	addAttachments,
	checkMessageLimits,
	detectAttachmentKind,
	documentName,
	toAttachmentBlocks,
} from '../../../../nodes/Bedrock/mapping/attachments';
import type { AttachmentFile } from '../../../../nodes/Bedrock/mapping/attachments';

const file = (overrides: Partial<AttachmentFile>): AttachmentFile => ({
	propertyName: 'data',
	bytes: new Uint8Array([1, 2, 3]),
	...overrides,
});

describe('detectAttachmentKind', () => {
	it.each([
		[{ mimeType: 'image/png' }, { kind: 'image', format: 'png' }],
		[{ mimeType: 'image/jpeg' }, { kind: 'image', format: 'jpeg' }],
		[{ mimeType: 'image/gif' }, { kind: 'image', format: 'gif' }],
		[{ mimeType: 'image/webp' }, { kind: 'image', format: 'webp' }],
		[{ mimeType: 'application/pdf' }, { kind: 'document', format: 'pdf' }],
		[{ mimeType: 'text/csv; charset=utf-8' }, { kind: 'document', format: 'csv' }],
		[
			{ mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
			{ kind: 'document', format: 'docx' },
		],
		[
			{ mimeType: 'application/octet-stream', fileName: 'sheet.XLSX' },
			{ kind: 'document', format: 'xlsx' },
		],
		[{ fileExtension: 'md' }, { kind: 'document', format: 'md' }],
		[{ fileName: 'photo.jpg' }, { kind: 'image', format: 'jpeg' }],
		[{ mimeType: 'text/html' }, { kind: 'document', format: 'html' }],
		[{ mimeType: 'text/plain' }, { kind: 'document', format: 'txt' }],
		[{ mimeType: 'application/msword' }, { kind: 'document', format: 'doc' }],
		[{ mimeType: 'application/vnd.ms-excel' }, { kind: 'document', format: 'xls' }],
	])('%j is %j', (overrides, kind) => {
		expect(detectAttachmentKind(file(overrides))).toEqual(kind);
	});

	it('knows no other types', () => {
		expect(
			detectAttachmentKind(file({ mimeType: 'application/zip', fileName: 'a.zip' })),
		).toBeUndefined();
	});
});

describe('documentName', () => {
	it('keeps only the characters Bedrock allows, without consecutive spaces', () => {
		const taken = new Set<string>();
		expect(documentName('Q3 report_final (v2).pdf', 'data', taken)).toBe('Q3 report-final (v2)');
		expect(documentName('a   b.txt', 'data', taken)).toBe('a b');
		expect(documentName('Résumé [draft].docx', 'data', taken)).toBe('R-sum- [draft]');
		expect(documentName('...', 'invoice', taken)).toBe('invoice');
		expect(documentName(undefined, 'my_file', taken)).toBe('my-file');
	});

	it('makes names unique within the request', () => {
		const taken = new Set<string>();
		expect(documentName('report.pdf', 'data', taken)).toBe('report');
		expect(documentName('report.csv', 'data', taken)).toBe('report (2)');
		expect(documentName('Report.txt', 'data', taken)).toBe('Report (3)');
	});

	it('gives names that match Bedrock’s pattern', () => {
		for (const name of ['x.y.z.pdf', '  lead.pdf', 'a--b__c.pdf', 'tab\there.pdf']) {
			expect(documentName(name, 'data', new Set())).toMatch(
				/^[A-Za-z0-9\-()[\]]+( [A-Za-z0-9\-()[\]]+)*$/,
			);
		}
	});
});

describe('toAttachmentBlocks', () => {
	it('makes image and document blocks', () => {
		const blocks = toAttachmentBlocks([
			file({ mimeType: 'image/png', fileName: 'chart.png' }),
			file({ propertyName: 'invoice', mimeType: 'application/pdf', fileName: 'invoice 2024.pdf' }),
		]);
		expect(blocks).toEqual([
			{ image: { format: 'png', source: { bytes: new Uint8Array([1, 2, 3]) } } },
			{
				document: {
					format: 'pdf',
					name: 'invoice 2024',
					source: { bytes: new Uint8Array([1, 2, 3]) },
				},
			},
		]);
	});

	it('refuses images over 3.75 MB and documents over 4.5 MB, naming the limit', () => {
		const bigImage = file({
			mimeType: 'image/png',
			fileName: 'big.png',
			bytes: new Uint8Array(ATTACHMENT_LIMITS.maxImageBytes + 1),
		});
		expect(() => toAttachmentBlocks([bigImage])).toThrow(/"big.png".*at most 3.75 MB/);
		const bigDocument = file({
			mimeType: 'application/pdf',
			bytes: new Uint8Array(ATTACHMENT_LIMITS.maxDocumentBytes + 1),
		});
		expect(() => toAttachmentBlocks([bigDocument])).toThrow(/at most 4.5 MB/);
		expect(() =>
			toAttachmentBlocks([
				file({ mimeType: 'image/png', bytes: new Uint8Array(ATTACHMENT_LIMITS.maxImageBytes) }),
			]),
		).not.toThrow();
	});

	it('refuses unsupported types, naming the property', () => {
		expect(() =>
			toAttachmentBlocks([file({ propertyName: 'zip', mimeType: 'application/zip' })]),
		).toThrow(/binary property "zip".*application\/zip/);
	});
});

describe('checkMessageLimits', () => {
	const image = { image: { format: 'png' as const, source: { bytes: new Uint8Array(1) } } };
	const document = {
		document: { format: 'txt' as const, name: 'd', source: { bytes: new Uint8Array(1) } },
	};

	it('allows 20 images and 5 documents, not more', () => {
		expect(() =>
			checkMessageLimits({ role: 'user', content: [...Array(20).fill(image), { text: 'q' }] }, 0),
		).not.toThrow();
		expect(() =>
			checkMessageLimits({ role: 'user', content: [...Array(21).fill(image), { text: 'q' }] }, 0),
		).toThrow(/21 images; Converse takes at most 20/);
		expect(() =>
			checkMessageLimits({ role: 'user', content: [...Array(6).fill(document), { text: 'q' }] }, 2),
		).toThrow(/position 2 has 6 documents; Converse takes at most 5/);
	});

	it('needs text beside a document', () => {
		expect(() => checkMessageLimits({ role: 'user', content: [document] }, 0)).toThrow(
			/document but no text/,
		);
	});
});

describe('addAttachments', () => {
	const image = { image: { format: 'png' as const, source: { bytes: new Uint8Array(1) } } };

	it('puts attachments into the last user message, before its text', () => {
		const messages = addAttachments(
			[
				{ role: 'user', content: [{ text: 'first' }] },
				{ role: 'assistant', content: [{ text: 'ok' }] },
				{ role: 'user', content: [{ text: 'describe' }] },
			],
			[image],
		);
		expect(messages[2].content).toEqual([image, { text: 'describe' }]);
		expect(messages[0].content).toEqual([{ text: 'first' }]);
	});

	it('adds a user message when the conversation ends with the assistant', () => {
		const messages = addAttachments(
			[
				{ role: 'user', content: [{ text: 'q' }] },
				{ role: 'assistant', content: [{ text: 'a' }] },
			],
			[image],
		);
		expect(messages[2]).toEqual({ role: 'user', content: [image] });
	});
});
