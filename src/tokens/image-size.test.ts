import { describe, expect, it } from 'vitest';
import { pngImage as png } from '../test-support/png-image.js';
import { imageSize, imageSizeOfDataUrl } from './image-size.js';

/** A JPEG's segments up to its frame header: JFIF, an EXIF block of `exifBytes`, a quantisation table, then SOF2 (progressive). */
function jpeg(width: number, height: number, exifBytes = 0): Buffer {
  const segment = (marker: number, body: Buffer) => {
    const head = Buffer.from([0xff, marker, 0, 0]);
    head.writeUInt16BE(body.length + 2, 2);
    return Buffer.concat([head, body]);
  };
  const frame = Buffer.from([8, 0, 0, 0, 0, 1, 1, 0x11, 0]);
  frame.writeUInt16BE(height, 1);
  frame.writeUInt16BE(width, 3);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    ...(exifBytes > 0 ? [segment(0xe1, Buffer.alloc(exifBytes))] : []),
    segment(0xdb, Buffer.alloc(65)),
    segment(0xc2, frame),
  ]);
}

/** A PNG's signature and IHDR chunk only: the bytes a size is read from, without the pixels. */
function pngHead(width: number, height: number): Buffer {
  const head = Buffer.from(png(1, 1).subarray(0, 33));
  head.writeUInt32BE(width, 16);
  head.writeUInt32BE(height, 20);
  return head;
}

function webp(chunk: string, body: Buffer): Buffer {
  const head = Buffer.alloc(20);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(12 + body.length, 4);
  head.write('WEBP', 8, 'latin1');
  head.write(chunk, 12, 'latin1');
  head.writeUInt32LE(body.length, 16);
  return Buffer.concat([head, body, Buffer.alloc(16)]);
}

const dataUrl = (type: string, bytes: Buffer) => `data:${type};base64,${bytes.toString('base64')}`;

describe('imageSize', () => {
  it('reads PNG, GIF and JPEG sizes, a JPEG’s frame header after a large EXIF block', () => {
    expect(imageSize(png(1800, 2400))).toEqual({ width: 1800, height: 2400 });
    expect(imageSize(Buffer.from('GIF89a\x40\x01\xc8\x00\x00\x00\x00', 'latin1'))).toEqual({ width: 320, height: 200 });
    expect(imageSize(jpeg(4032, 3024))).toEqual({ width: 4032, height: 3024 });
    expect(imageSize(jpeg(640, 480, 60_000))).toEqual({ width: 640, height: 480 });
  });

  it('reads the three kinds of WebP header', () => {
    const lossy = Buffer.from([0, 0, 0, 0x9d, 0x01, 0x2a, 0, 0, 0, 0]);
    lossy.writeUInt16LE(1024, 6);
    lossy.writeUInt16LE(768, 8);
    expect(imageSize(webp('VP8 ', lossy))).toEqual({ width: 1024, height: 768 });
    const lossless = Buffer.alloc(5);
    lossless[0] = 0x2f;
    lossless.writeUInt32LE((500 - 1) | ((300 - 1) << 14), 1);
    expect(imageSize(webp('VP8L', lossless))).toEqual({ width: 500, height: 300 });
    const extended = Buffer.alloc(10);
    extended.writeUIntLE(2000 - 1, 4, 3);
    extended.writeUIntLE(3000 - 1, 7, 3);
    expect(imageSize(webp('VP8X', extended))).toEqual({ width: 2000, height: 3000 });
  });

  it('gives nothing for other bytes, a cut header or a zero size', () => {
    expect(imageSize(Buffer.from('%PDF-1.7 not an image'))).toBeUndefined();
    expect(imageSize(png(10, 10).subarray(0, 20))).toBeUndefined();
    expect(imageSize(png(0, 10))).toBeUndefined();
    expect(imageSize(jpeg(100, 100).subarray(0, 30))).toBeUndefined();
  });

  it('treats a header claiming more pixels than a decoder accepts as an unknown size', () => {
    // 24 bytes claiming 4,294,967,295 × 1 px counted as 4.3 billion Gemini tokens before.
    expect(imageSize(pngHead(0xffffffff, 1))).toBeUndefined();
    expect(imageSize(pngHead(20_000, 20_000))).toBeUndefined();
    expect(imageSize(pngHead(13_000, 13_000))).toEqual({ width: 13_000, height: 13_000 });
    expect(imageSize(jpeg(65_535, 2_730))).toEqual({ width: 65_535, height: 2_730 });
  });
});

describe('imageSizeOfDataUrl', () => {
  it('reads a base64 data: URL and nothing else', () => {
    expect(imageSizeOfDataUrl(dataUrl('image/png', png(1024, 1024)))).toEqual({ width: 1024, height: 1024 });
    expect(imageSizeOfDataUrl(dataUrl('image/jpeg', jpeg(300, 200)))).toEqual({ width: 300, height: 200 });
    expect(imageSizeOfDataUrl('https://example.com/cat.png')).toBeUndefined();
    expect(imageSizeOfDataUrl('data:image/png,not-base64')).toBeUndefined();
  });

  it('decodes only the head of a large image', () => {
    // 3 MB of image data after a 60 KB EXIF block and the header: the size comes from the first 96 KB.
    const big = Buffer.concat([jpeg(6000, 4000, 60_000), Buffer.alloc(3_000_000, 7)]);
    expect(imageSizeOfDataUrl(dataUrl('image/jpeg', big))).toEqual({ width: 6000, height: 4000 });
  });
});
