import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { routellmRecords } from './__fixtures__/routellm.js';
import { decodeVarints, encodeVarints } from './binary-codec.js';
import { loadRouter, serializeRouter } from './router-file.js';
import { trainRouter } from './train-router.js';

const router = trainRouter(routellmRecords('gsm8k').slice(0, 400), { seed: 1, clock: { now: () => 0, sleep: async () => {} } });
const bytes = serializeRouter(router);
const file = () => JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, Record<string, unknown>>;
const asBytes = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('loadRouter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-router-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file by path and by bytes alike', () => {
    const path = join(dir, 'gsm8k.router.json');
    writeFileSync(path, bytes);
    const prompt = 'Tom has 3 apples and buys 4 more. How many apples does he have?';
    expect(loadRouter(path).score(prompt)).toBe(router.score(prompt));
  });

  it('refuses a missing file, naming its path', () => {
    expect(() => loadRouter(join(dir, 'nope.json'))).toThrow(`router file ${join(dir, 'nope.json')}: cannot read it: no such file`);
  });

  it('refuses a file that is not a router, or from another version', () => {
    const path = join(dir, 'other.json');
    writeFileSync(path, '{"format":"switchyard-local-model","version":1}');
    expect(() => loadRouter(path)).toThrow(`router file ${path}: format: expected "switchyard-router", got "switchyard-local-model"`);
    expect(() => loadRouter(asBytes({ ...file(), version: 2 }))).toThrow('version 2 is not readable by this Switchyard (it reads version 1); retrain or upgrade');
    expect(() => loadRouter(Buffer.from('\u0000\u0001garbage'))).toThrow('router file (bytes): not JSON');
  });

  it('refuses a truncated or corrupted file, naming the field', () => {
    const f = file();
    const vocabulary = f.vocabulary as { ids: string; df: string; size: number };
    expect(() => loadRouter(asBytes({ ...f, vocabulary: { ...vocabulary, ids: vocabulary.ids.slice(0, 100) } }))).toThrow('vocabulary.ids: does not decode to');
    expect(() => loadRouter(asBytes({ ...f, vocabulary: { ...vocabulary, size: vocabulary.size + 1 } }))).toThrow(/vocabulary\.(ids|df): does not decode/);
    const heads = f.heads as Record<string, { weights: string; bias: number }>;
    const strong = heads.strong as { weights: string; bias: number };
    expect(() => loadRouter(asBytes({ ...f, heads: { ...heads, strong: { ...strong, weights: strong.weights.slice(8) } } }))).toThrow('heads.strong.weights: does not decode to');
    expect(() => loadRouter(asBytes({ ...f, heads: { ...heads, strong: { ...strong, bias: 'high' } } }))).toThrow('heads.strong.bias: expected number, got "high"');
    expect(() => loadRouter(asBytes({ ...f, heads: { gap: heads.gap } }))).toThrow('heads.weak: expected object, got nothing');
    expect(() => loadRouter(asBytes({ ...f, extra: 1 }))).toThrow('(root): unknown field "extra"');
    const validation = f.validation as { curve: unknown[] };
    expect(() => loadRouter(asBytes({ ...f, validation: { ...validation, curve: [...validation.curve].reverse() } }))).toThrow('strong share goes down');
  });

  it('refuses ids that are not strictly ascending, even when they decode', () => {
    const f = file();
    const vocabulary = f.vocabulary as { ids: string; size: number };
    const ids = decodeVarints(vocabulary.ids, vocabulary.size, true) as Int32Array;
    // Deltas with the second one 0: the second id repeats the first.
    const deltas = Array.from(ids, (id, i) => (i === 0 ? id : i === 1 ? 0 : id - (ids[i - 1] as number)));
    const corrupt = { ...f, vocabulary: { ...vocabulary, ids: encodeVarints(deltas, false) } };
    expect(() => loadRouter(asBytes(corrupt))).toThrow('vocabulary.ids[1]');
  });
});
