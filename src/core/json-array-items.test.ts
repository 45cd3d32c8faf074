import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type ArrayItem, JsonArraySplitter, jsonArrayItemsOf, startsJsonArray, streamJsonArrayItems } from './json-array-items.js';
import { fuzzRuns } from '../test-support/fuzz-runs.js';

/** The items and shape error of `bytes` fed in the chunks cut at `cuts`. */
function splitAt(bytes: Buffer, cuts: number[], maxItemBytes?: number): { items: ArrayItem[]; shape?: { offset: number; error: string } } {
  const items: ArrayItem[] = [];
  let shape: { offset: number; error: string } | undefined;
  const splitter = new JsonArraySplitter((item) => void items.push(item), (error) => void (shape = error), maxItemBytes);
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    splitter.write(bytes.subarray(from, cut));
    from = cut;
  }
  splitter.write(bytes.subarray(from));
  splitter.end();
  return shape ? { items, shape } : { items };
}

describe('JsonArraySplitter', () => {
  it('reads each item with its place and first byte, through a byte order mark, pretty-printing, and strings holding brackets, commas and escapes', () => {
    const text = '\uFEFF\n[\n  {"input": "a [b], {c}", "n": 1},\n  "q\\"uote\\\\",\n  [1, [2]],\n  null\n]\n';
    expect(jsonArrayItemsOf(text)).toEqual({
      items: [
        { index: 0, offset: 8, value: { input: 'a [b], {c}', n: 1 } },
        { index: 1, offset: 43, value: 'q"uote\\' },
        { index: 2, offset: 58, value: [1, [2]] },
        { index: 3, offset: 70, value: null },
      ],
    });
    expect(jsonArrayItemsOf('[]')).toEqual({ items: [] });
  });

  it('reads the same items however the bytes are cut into chunks (a cut inside a string, an escape, a multi-byte character)', () => {
    const value = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(fc.array(value, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }), fc.boolean(), (items, cuts, pretty) => {
        const bytes = Buffer.from(JSON.stringify(items, null, pretty ? 2 : undefined));
        const read = splitAt(bytes, cuts.map((c) => c % (bytes.length + 1)));
        expect(read.shape).toBeUndefined();
        expect(read.items.map((item) => ('value' in item ? item.value : item.error))).toEqual(JSON.parse(bytes.toString()));
      }),
      { numRuns: fuzzRuns(400) },
    );
  });

  it('refuses an item over the bound by its place and size without keeping it, and reads the items after it', () => {
    const big = `{"input": "${'x'.repeat(5_000)}"}`;
    const read = splitAt(Buffer.from(`[{"input": "a"}, ${big}, {"input": "b"}]`), [100, 200, 3000], 1_000);
    expect(read.items).toEqual([
      { index: 0, offset: 1, value: { input: 'a' } },
      { index: 1, offset: 17, error: `${big.length} bytes, more than the limit of 1000 bytes an item may hold: shorten its fields or leave them out of the file` },
      { index: 2, offset: 19 + big.length, value: { input: 'b' } },
    ]);
  });

  it('names a malformed item and reads on; bytes that are not UTF-8 by their offset in the file', () => {
    const bytes = Buffer.concat([Buffer.from('[{"a": tru}, {"a": "caf'), Buffer.from([0xe9]), Buffer.from('"}, 3]')]);
    const { items } = splitAt(bytes, []);
    expect(items[0]).toMatchObject({ index: 0, offset: 1, error: expect.stringMatching(/^not valid JSON \(/) });
    expect(items[1]).toEqual({ index: 1, offset: 13, error: 'not valid UTF-8 at byte 10 of the value (0xE9) (byte 23 of the file); save it as UTF-8 (e.g. iconv -f latin1 -t utf-8)' });
    expect(items[2]).toEqual({ index: 2, offset: 28, value: 3 });
  });

  it('stops at what makes the file not one array, naming the byte', () => {
    expect(jsonArrayItemsOf('[1,,2]').shape).toEqual({ offset: 3, error: 'expected an item at byte 3, found ","' });
    expect(jsonArrayItemsOf('[1, 2,\n]').shape).toEqual({ offset: 7, error: 'expected an item at byte 7, found "]"' });
    expect(jsonArrayItemsOf('[1]\n[2]').shape).toEqual({ offset: 4, error: 'text after the array\'s closing "]" at byte 4 ("["): the file must hold one array' });
    expect(jsonArrayItemsOf('{"data": []}').shape?.error).toBe('the file does not start with "[" but with "{": write one array of objects, or one object per line (JSONL)');
    expect(jsonArrayItemsOf('[{"a": 1}, {"b": "open').shape).toEqual({ offset: 22, error: 'the array is never closed: the file ends at byte 22 inside item 2 of the array (byte 11), in a string that is never closed; end it with "]"' });
  });

  it('knows an array by its first bytes', () => {
    expect(startsJsonArray(Buffer.from('\uFEFF \n\t['))).toBe(true);
    expect(startsJsonArray(Buffer.from('{"a": [1]}'))).toBe(false);
    expect(startsJsonArray(Buffer.from(''))).toBe(false);
  });
});

describe('streamJsonArrayItems', () => {
  it('yields items as chunks arrive, reports the bytes read, and reads nothing past a shape error', async () => {
    const read: number[] = [];
    let pulled = 0;
    async function* chunks() {
      for (const chunk of ['[{"a": 1},', ' {"a": 2}]', ' x', ' never read']) {
        pulled++;
        yield Buffer.from(chunk);
      }
    }
    const items = [];
    for await (const item of streamJsonArrayItems(chunks(), { onBytes: (bytes) => read.push(bytes) })) items.push(item);
    expect(items).toEqual([{ index: 0, offset: 1, value: { a: 1 } }, { index: 1, offset: 11, value: { a: 2 } }, { shape: { offset: 21, error: 'text after the array\'s closing "]" at byte 21 ("x"): the file must hold one array' } }]);
    expect(read).toEqual([10, 20, 22]);
    expect(pulled).toBe(3);
    const fromStream = [];
    for await (const item of streamJsonArrayItems(Readable.from([Buffer.from('[true]')]))) fromStream.push(item);
    expect(fromStream).toEqual([{ index: 0, offset: 1, value: true }]);
  });
});
