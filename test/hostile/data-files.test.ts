import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { importDatasetFile } from '../../src/evals/datasets/import-dataset.js';
import { readExamples } from '../../src/local/data/read-examples.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';

/**
 * Parquet text whose bytes are not UTF-8 (a Latin-1 export, a cut sequence): hyparquet's own
 * decoder reads it with U+FFFD in place of the bytes, which then reached a dataset, a model's
 * training text or a guard scan as if it had been sent. Refused as the text formats' readers
 * refuse it (JSONL, CSV: data-text.ts), naming the row, the column and the byte.
 */
const dir = mkdtempSync(join(tmpdir(), 'sy-hostile-parquet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9]); // "café" in Latin-1
const utf8 = (text: string) => new TextEncoder().encode(text);

function write(name: string, columnData: Parameters<typeof parquetWriteBuffer>[0]['columnData']): string {
  const path = join(dir, name);
  writeFileSync(path, new Uint8Array(parquetWriteBuffer({ columnData })));
  return path;
}

describe('Parquet text that is not UTF-8', () => {
  for (const type of ['STRING', 'BYTE_ARRAY'] as const) {
    it(`a ${type} column: datasets import names the row, the column and the byte`, async () => {
      const rows = Array.from({ length: 6 }, (_, i) => (i === 3 ? latin1 : utf8(`fine ${i}`)));
      const path = write(`latin1-${type}.parquet`, [
        { name: 'input', data: rows, type },
        { name: 'expected', data: rows.map(() => 'a'), type: 'STRING' },
      ]);
      await expect(importDatasetFile(openSqliteStores(':memory:').datasets, path, { name: 'latin1' })).rejects.toThrow(
        `${path} row 4, column "input": not valid UTF-8 at byte 3 of the value (0xE9); save it as UTF-8`,
      );
    });
  }

  it('local train reads the same error, not "caf\\uFFFD" as a training text', async () => {
    const texts = Array.from({ length: 12 }, (_, i) => (i === 7 ? latin1 : utf8(`text number ${i}`)));
    const path = write('latin1-train.parquet', [
      { name: 'text', data: texts, type: 'STRING' },
      { name: 'label', data: texts.map((_, i) => (i % 2 ? 'a' : 'b')), type: 'STRING' },
    ]);
    await expect(readExamples(path)).rejects.toThrow(`${path} row 8, column "text": not valid UTF-8 at byte 3 of the value (0xE9)`);
  });

  it('valid UTF-8, U+FFFD itself included, is read as it is', async () => {
    const path = write('fine.parquet', [
      { name: 'input', data: ['café', 'a \uFFFD sent on purpose'], type: 'STRING' },
      { name: 'expected', data: ['a', 'b'], type: 'STRING' },
    ]);
    const store = openSqliteStores(':memory:').datasets;
    const { version } = await importDatasetFile(store, path, { name: 'fine' });
    const inputs: unknown[] = [];
    for await (const item of store.items(version.id)) inputs.push(item.input);
    expect(inputs).toEqual(['café', 'a \uFFFD sent on purpose']);
  });
});
