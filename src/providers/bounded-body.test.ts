import { describe, expect, it } from 'vitest';
import { boundedText } from './bounded-body.js';

/** A body of `chunks`, as undici's reads: iterable, with text() and destroy(), recording what was read. */
function body(chunks: string[], headers: Record<string, string> = {}) {
  const seen = { read: 0, destroyed: false };
  const buffers = chunks.map((c) => Buffer.from(c));
  return {
    seen,
    upstream: {
      headers,
      body: {
        async *[Symbol.asyncIterator]() {
          for (const b of buffers) {
            seen.read += 1;
            yield b;
          }
        },
        text: async () => {
          seen.read = buffers.length;
          return Buffer.concat(buffers).toString('utf8');
        },
        destroy: () => {
          seen.destroyed = true;
        },
      },
    },
  };
}

describe('boundedText', () => {
  it('reads a body within the bound whole, declared or not, multi-byte characters split across chunks included', async () => {
    expect(await boundedText(body(['{"a":', '1}'], { 'content-length': '7' }).upstream, 10)).toBe('{"a":1}');
    const euro = Buffer.from('€');
    const split = body([]);
    split.upstream.body[Symbol.asyncIterator] = async function* () {
      yield euro.subarray(0, 1);
      yield euro.subarray(1);
    };
    expect(await boundedText(split.upstream, 10)).toBe('€');
  });

  it('refuses a declared length past the bound before reading a byte, and closes the body', async () => {
    const { upstream, seen } = body(['x'], { 'content-length': '11' });
    await expect(boundedText(upstream, 10)).rejects.toMatchObject({ code: 'upstream_error', status: 502, message: expect.stringContaining('declared 11 bytes, more than 10 bytes') });
    expect(seen).toEqual({ read: 0, destroyed: true });
  });

  it('stops a body of unknown length at the chunk that passes the bound', async () => {
    const { upstream, seen } = body(['12345', '67890', 'x', 'never read']);
    await expect(boundedText(upstream, 10)).rejects.toMatchObject({ code: 'upstream_error', message: expect.stringContaining('more than 10 bytes') });
    expect(seen).toEqual({ read: 3, destroyed: true });
    expect(await boundedText(body(['12345', '67890']).upstream, 10)).toBe('1234567890');
  });
});
