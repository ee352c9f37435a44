/**
 * Tiny, valid PNG and JPEG images for the image models' responses: 16×16 pixels in four 8×8
 * quadrants whose colours are drawn from a seed string, so the same prompt and seed always give
 * the same bytes. PNG is written with node:zlib; JPEG with a minimal baseline encoder (one 8×8 block
 * per component and quadrant, each a flat colour so only its DC coefficient is coded).
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

export type EmulatedImageFormat = 'png' | 'jpeg' | 'webp';

export const IMAGE_SIDE = 16;

type Rgb = [number, number, number];

/** The four quadrant colours (top-left, top-right, bottom-left, bottom-right) of a seed string. */
export function quadrantColours(seed: string): Rgb[] {
	const digest = createHash('sha256').update(seed).digest();
	return [0, 1, 2, 3].map((quadrant) => [
		digest[quadrant * 3],
		digest[quadrant * 3 + 1],
		digest[quadrant * 3 + 2],
	]);
}

function colourAt(colours: Rgb[], x: number, y: number): Rgb {
	const half = IMAGE_SIDE / 2;
	return colours[(y < half ? 0 : 2) + (x < half ? 0 : 1)];
}

const CRC_TABLE = Array.from({ length: 256 }, (_, index) => {
	let crc = index;
	for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
	return crc >>> 0;
});

function crc32(bytes: Buffer): number {
	let crc = 0xffffffff;
	for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(typed));
	return Buffer.concat([length, typed, crc]);
}

export function encodePng(colours: Rgb[]): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(IMAGE_SIDE, 0);
	header.writeUInt32BE(IMAGE_SIDE, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // colour type: RGB
	const rows: number[] = [];
	for (let y = 0; y < IMAGE_SIDE; y++) {
		rows.push(0); // filter: none
		for (let x = 0; x < IMAGE_SIDE; x++) rows.push(...colourAt(colours, x, y));
	}
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', header),
		pngChunk('IDAT', deflateSync(Buffer.from(rows), { level: 9 })),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

class BitWriter {
	private readonly bytes: number[] = [];
	private current = 0;
	private count = 0;

	write(value: number, length: number): void {
		for (let bit = length - 1; bit >= 0; bit--) {
			this.current = (this.current << 1) | ((value >> bit) & 1);
			this.count++;
			if (this.count === 8) this.flushByte();
		}
	}

	private flushByte(): void {
		this.bytes.push(this.current);
		// A 0xFF byte in entropy-coded data is followed by a stuffed zero.
		if (this.current === 0xff) this.bytes.push(0);
		this.current = 0;
		this.count = 0;
	}

	finish(): Buffer {
		while (this.count !== 0) this.write(1, 1);
		return Buffer.from(this.bytes);
	}
}

function segment(marker: number, data: number[]): Buffer {
	const length = data.length + 2;
	return Buffer.from([0xff, marker, length >> 8, length & 0xff, ...data]);
}

/** The DC difference's size category and its value bits (ones' complement for negatives). */
function dcBits(difference: number): { category: number; bits: number } {
	const magnitude = Math.abs(difference);
	const category = magnitude === 0 ? 0 : Math.floor(Math.log2(magnitude)) + 1;
	const bits = difference >= 0 ? difference : difference + (1 << category) - 1;
	return { category, bits };
}

function toYCbCr([red, green, blue]: Rgb): [number, number, number] {
	const clamp = (value: number) => Math.max(0, Math.min(255, Math.round(value)));
	return [
		clamp(0.299 * red + 0.587 * green + 0.114 * blue),
		clamp(128 - 0.168736 * red - 0.331264 * green + 0.5 * blue),
		clamp(128 + 0.5 * red - 0.418688 * green - 0.081312 * blue),
	];
}

/**
 * Baseline JPEG: quantisation table of ones; its own Huffman tables (DC: the 12 size categories,
 * each a 4-bit code; AC: only end-of-block, the 1-bit code 0). A flat 8×8 block's DC coefficient
 * is 8 × (sample − 128).
 */
export function encodeJpeg(colours: Rgb[]): Buffer {
	const jfif = [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
	const quantisation = [0, ...new Array<number>(64).fill(1)];
	const frame = [8, 0, IMAGE_SIDE, 0, IMAGE_SIDE, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0];
	const dcCounts = new Array<number>(16).fill(0);
	dcCounts[3] = 12;
	const dcTable = [0x00, ...dcCounts, ...Array.from({ length: 12 }, (_, index) => index)];
	const acCounts = new Array<number>(16).fill(0);
	acCounts[0] = 1;
	const acTable = [0x10, ...acCounts, 0x00];
	const scan = [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0];

	const writer = new BitWriter();
	const predictors = [0, 0, 0];
	// Quadrants in raster order are the four MCUs; each holds one block per component.
	for (const colour of colours) {
		const components = toYCbCr(colour);
		components.forEach((sample, component) => {
			const dc = 8 * (sample - 128);
			const { category, bits } = dcBits(dc - predictors[component]);
			predictors[component] = dc;
			writer.write(category, 4);
			if (category > 0) writer.write(bits, category);
			writer.write(0, 1); // end of block
		});
	}
	return Buffer.concat([
		Buffer.from([0xff, 0xd8]),
		segment(0xe0, jfif),
		segment(0xdb, quantisation),
		segment(0xc0, frame),
		segment(0xc4, dcTable),
		segment(0xc4, acTable),
		segment(0xda, scan),
		writer.finish(),
		Buffer.from([0xff, 0xd9]),
	]);
}

/**
 * The image for one generated result. WebP output is answered with a PNG-coded stand-in only where
 * a caller asks for it; the node offers PNG and JPEG.
 */
export function renderImage(seed: string, format: EmulatedImageFormat): Buffer {
	const colours = quadrantColours(seed);
	return format === 'jpeg' ? encodeJpeg(colours) : encodePng(colours);
}
