import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { boundedLines } from './bounded-lines.js';

const collect = async (chunks: (string | Buffer)[], max: number) => {
  const out = [];
  for await (const item of boundedLines(Readable.from(chunks), max)) out.push(item);
  return out;
};

describe('bounded lines', () => {
  it('splits across chunk boundaries and multi-byte characters, trimming \\r', async () => {
    const euro = Buffer.from('€');
    expect(await collect(['a\r\nb', 'c\n', euro.subarray(0, 1), Buffer.concat([euro.subarray(1), Buffer.from('\nlast')])], 10)).toEqual([{ line: 'a' }, { line: 'bc' }, { line: '€' }, { line: 'last' }]);
  });

  it('reports an overlong line by its length without keeping it, and carries on', async () => {
    expect(await collect(['ok\n', 'x'.repeat(8), 'x'.repeat(8), 'x\nnext\n', 'y'.repeat(30)], 10)).toEqual([{ line: 'ok' }, { tooLong: 17 }, { line: 'next' }, { tooLong: 30 }]);
  });
});
