/** Image bytes: what format they are (by their signature), and the names and types they go out with. */

export type ImageKind = 'png' | 'jpeg' | 'webp';

const MIME_TYPES: Record<ImageKind, string> = {
	png: 'image/png',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
};

const EXTENSIONS: Record<ImageKind, string> = { png: 'png', jpeg: 'jpg', webp: 'webp' };

/** The image format of the bytes, from their signature (magic bytes); undefined when not an image Bedrock takes. */
export function sniffImageKind(bytes: Uint8Array): ImageKind | undefined {
	const starts = (...signature: number[]) =>
		signature.every((byte, index) => bytes[index] === byte);
	if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
	if (starts(0xff, 0xd8, 0xff)) return 'jpeg';
	const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
	if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
	return undefined;
}

export function mimeTypeOf(kind: ImageKind): string {
	return MIME_TYPES[kind];
}

export function extensionOf(kind: ImageKind): string {
	return EXTENSIONS[kind];
}

/** The binary property of the n-th image of an item: `data`, then `data_1`, `data_2`, ... */
export function imagePropertyName(index: number): string {
	return index === 0 ? 'data' : `data_${index}`;
}

/**
 * The model's short name for file names: the base model ID without provider and version, e.g.
 * `sd3-5-large` for `stability.sd3-5-large-v1:0`, `nova-canvas` for `amazon.nova-canvas-v1:0`.
 */
export function modelShortName(baseModelId: string): string {
	const withoutProvider = baseModelId.slice(baseModelId.indexOf('.') + 1);
	return withoutProvider.replace(/-v\d+(?::\d+)?$/, '').replace(/[^a-z0-9-]+/gi, '-');
}

/** `<model>-<seed>.<ext>`, with `-<n>` when one call gave several images of one seed. */
export function imageFileName(
	baseModelId: string,
	seed: number | undefined,
	kind: ImageKind,
	suffix?: number,
): string {
	const parts = [modelShortName(baseModelId), seed === undefined ? 'image' : String(seed)];
	if (suffix !== undefined) parts.push(String(suffix));
	return `${parts.join('-')}.${extensionOf(kind)}`;
}

/**
 * The file names of an item's images: `<model>-<seed>.<ext>`, numbered `-1`, `-2`, ... where several
 * images share a seed (Amazon's models make several from one seed).
 */
export function imageFileNames(
	baseModelId: string,
	images: ReadonlyArray<{ seed: number | undefined; kind: ImageKind }>,
): string[] {
	const key = (seed: number | undefined) => String(seed ?? 'none');
	const perSeed = new Map<string, number>();
	for (const image of images) perSeed.set(key(image.seed), (perSeed.get(key(image.seed)) ?? 0) + 1);
	const seen = new Map<string, number>();
	return images.map((image) => {
		const nth = (seen.get(key(image.seed)) ?? 0) + 1;
		seen.set(key(image.seed), nth);
		const shared = (perSeed.get(key(image.seed)) ?? 0) > 1;
		return imageFileName(baseModelId, image.seed, image.kind, shared ? nth : undefined);
	});
}
