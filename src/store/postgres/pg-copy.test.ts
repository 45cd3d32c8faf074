import { describe, expect, it } from 'vitest';
import { scratchSchema } from '../contract/scratch-schema.js';
import { JsonText } from '../../core/json-text.js';
import { onConnection } from './connect.js';
import { CopyBinaryRows, CopyBuffers, copyIn, copyOn } from './pg-copy.js';

describe('COPY in binary format', () => {
  const scratch = scratchSchema();
  const { schema } = scratch;

  it('reads back every field type as written, edge values and NULLs included, and refuses an integer the column cannot hold', async () => {
    const pool = await scratch.open();
    await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await pool.query('CREATE TABLE copied (n INTEGER, t TEXT, big BIGINT, small INTEGER, f DOUBLE PRECISION, b BOOLEAN, j JSONB)');
    const sql = 'COPY copied (n, t, big, small, f, b, j) FROM STDIN (FORMAT binary)';
    const bigs = [0, -1, 2 ** 32, -(2 ** 32) - 1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2.5];
    // Many rows, so the writer's buffer grows past its first size.
    const long = 'x'.repeat(300_000);
    const rows = new CopyBinaryRows();
    bigs.forEach((big, i) => rows.row(7).int4(i).text(i === 0 ? 'tab\there\\ line\nbreak é 😀' : long).int8(big).int4(-(2 ** 31)).float8(-0.25).bool(i % 2 === 0).jsonb({ a: [i, 'x"y\\z'] }));
    rows.row(7).int4(100).text('nul\u0000 lone\ud800').null().int4(null).float8(null).null().jsonb(new JsonText('{"s":"\\u0000","e":"caf\\u00e9"}'));
    // Short text is written by the row writer's own loop while it is ASCII, longer or other text by the runtime.
    rows.row(7).int4(102).text('short ascii').null().null().null().null().jsonb(new JsonText('"x"'));
    rows.row(7).int4(103).text('').null().null().null().null().jsonb(new JsonText('"y"'));
    rows.row(7).int4(101).text(null).int8(Number.NaN).int4(2 ** 31 - 1).float8(1e300).bool(false).jsonb(null);
    await copyIn(pool, sql, rows.end());
    const { rows: back } = await pool.query('SELECT n, t, big::text AS big, small, f, b, j FROM copied ORDER BY n');
    expect(back.map((r) => r.big)).toEqual(['0', '-1', '4294967296', '-4294967297', '9007199254740991', '-9007199254740991', '3', null, '0', null, null]);
    expect(back[0]).toEqual({ n: 0, t: 'tab\there\\ line\nbreak é 😀', big: '0', small: -(2 ** 31), f: -0.25, b: true, j: { a: [0, 'x"y\\z'] } });
    expect(back[1]?.t).toBe(long);
    expect(back[7]).toEqual({ n: 100, t: 'nul\ufffd lone\ufffd', big: null, small: null, f: null, b: null, j: { s: '\ufffd', e: 'café' } });
    expect(back.slice(9).map((r) => [r.t, r.j])).toEqual([['short ascii', 'x'], ['', 'y']]);
    expect(back[8]).toEqual({ n: 101, t: null, big: '0', small: 2 ** 31 - 1, f: 1e300, b: false, j: null });
    expect(() => new CopyBinaryRows().row(1).int8(2 ** 63)).toThrow(expect.objectContaining({ code: '22003' }));
    expect(() => new CopyBinaryRows().row(1).int4(2 ** 31)).toThrow(expect.objectContaining({ code: '22003' }));
  });

  it('writes word lists as wordListText does, into kept buffers that grow when a batch needs more', async () => {
    const pool = await scratch.open();
    await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await pool.query('CREATE TABLE word_lists (n INTEGER, w TEXT)');
    const sql = 'COPY word_lists (n, w) FROM STDIN (FORMAT binary)';
    const buffers = new CopyBuffers();
    const many = Array.from({ length: 40_000 }, (_, i) => `w${i}`);
    const lists = [['refund', 'policy'], [], ['café', 'naïve', 'x'], many, ['日本語', 'ok']];
    // The first batch grows its buffer past 256 kB; the second is written into that buffer, over the first's bytes.
    for (const [batch, from] of [[lists, 0], [lists.slice(0, 3).reverse(), 10]] as const) {
      const rows = new CopyBinaryRows(buffers.take());
      batch.forEach((words, i) => rows.row(2).int4(from + i).wordList(new Set(words)));
      await copyIn(pool, sql, rows.end());
      buffers.give(rows.storage);
    }
    const { rows: back } = await pool.query<{ n: number; w: string }>('SELECT n, w FROM word_lists ORDER BY n');
    expect(back.map((r) => r.n)).toEqual([0, 1, 2, 3, 4, 10, 11, 12]);
    expect(back.map((r) => (r.n === 3 ? r.w.length : r.w))).toEqual([' refund policy ', ' ', ' café naïve x ', ` ${many.join(' ')} `.length, ' 日本語 ok ', ' café naïve x ', ' ', ' refund policy ']);
    expect(back[3]?.w).toBe(` ${many.join(' ')} `);
  });

  it('writes text arrays and tsvectors the server reads as their text forms would be, sorting words that arrive out of its order', async () => {
    const pool = await scratch.open();
    await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await pool.query('CREATE TABLE blocks (n INTEGER, ids TEXT[], words tsvector)');
    const sql = 'COPY blocks (n, ids, words) FROM STDIN (FORMAT binary)';
    // Sorted as JavaScript sorts (UTF-16): '𝔸' (U+1D538) before 'ｚ' (U+FF5A), which UTF-8 byte order reverses.
    const vocabulary = ['0', 'a', 'ab', 'b', 'café', 'été', '日本', '𝔸', 'ｚ'];
    const many = Array.from({ length: 20_000 }, (_, i) => `id_${i}`);
    const rows = new CopyBinaryRows();
    rows.row(3).int4(0).textArray(['tr_1', 'b\\"q', 'é', '']).tsvector([0, 1, 2, 3, 4, 5, 6], vocabulary);
    rows.row(3).int4(1).textArray([]).tsvector([], vocabulary);
    rows.row(3).int4(2).textArray(['nul\u0000']).tsvector([7, 8], vocabulary);
    // Past the first buffer: the array and the words grow it mid-field.
    rows.row(3).int4(3).textArray(many).tsvector(Int32Array.from({ length: 6 }, (_, i) => i), vocabulary);
    await copyIn(pool, sql, rows.end());
    const { rows: back } = await pool.query<{ n: number; ids: string[]; words: string; len: number; found: boolean }>(
      "SELECT n, ids, words::text AS words, length(words) AS len, words @@ 'ｚ & 𝔸'::tsquery AS found FROM blocks ORDER BY n",
    );
    expect(back[0]).toEqual({ n: 0, ids: ['tr_1', 'b\\"q', 'é', ''], words: "'0' 'a' 'ab' 'b' 'café' 'été' '日本'", len: 7, found: false });
    expect(back[1]).toEqual({ n: 1, ids: [], words: '', len: 0, found: false });
    expect(back[2]).toEqual({ n: 2, ids: ['nul\ufffd'], words: "'ｚ' '𝔸'", len: 2, found: true });
    expect(back[3]?.ids).toEqual(many);
    expect(back[3]?.words).toBe("'0' 'a' 'ab' 'b' 'café' 'été'");
  });

  it('copies several tables in one round trip and one transaction: a failing part stores none, and the connection answers the next query', async () => {
    const pool = await scratch.open();
    await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await pool.query('CREATE TABLE parts_a (n INTEGER PRIMARY KEY); CREATE TABLE parts_b (t TEXT)');
    const a = (...ns: number[]) => ({ sql: 'COPY parts_a (n) FROM STDIN (FORMAT binary)', rows: ns.reduce((rows, n) => rows.row(1).int4(n), new CopyBinaryRows()).end() });
    const b = (...ts: string[]) => ({ sql: 'COPY parts_b (t) FROM STDIN', rows: ts.map((t) => `${t}\n`).join('') });
    const counts = async () => (await pool.query<{ a: number; b: number }>('SELECT (SELECT count(*)::int FROM parts_a) AS a, (SELECT count(*)::int FROM parts_b) AS b')).rows[0];
    await onConnection(pool, async (client) => {
      await copyOn(client, [a(1, 2), b('x', 'y')]);
      expect(await counts()).toEqual({ a: 2, b: 2 });
      // The second part fails (an id already stored): the first part's row is rolled back with it.
      await expect(copyOn(client, [b('z'), a(3, 1)])).rejects.toMatchObject({ code: '23505' });
      expect(await counts()).toEqual({ a: 2, b: 2 });
      // The first part fails: the server drops the second part's data sent after it, and the same connection goes on.
      await expect(copyOn(client, [b('w'), { sql: 'COPY parts_missing (n) FROM STDIN', rows: '1\n' }, a(4)])).rejects.toMatchObject({ code: '42P01' });
      await expect(copyOn(client, [{ sql: 'COPY parts_a (n) FROM STDIN', rows: 'not a number\n' }, b('v')])).rejects.toMatchObject({ code: '22P02' });
      expect((await client.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await copyOn(client, 'COPY parts_a (n) FROM STDIN', '5\n');
    });
    expect(await counts()).toEqual({ a: 3, b: 2 });
  });
});
