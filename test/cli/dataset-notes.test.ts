import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { registerDatasets } from '../../src/cli/commands/datasets.js';
import { datasetOfArgument } from '../../src/evals/datasets/dataset-argument.js';
import { parseSuite } from '../../src/evals/suite/load-suite.js';
import { prepareSuite } from '../../src/evals/suite/prepare-suite.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';

// A hub set's image column is left out of the rows it makes too large. `datasets import` said so;
// `ladder`, `guard scan`, `loadtest` and `judge calibrate` (`--dataset FILE`, read by
// datasetOfArgument) and an eval suite's `dataset:` imported the same file without a word.
const dir = mkdtempSync(join(tmpdir(), 'sy-dataset-notes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const image = 'i'.repeat(1_200_000);
const parquet = join(dir, 'vqa.parquet');
writeFileSync(
  parquet,
  new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: 'input', data: ['what colour is the cat?', 'how many dogs?'], type: 'STRING' },
        { name: 'expected', data: ['black', 'two'], type: 'STRING' },
        { name: 'image', data: [image, image], type: 'STRING' },
      ],
    }),
  ),
);
const NOTE = `${parquet}: left out metadata column "image" from 2 rows: it made the row more than 1000000 bytes (largest value 1200000 bytes)`;

/** What `run` wrote to stdout (console.log) and stderr. */
async function printed(run: () => Promise<unknown>): Promise<{ stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void (out.stdout += `${parts.join(' ')}\n`));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((out.stderr += String(chunk)), true));
  await run();
  vi.restoreAllMocks();
  return out;
}

describe('every command that reads a dataset file says what it left out, in the same words', () => {
  it('datasets import, --dataset FILE and an eval suite\'s dataset: file', async () => {
    const stores = openSqliteStores(':memory:');
    const program = new Command('switchyard').exitOverride();
    registerDatasets(program);
    const imported = await printed(() => program.parseAsync(['node', 'switchyard', 'datasets', 'import', parquet, '--db', join(dir, 'sy.db')]));
    expect(imported.stdout).toContain(`${NOTE}\n`);
    // --dataset FILE on ladder, guard scan, loadtest and judge calibrate.
    expect((await printed(() => datasetOfArgument(stores.datasets, parquet))).stderr).toBe(`${NOTE}\n`);
    const suite = parseSuite('dataset: vqa.parquet\nvariants:\n  a: { model: small, prompt: "{{input}}" }\nscorers:\n  - { type: exact }\n', 's.yaml', dir);
    expect((await printed(() => prepareSuite(suite, { datasets: stores.datasets, judges: stores.judges, knownModels: ['small'] }))).stderr).toBe(`${NOTE}\n`);
    await stores.close();
  });

  it('an eval suite read with --skip-bad-lines lists the lines it skipped, as local train does', async () => {
    const stores = openSqliteStores(':memory:');
    writeFileSync(join(dir, 'qa.jsonl'), '{"input":"hi","expected":"hello"}\n{"input":\n{"input":"bye","expected":"bye","human_score":9}\n');
    const suite = parseSuite('dataset: qa.jsonl\nvariants:\n  a: { model: small, prompt: "{{input}}" }\nscorers:\n  - { type: exact }\n', 's.yaml', dir);
    const { stderr } = await printed(() => prepareSuite(suite, { datasets: stores.datasets, judges: stores.judges, knownModels: ['small'], skipBadLines: true }));
    const file = join(dir, 'qa.jsonl');
    expect(stderr).toMatch(new RegExp(`^skipped 2 malformed lines:\\n  ${file.replace(/[.\\/]/g, '\\$&')}:2: not valid JSON.*\\n  .*qa\\.jsonl:3: human_score: .*\\n$`));
    await stores.close();
  });

  it('says when no item has an expected answer and one went to metadata under another name (OpenAI evals\' ideal, LangSmith\'s expected_output)', async () => {
    const file = join(dir, 'evals.jsonl');
    writeFileSync(file, '{"input":"2+2?","ideal":"4"}\n{"input":"3+3?","ideal":"6"}\n');
    const program = new Command('switchyard').exitOverride();
    registerDatasets(program);
    const imported = await printed(() => program.parseAsync(['node', 'switchyard', 'datasets', 'import', file, '--db', join(dir, 'sy.db')]));
    expect(imported.stdout).toContain(`${file}: no item has an expected answer, and its field "ideal" went to metadata: if it is the expected answer, import with --expected-column ideal (in a suite, dataset: { file: evals.jsonl, expected_column: ideal })\n`);
    const named = await printed(() => program.parseAsync(['node', 'switchyard', 'datasets', 'import', file, '--expected-column', 'ideal', '--name', 'evals-ideal', '--db', join(dir, 'sy.db')]));
    expect(named.stdout).toMatch(/^imported 2 items as evals-ideal@1 \(\w+\)\n$/);
    // A calibration file (output, human_score) and a file with an expected answer get no such note.
    writeFileSync(join(dir, 'scored.jsonl'), '{"input":"hi","output":"hello","human_score":4,"label":"greeting"}\n');
    const scored = await printed(() => program.parseAsync(['node', 'switchyard', 'datasets', 'import', join(dir, 'scored.jsonl'), '--expected-column', 'label', '--db', join(dir, 'sy.db')]));
    expect(scored.stdout).not.toContain('no item has an expected answer');
  });
});
