/**
 * An image's width and height from its first bytes (PNG, JPEG, GIF, WebP), without decoding it.
 * OpenAI and Gemini charge an image by its size, so a local token count needs the dimensions; an
 * image library would decode the whole picture (none is installed: `image-size` is not in
 * node_modules), while each format states its size in a header of a few dozen bytes (a JPEG's in
 * its frame marker, after any EXIF block).
 */

export interface ImageSize {
  width: number;
  height: number;
}

/**
 * How much of the image is decoded, in turn: PNG, GIF and WebP state their size in the first 30
 * bytes, most JPEGs within 4 KB; a JPEG's frame header follows its APP segments, and EXIF with a
 * thumbnail runs to 64 KB each. A count never decodes a whole large photo (a 3 MB JPEG whose
 * frame header is 60 KB in took 0.2-0.4 ms decoding 256 KB at once; 4 KB first is what most take).
 */
const HEADER_READS = [4 * 1024, 96 * 1024, 256 * 1024];

/**
 * The size of a `data:` URL's image, or undefined for another URL, another format or a header
 * that does not parse.
 *
 * @example imageSizeOfDataUrl('data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==') // { width: 1, height: 1 }
 */
export function imageSizeOfDataUrl(url: string): ImageSize | undefined {
  if (!url.startsWith('data:')) return undefined;
  const comma = url.indexOf(',');
  if (comma < 0 || !url.slice(0, comma).endsWith(';base64')) return undefined;
  return sizeOfBase64From(url, comma + 1);
}

/**
 * The size of an image given as base64 (an Anthropic `source.data`, a Gemini `inlineData.data`),
 * or undefined for a header that does not parse.
 *
 * @example imageSizeOfBase64('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==') // { width: 1, height: 1 }
 */
export function imageSizeOfBase64(data: string): ImageSize | undefined {
  return sizeOfBase64From(data, 0);
}

/** The size of the image whose base64 starts at `start` in `text`, decoding only the head it needs. */
function sizeOfBase64From(text: string, start: number): ImageSize | undefined {
  const available = text.length - start;
  for (const bytes of HEADER_READS) {
    // Whole 4-character groups only, so the prefix decodes to exactly the image's first bytes.
    const chars = Math.min(available, Math.floor(bytes / 3) * 4);
    const head = Buffer.from(text.slice(start, start + chars - (chars % 4)), 'base64');
    const size = imageSize(head);
    // Only a JPEG's header can lie further in; a whole image read is all there is.
    if (size || chars === available || !(head[0] === 0xff && head[1] === 0xd8)) return size;
  }
  return undefined;
}

/**
 * The size stated in an image's header.
 *
 * @example imageSize(Buffer.from('GIF89a\x02\x00\x03\x00', 'latin1')) // { width: 2, height: 3 }
 */
export function imageSize(bytes: Buffer): ImageSize | undefined {
  if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.toString('latin1', 12, 16) === 'IHDR') {
    return sized(bytes.readUInt32BE(16), bytes.readUInt32BE(20));
  }
  if (bytes.length >= 10 && bytes.toString('latin1', 0, 4) === 'GIF8') return sized(bytes.readUInt16LE(6), bytes.readUInt16LE(8));
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) return jpegSize(bytes);
  if (bytes.length >= 30 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return webpSize(bytes);
  return undefined;
}

/** The first start-of-frame marker's size: SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
function jpegSize(bytes: Buffer): ImageSize | undefined {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1] as number;
    // Fill bytes (FF FF…) may pad between segments.
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return sized(bytes.readUInt16BE(at + 7), bytes.readUInt16BE(at + 5));
    }
    at += 2 + bytes.readUInt16BE(at + 2);
  }
  return undefined;
}

/** Lossy (VP8), lossless (VP8L) and extended (VP8X) WebP headers. */
function webpSize(bytes: Buffer): ImageSize | undefined {
  const chunk = bytes.toString('latin1', 12, 16);
  if (chunk === 'VP8X') return sized(1 + bytes.readUIntLE(24, 3), 1 + bytes.readUIntLE(27, 3));
  if (chunk === 'VP8L' && bytes[20] === 0x2f) {
    const bits = bytes.readUInt32LE(21);
    return sized(1 + (bits & 0x3fff), 1 + ((bits >> 14) & 0x3fff));
  }
  if (chunk === 'VP8 ' && bytes.readUIntBE(23, 3) === 0x9d012a) return sized(bytes.readUInt16LE(26) & 0x3fff, bytes.readUInt16LE(28) & 0x3fff);
  return undefined;
}

/**
 * Pillow's decompression-bomb limit (`Image.MAX_IMAGE_PIXELS`, ~179 megapixels): a header claiming
 * more is no photo a provider would read, only 24 bytes that would count as billions of tokens; such
 * a size is treated as unknown, so each counter uses its documented fallback.
 */
const MAX_PIXELS = 178_956_970;

function sized(width: number, height: number): ImageSize | undefined {
  return width > 0 && height > 0 && width * height <= MAX_PIXELS ? { width, height } : undefined;
}
