import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStores } from '../../store/sqlite/open-sqlite-stores.js';
import { importDatasetFile } from './import-dataset.js';
import { structParquet } from '../../test-support/struct-parquet.js';
import { MAX_LINE_BYTES } from '../../core/data-text.js';

const dir = mkdtempSync(join(tmpdir(), 'sy-parquet-dataset-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, options: Parameters<typeof parquetWriteBuffer>[0]) => {
  const path = join(dir, name);
  writeFileSync(path, new Uint8Array(parquetWriteBuffer(options)));
  return path;
};
const huggingface = { key: 'huggingface', value: JSON.stringify({ info: { features: { input: { dtype: 'string', _type: 'Value' }, expected: { names: ['negative', 'positive'], _type: 'ClassLabel' } } } }) };

describe('importing a Parquet dataset (snappy, as the Hugging Face hub serves it)', () => {
  it('reads its columns as a CSV header\'s: ClassLabel integers as their names, an int64 score as a number, other columns as metadata', async () => {
    const path = write('reviews.parquet', {
      columnData: [
        { name: 'Input', data: ['great phone', 'broke in a day', 'fine'], type: 'STRING' },
        { name: 'expected', data: [1n, 0n, null], type: 'INT64' },
        { name: 'human_score', data: [5n, 1n, 3n], type: 'INT64' },
        { name: 'stars', data: [5n, 1n, 3n], type: 'INT64' },
      ],
      kvMetadata: [huggingface],
    });
    const result = await importDatasetFile(openSqliteStores(':memory:').datasets, path, { name: 'reviews' });
    expect(result.classLabels).toEqual(['expected']);
    expect(result.version.itemCount).toBe(3);
    const { items } = await openStoreWith(path);
    expect(items.map(({ input, expected, humanScore, metadata }) => ({ input, expected, humanScore, metadata }))).toEqual([
      { input: 'great phone', expected: 'positive', humanScore: 5, metadata: { stars: '5' } },
      { input: 'broke in a day', expected: 'negative', humanScore: 1, metadata: { stars: '1' } },
      { input: 'fine', expected: undefined, humanScore: 3, metadata: { stars: '3' } },
    ]);
  });

  it('names a missing input column with the columns found, and a corrupt file by what the reader said', async () => {
    const store = openSqliteStores(':memory:').datasets;
    const noInput = write('no-input.parquet', { columnData: [{ name: 'text', data: ['a'], type: 'STRING' }, { name: 'label', data: [1n], type: 'INT64' }] });
    await expect(importDatasetFile(store, noInput)).rejects.toThrow(`${noInput}: the Parquet file needs an "input" column (columns found: text (string), label (int64))`);
    const corrupt = join(dir, 'corrupt.parquet');
    writeFileSync(corrupt, 'PAR1 this is not the rest of a parquet file');
    await expect(importDatasetFile(store, corrupt)).rejects.toThrow(`${corrupt}: not a readable Parquet file (parquet file invalid (footer != PAR1))`);
  });

  it('refuses, naming the file and what it holds, a name that claims Parquet or another binary format its bytes are not, and a binary format no dataset is read from', async () => {
    const store = openSqliteStores(':memory:').datasets;
    const file = (name: string, content: string | Uint8Array) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    };
    const rename = 'not imported; rename it to what it holds (e.g. .csv or .jsonl) to import it as such, or get the real file again';
    // Before: "not a readable Parquet file (parquet file invalid (footer != PAR1))", whatever it held.
    const page = file('train.parquet', '<!DOCTYPE html><html><body>Sign in to continue</body></html>');
    await expect(importDatasetFile(store, page)).rejects.toThrow(`${page}: named .parquet (a Parquet file) but its content is an HTML page, not a Parquet file (a Parquet file starts with PAR1): ${rename}`);
    const csv = file('renamed.parquet', 'input,expected\nhi,there\n');
    await expect(importDatasetFile(store, csv)).rejects.toThrow(`${csv}: named .parquet (a Parquet file) but its content is text, not a Parquet file (a Parquet file starts with PAR1)`);
    // Before: a CSV saved under .xlsx was imported as CSV, under a workbook's name.
    const sheet = file('scores.xlsx', 'input,expected\nhi,there\n');
    await expect(importDatasetFile(store, sheet)).rejects.toThrow(`${sheet}: named .xlsx (an Excel workbook) but its content is text, not a zip archive (an Excel workbook starts with PK\\x03\\x04): ${rename}`);
    // Before: a real workbook, or one renamed .csv, failed as a CSV header of "PK\u0003\u0004…".
    const zip = Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0x08, 0);
    const workbook = file('real.xlsx', zip);
    await expect(importDatasetFile(store, workbook)).rejects.toThrow(`${workbook} is an Excel workbook, not a JSONL, JSON, CSV, TSV or Parquet file: save it as CSV or JSONL and import that`);
    const zipped = file('export.csv', zip);
    await expect(importDatasetFile(store, zipped)).rejects.toThrow(`${zipped} is a zip archive, not a JSONL, JSON, CSV, TSV or Parquet file`);
    const gzipped = file('train.jsonl', Uint8Array.of(0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3));
    await expect(importDatasetFile(store, gzipped)).rejects.toThrow(`${gzipped} is a gzip file, not a JSONL, JSON, CSV, TSV or Parquet file: decompress it (gunzip) and import the file inside`);
    expect(await store.list()).toEqual([]);
  });

  it('reads an input or expected column inside a struct by its dotted path (translation.en, answers.text), and names the struct and its fields when the path is wrong', async () => {
    const path = join(dir, 'squad.parquet');
    writeFileSync(path, new Uint8Array(structParquet()));
    const store = openSqliteStores(':memory:').datasets;
    const { version } = await importDatasetFile(store, path, { columns: { input: 'translation.en', expected: 'answers.text' } });
    const items = [];
    for await (const item of store.items(version.id)) items.push(item);
    expect(items.map(({ input, expected, metadata }) => ({ input, expected, title: metadata?.title }))).toEqual([
      { input: 'Who wrote Hamlet?', expected: ['Shakespeare'], title: 'Hamlet' },
      { input: 'What is 2+2?', expected: ['4', 'four'], title: 'Sums' },
    ]);
    const structs = 'translation (struct: translation.en (string), translation.fr (string)), answers (struct: answers.text (list), answers.answer_start (list))';
    await expect(importDatasetFile(store, path, { columns: { input: 'question' } })).rejects.toThrow(`has no "question" column (the input column asked for) (columns found: title (string), ${structs})`);
    await expect(importDatasetFile(store, path, { columns: { input: 'answers.txt' } })).rejects.toThrow(
      `${path}: "answers.txt": struct column "answers" has no field "txt" (its fields: answers.text (list), answers.answer_start (list)); name the file's own columns with --input-column NAME`,
    );
    await expect(importDatasetFile(store, path, { columns: { input: 'title.en' } })).rejects.toThrow(`${path}: "title.en": column "title" holds string values, not a struct with a field "en"`);
    await expect(importDatasetFile(store, path, { columns: { input: 'answers.text' } })).rejects.toThrow(`${path}: column "answers.text" holds list values, not text or a struct of named parts`);
  });

  it('leaves out a metadata column (an image\'s bytes) from the rows it makes over the limit, and refuses a row whose input is over it, naming the column and its size', async () => {
    const image = new Uint8Array(MAX_LINE_BYTES).fill(7);
    const path = write('images.parquet', {
      columnData: [
        { name: 'input', data: ['what is shown?', 'and here?'], type: 'STRING' },
        { name: 'image', data: [new Uint8Array([1, 2, 3]), image], type: 'BYTE_ARRAY' },
      ],
    });
    const store = openSqliteStores(':memory:').datasets;
    const result = await importDatasetFile(store, path, { name: 'images' });
    expect(result.dropped).toEqual([{ column: 'image', rows: 1, largestBytes: MAX_LINE_BYTES }]);
    const items = [];
    for await (const item of store.items(result.version.id)) items.push(item);
    expect(items.map(({ input, metadata }) => ({ input, metadata }))).toEqual([
      { input: 'what is shown?', metadata: { image: '\u0001\u0002\u0003' } },
      { input: 'and here?', metadata: undefined },
    ]);
    const long = 'q'.repeat(MAX_LINE_BYTES + 1);
    const huge = write('huge-input.parquet', { columnData: [{ name: 'input', data: ['a', long], type: 'STRING' }] });
    await expect(importDatasetFile(store, huge)).rejects.toThrow(
      `${huge} row 2: ${MAX_LINE_BYTES + 1} bytes, more than the limit of ${MAX_LINE_BYTES} bytes a row may hold; the largest is column "input" (${MAX_LINE_BYTES + 1} bytes): shorten it, or name another column with --input-column or --expected-column`,
    );
  });

  it('names a malformed row by its number', async () => {
    const path = write('scores.parquet', { columnData: [{ name: 'input', data: ['a', 'b'], type: 'STRING' }, { name: 'human_score', data: [4, 9], type: 'INT32' }] });
    await expect(importDatasetFile(openSqliteStores(':memory:').datasets, path)).rejects.toThrow(new RegExp(`1 malformed line in ${path}:\\n {2}${path} row 2: human_score: `));
  });
});

async function openStoreWith(path: string) {
  const store = openSqliteStores(':memory:').datasets;
  const { version } = await importDatasetFile(store, path, { name: 'reviews' });
  const items = [];
  for await (const item of store.items(version.id)) items.push(item);
  return { items };
}
