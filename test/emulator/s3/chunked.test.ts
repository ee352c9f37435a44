import { authenticate, chunkSignaturesOf } from '../../../emulator/http/auth';
import { decodeAwsChunked } from '../../../emulator/s3/chunked';
import { S3Error } from '../../../emulator/s3/errors';

// AWS's worked example of a chunked upload signed with STREAMING-AWS4-HMAC-SHA256-PAYLOAD:
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html (64 KiB then 1 KiB of 'a').
const SETTINGS = {
	accessKeys: [
		{
			accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
			secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
		},
	],
	apiKeys: [],
	allowAnonymous: false,
};
const SEED = '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9';
const CHUNK_SIGNATURES = [
	'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
	'0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
	'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
];
const HEADERS = {
	host: 's3.amazonaws.com',
	'x-amz-date': '20130524T000000Z',
	'x-amz-storage-class': 'REDUCED_REDUNDANCY',
	authorization: `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=${SEED}`,
	'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
	'content-encoding': 'aws-chunked',
	'x-amz-decoded-content-length': '66560',
	'content-length': '66824',
};

function chunkedBody(sizes: number[], signatures: string[]): Buffer {
	const parts: Buffer[] = [];
	sizes.forEach((size, index) => {
		parts.push(Buffer.from(`${size.toString(16)};chunk-signature=${signatures[index]}\r\n`));
		parts.push(Buffer.alloc(size, 'a'));
		parts.push(Buffer.from('\r\n'));
	});
	return Buffer.concat(parts);
}

describe('aws-chunked upload bodies', () => {
	const body = chunkedBody([65536, 1024, 0], CHUNK_SIGNATURES);

	it('accepts AWS’s example: the seed signature and every chunk signature', async () => {
		expect(body.length).toBe(66824);
		const auth = await authenticate(
			{
				method: 'PUT',
				rawPath: '/examplebucket/chunkObject.txt',
				query: new URLSearchParams(),
				headers: HEADERS,
				body,
			},
			SETTINGS,
			{ uriEscapePath: false },
		);
		expect(auth).toBe('sigv4');
		const decoded = await decodeAwsChunked(body, chunkSignaturesOf({ headers: HEADERS }, SETTINGS));
		expect(decoded.size).toBe(66560);
		expect(decoded.chunks.map((chunk) => chunk.length)).toEqual([65536, 1024]);
	});

	it('refuses a chunk whose bytes or signature were changed', async () => {
		const signatures = chunkSignaturesOf({ headers: HEADERS }, SETTINGS);
		const tampered = Buffer.from(body);
		tampered[200] = 'b'.charCodeAt(0);
		await expect(decodeAwsChunked(tampered, signatures)).rejects.toMatchObject({
			s3Code: 'SignatureDoesNotMatch',
		});
		const wrongSignature = chunkedBody(
			[65536, 1024, 0],
			[CHUNK_SIGNATURES[0], SEED, CHUNK_SIGNATURES[2]],
		);
		await expect(decodeAwsChunked(wrongSignature, signatures)).rejects.toBeInstanceOf(S3Error);
	});

	it('reads an unsigned body’s trailer and refuses a truncated one', async () => {
		const unsigned = Buffer.from('5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n');
		const decoded = await decodeAwsChunked(unsigned);
		expect(Buffer.concat(decoded.chunks).toString()).toBe('hello');
		expect(decoded.trailers).toEqual({ 'x-amz-checksum-crc32': 'NhCmhg==' });
		await expect(decodeAwsChunked(Buffer.from('a\r\nhello'))).rejects.toMatchObject({
			s3Code: 'IncompleteBody',
		});
	});
});
