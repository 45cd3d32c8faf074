import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { importDatasetFile } from '../../src/evals/datasets/import-dataset.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';

/**
 * A value in a data file that a dataset lost without a word (helper hostile6): a field or column
 * named `__proto__` (JSON.parse keeps it, every copy after made it the prototype: imported as
 * `metadata: {}`). It is now a malformed line naming the field, in every file format. (Numbers
 * past ±1.8e308 are test/hostile/infinite-numbers.test.ts's.)
 */
const dir = mkdtempSync(join(tmpdir(), 'sy-hostile-values-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
const importing = (path: string) => importDatasetFile(openSqliteStores(':memory:').datasets, path, { name: 'values' });

describe('a field named __proto__', () => {
  const CASES: [string, string, string][] = [
    ['a JSONL line', 'proto.jsonl', '{"input":"ok"}\n{"input":"hi","__proto__":{"team":"a"}}\n'],
    ['an item of a .json array', 'proto.json', '[{"input":"ok"},{"input":"hi","__proto__":"str"}]'],
    ['a CSV column', 'proto.csv', 'input,__proto__\nok,\nhi,x\n'],
  ];
  for (const [what, name, content] of CASES) {
    it(`in ${what} is a malformed line naming it, not an item with its value gone`, async () => {
      await expect(importing(file(name, content))).rejects.toThrow(/1 malformed line in [\s\S]*field "(metadata\.)?__proto__": a name JavaScript objects keep for themselves, so its value would be lost; rename it/);
    });
  }

  it('inside metadata, and as a Parquet column named metadata.__proto__', async () => {
    await expect(importing(file('meta.jsonl', '{"input":"hi","metadata":{"__proto__":{"a":1},"b":2}}\n'))).rejects.toThrow(/field "metadata\.__proto__": a name JavaScript objects keep/);
    const parquet = parquetWriteBuffer({
      columnData: [
        { name: 'input', data: ['one', 'two'], type: 'STRING' },
        { name: 'metadata.__proto__', data: ['x', 'y'], type: 'STRING' },
      ],
    });
    await expect(importing(file('proto.parquet', new Uint8Array(parquet)))).rejects.toThrow(/field "metadata\.__proto__"/);
  });

  it('constructor, toString and hasOwnProperty are ordinary names, kept in metadata', async () => {
    const stores = openSqliteStores(':memory:');
    const imported = await importDatasetFile(stores.datasets, file('names.jsonl', '{"input":"hi","constructor":"c","toString":"t","hasOwnProperty":"h"}\n'), { name: 'names' });
    const items = [];
    for await (const item of stores.datasets.items(imported.version.id)) items.push(item);
    expect(items[0]?.metadata).toEqual({ constructor: 'c', toString: 't', hasOwnProperty: 'h' });
  });
});
