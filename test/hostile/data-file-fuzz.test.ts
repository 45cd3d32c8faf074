import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../src/core/errors.js';
import { importDatasetFile } from '../../src/evals/datasets/import-dataset.js';
import { readJsonl } from '../../src/knowledge/ingest/load-jsonl.js';
import { readExamples } from '../../src/local/data/read-examples.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';
import { fuzzRuns } from '../../src/test-support/fuzz-runs.js';
import { hostileJson } from '../../src/test-support/hostile-json.js';

/**
 * Data files given to CLI commands (helper hostile2): JSONL lines of any JSON, their fields named
 * after the readers' own and the prototype's, holding values whose text cannot be made. `datasets
 * import`, `local train` and `kb add --jsonl` each read the file or refuse it with the project's
 * error naming the line; none throws a TypeError or RangeError, and nothing reaches
 * Object.prototype.
 */
const dir = mkdtempSync(join(tmpdir(), 'sy-hostile-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const line = hostileJson(['input', 'expected', 'output', 'metadata', 'id', 'human_score', 'text', 'label', 'title', 'tier'], 3).map((value) => JSON.stringify(value) ?? 'null');
const file = fc.array(fc.oneof(line, fc.constant('{"input":"fine","expected":"a","text":"fine","label":"a","id":"x1"}')), { minLength: 1, maxLength: 6 });

/** Resolves to the reader's outcome: only the project's own error is an answer. */
async function outcome(read: () => Promise<unknown>): Promise<void> {
  try {
    await read();
  } catch (error) {
    if (!(error instanceof SwitchyardError)) throw error;
  }
}

describe('JSONL data files of any JSON', () => {
  let n = 0;
  it('datasets import, local train and kb add read them or refuse them with the project\'s error', async () => {
    const store = openSqliteStores(':memory:').datasets;
    await fc.assert(
      fc.asyncProperty(file, async (lines) => {
        const path = join(dir, `f${n++}.jsonl`);
        writeFileSync(path, `${lines.join('\n')}\n`);
        await outcome(() => importDatasetFile(store, path, { name: `d${n}`, skipBadLines: true }));
        await outcome(() => importDatasetFile(store, path, { name: `e${n}` }));
        await outcome(() => readExamples(path));
        await outcome(async () => {
          for await (const item of readJsonl(path).items) JSON.stringify(item);
        });
        return ({} as Record<string, unknown>).polluted === undefined;
      }),
      { numRuns: fuzzRuns(60) },
    );
    expect(n).toBeGreaterThan(0);
  });
});
