import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { registerDatasets } from '../../src/cli/commands/datasets.js';

// A Hugging Face set names its columns `text` and `label`; `datasets import` wanted `input` (and
// `expected`), so such a file had to be rewritten before it could be evaluated.
const dir = mkdtempSync(join(tmpdir(), 'sy-dataset-columns-'));
const db = join(dir, 'sy.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** `switchyard datasets …` in-process (the command's action, as the bin runs it); what it printed. */
async function datasets(...argv: string[]): Promise<string> {
  const printed: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void printed.push(parts.join(' ')));
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const program = new Command('switchyard').exitOverride();
  registerDatasets(program);
  await program.parseAsync(['node', 'switchyard', 'datasets', ...argv, '--db', db]);
  return printed.join('\n');
}

/** The stored items as `datasets export` writes them. */
async function exported(name: string): Promise<Record<string, unknown>[]> {
  const out = join(dir, `${name}-export.jsonl`);
  await datasets('export', name, '--out', out);
  return readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe('datasets import --input-column / --expected-column', () => {
  it('reads a CSV whose input and expected answer are in other columns, named in any case; without the options it names the columns found and the options', async () => {
    const file = write('intents.csv', 'Text,Label,source\nWhere is my card?,card_arrival,app\nMy card was eaten,card_swallowed,\n');
    await expect(datasets('import', file)).rejects.toThrow(`${file}:1: the CSV header needs an "input" column (found: Text, Label, source); name the file's own columns with --input-column NAME and --expected-column NAME`);
    expect(await datasets('import', file, '--input-column', 'text', '--expected-column', 'LABEL')).toMatch(/^imported 2 items as intents@1/);
    expect((await exported('intents')).map(({ input, expected, metadata }) => ({ input, expected, metadata }))).toEqual([
      { input: 'Where is my card?', expected: 'card_arrival', metadata: { source: 'app' } },
      { input: 'My card was eaten', expected: 'card_swallowed', metadata: undefined },
    ]);
    // An expected column asked for by name must be there: a typo would import items with nothing to score against.
    await expect(datasets('import', file, '--input-column', 'text', '--expected-column', 'labels', '--name', 'typo')).rejects.toThrow(
      `${file}:1: the CSV header has no "labels" column (the expected column asked for) (found: Text, Label, source); name the file's own columns with --input-column NAME`,
    );
  });

  it('reads a Parquet file from the hub (text, ClassLabel label) with the options, its labels by name', async () => {
    const path = join(dir, 'train-00000-of-00001.parquet');
    const names = ['negative', 'positive'];
    writeFileSync(
      path,
      new Uint8Array(
        parquetWriteBuffer({
          columnData: [
            { name: 'text', data: ['great phone', 'broke in a day'], type: 'STRING' },
            { name: 'label', data: [1n, 0n], type: 'INT64' },
          ],
          kvMetadata: [{ key: 'huggingface', value: JSON.stringify({ info: { features: { text: { dtype: 'string', _type: 'Value' }, label: { names, _type: 'ClassLabel' } } } }) }],
        }),
      ),
    );
    await expect(datasets('import', path, '--name', 'reviews')).rejects.toThrow(
      `${path}: the Parquet file needs an "input" column (columns found: text (string), label (int64)); name the file's own columns with --input-column NAME and --expected-column NAME`,
    );
    await expect(datasets('import', path, '--name', 'reviews', '--input-column', 'review')).rejects.toThrow(`has no "review" column (the input column asked for) (columns found: text (string), label (int64))`);
    const out = await datasets('import', path, '--name', 'reviews', '--input-column', 'text', '--expected-column', 'label');
    expect(out).toMatch(/^imported 2 items as reviews@1/);
    expect(out).toContain('labels from the file\'s ClassLabel names (column "label")');
    expect((await exported('reviews')).map(({ input, expected }) => ({ input, expected }))).toEqual([
      { input: 'great phone', expected: 'positive' },
      { input: 'broke in a day', expected: 'negative' },
    ]);
  });

  it('says which metadata column it left out of rows over the 1 MB limit (a hub set\'s image bytes)', async () => {
    const path = join(dir, 'vqa.parquet');
    const image = 'i'.repeat(1_200_000);
    writeFileSync(
      path,
      new Uint8Array(
        parquetWriteBuffer({
          columnData: [
            { name: 'question', data: ['what colour is the cat?', 'how many dogs?'], type: 'STRING' },
            { name: 'image', data: [image, image], type: 'STRING' },
          ],
        }),
      ),
    );
    const out = await datasets('import', path, '--input-column', 'question');
    expect(out).toMatch(/^imported 2 items as vqa@1/);
    expect(out).toContain('left out metadata column "image" from 2 rows: it made the row more than 1000000 bytes (largest value 1200000 bytes)');
    expect((await exported('vqa')).map(({ input, metadata }) => ({ input, metadata }))).toEqual([
      { input: 'what colour is the cat?', metadata: undefined },
      { input: 'how many dogs?', metadata: undefined },
    ]);
  });

  it('renames a JSONL line\'s fields, and names a line without the field with the fields it has', async () => {
    const file = write('questions.jsonl', '{"question":"What is 2+2?","answer":"4"}\n{"prompt":"What is 3+3?","answer":"6"}\n');
    await expect(datasets('import', file, '--input-column', 'question', '--expected-column', 'answer')).rejects.toThrow(
      `${file}:2: input: missing: every line needs "question" (fields found: prompt, answer; name the file's own columns with --input-column NAME and --expected-column NAME)`,
    );
    // Without the option, a line lacking "input" names its fields and the options.
    const hub = write('hub.jsonl', '{"text":"hi","label":"greet"}\n');
    await expect(datasets('import', hub)).rejects.toThrow(/hub\.jsonl:1: input: missing: .* \(fields found: text, label; name the file's own columns with --input-column NAME and --expected-column NAME\)/);
    write('questions.jsonl', '{"question":"What is 2+2?","answer":"4"}\n');
    expect(await datasets('import', file, '--input-column', 'Question', '--expected-column', 'answer')).toMatch(/^imported 1 item as questions@1/);
    expect(await exported('questions')).toEqual([expect.objectContaining({ input: 'What is 2+2?', expected: '4' })]);
    // A line holding an "input" besides the field asked for is not guessed at.
    write('both.jsonl', '{"question":"a","input":"b"}\n');
    await expect(datasets('import', join(dir, 'both.jsonl'), '--input-column', 'question')).rejects.toThrow('both.jsonl:1: fields "question" (the input asked for) and "input" are both an input: keep one');
  });
});
