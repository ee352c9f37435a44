/**
 * S3's multipart upload: CreateMultipartUpload (`POST ?uploads`), UploadPart (`PUT ?partNumber&uploadId`),
 * CompleteMultipartUpload (`POST ?uploadId`) and AbortMultipartUpload (`DELETE ?uploadId`).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html
 */
import { S3Error } from '../s3/errors';
import {
	authorizeS3,
	headerOf,
	metadataOf,
	s3Operation,
	sendEmpty,
	sendXml,
	uploadedBody,
} from '../s3/operation';
import { parseCompletedParts } from '../s3/xml';

const MAX_PART_NUMBER = 10000;

export const createMultipartUploadOperation = s3Operation('CreateMultipartUpload', (context) => {
	const { Bucket, Key } = context.params;
	authorizeS3(context, 'PutObject', Bucket, Key);
	const upload = context.state.objects.createUpload(Bucket, Key, {
		contentType: headerOf(context, 'content-type'),
		metadata: metadataOf(context),
	});
	sendXml(context, 'InitiateMultipartUploadResult', {
		Bucket,
		Key,
		UploadId: upload.uploadId,
	});
});

export const uploadPartOperation = s3Operation('UploadPart', async (context) => {
	const { Bucket, Key } = context.params;
	authorizeS3(context, 'PutObject', Bucket, Key);
	const partNumberText = context.query.get('partNumber') ?? '';
	const partNumber = Number(partNumberText);
	if (!/^\d+$/.test(partNumberText) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
		throw new S3Error(
			'InvalidArgument',
			`Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`,
			{ ArgumentName: 'partNumber', ArgumentValue: partNumberText },
		);
	}
	const upload = context.state.objects.upload(Bucket, Key, context.query.get('uploadId') ?? '');
	const part = context.state.objects.putPart(
		upload,
		partNumber,
		(await uploadedBody(context)).chunks,
	);
	sendEmpty(context, 200, { etag: part.etag });
});

export const completeMultipartUploadOperation = s3Operation(
	'CompleteMultipartUpload',
	(context) => {
		const { Bucket, Key } = context.params;
		authorizeS3(context, 'PutObject', Bucket, Key);
		const upload = context.state.objects.upload(Bucket, Key, context.query.get('uploadId') ?? '');
		const listed = parseCompletedParts(context.body.toString('utf8'));
		if (!listed) throw new S3Error('MalformedXML');
		const stored = context.state.objects.completeUpload(
			upload,
			listed,
			context.state.options.s3MinPartBytes,
		);
		sendXml(context, 'CompleteMultipartUploadResult', {
			Location: `/${Bucket}/${Key}`,
			Bucket,
			Key,
			ETag: stored.etag,
		});
	},
);

export const abortMultipartUploadOperation = s3Operation('AbortMultipartUpload', (context) => {
	const { Bucket, Key } = context.params;
	authorizeS3(context, 'AbortMultipartUpload', Bucket, Key);
	const upload = context.state.objects.upload(Bucket, Key, context.query.get('uploadId') ?? '');
	context.state.objects.abortUpload(upload);
	sendEmpty(context, 204);
});
