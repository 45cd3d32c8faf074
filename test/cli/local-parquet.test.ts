import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { banking77, EIGHT_LABELS } from '../../src/local/__fixtures__/banking77-sample.js';

// Parquet files as the Hugging Face hub serves them: snappy pages (hyparquet-writer's default),
// int64 class numbers, and the names in the file's `huggingface` metadata.
const CLI = join(import.meta.dirname, '../../bin/switchyard.js');
const dir = mkdtempSync(join(tmpdir(), 'sy-local-parquet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sy = (args: string[]) => {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
};
const rows = banking77('train', EIGHT_LABELS, 60);
const classLabelMetadata = (column: string) => [{ key: 'huggingface', value: JSON.stringify({ info: { features: { text: { dtype: 'string', _type: 'Value' }, [column]: { names: [...EIGHT_LABELS], _type: 'ClassLabel' } } } }) }];
const writeParquet = (name: string, options: Parameters<typeof parquetWriteBuffer>[0]) => {
  writeFileSync(join(dir, name), new Uint8Array(parquetWriteBuffer(options)));
  return name;
};
const texts = { name: 'text', data: rows.map((r) => r.text), type: 'STRING' } as const;
const numbers = rows.map((r) => BigInt(EIGHT_LABELS.indexOf(r.label as (typeof EIGHT_LABELS)[number])));

describe('switchyard local train on a Parquet file', () => {
  it('names the labels by the file\'s Hugging Face ClassLabel names, and says so', () => {
    const file = writeParquet('train-00000-of-00001.parquet', { columnData: [texts, { name: 'label', data: numbers, type: 'INT64' }], kvMetadata: classLabelMetadata('label') });
    const trained = sy(['local', 'train', '--data', file, '--out', 'named.sylm']);
    expect(trained.stderr).toBe('');
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(/^trained 8 labels on 480 examples/m);
    expect(trained.stdout).toContain('labels from the file\'s ClassLabel names (column "label": 0 → card_arrival, 1 → card_delivery_estimate,');
    const evaluated = JSON.parse(sy(['local', 'eval', '--model', 'named.sylm', '--data', file, '--json']).stdout);
    expect(evaluated.perLabel.map((l: { label: string }) => l.label).sort()).toEqual([...EIGHT_LABELS].sort());
  });

  it('reads integer labels without ClassLabel metadata as their numbers, from columns named by flag, found by the PAR1 magic without the extension', () => {
    const file = writeParquet('train-blob', { columnData: [{ ...texts, name: 'sentence' }, { name: 'intent', data: numbers, type: 'INT64' }] });
    const trained = sy(['local', 'train', '--data', file, '--text-column', 'sentence', '--label-column', 'intent', '--out', 'numbered.sylm', '--json']);
    expect(trained.code).toBe(0);
    expect(JSON.parse(trained.stdout)).toMatchObject({ labels: 8, examples: 480 });
    expect(trained.stdout).not.toContain('labelNames');
    const evaluated = JSON.parse(sy(['local', 'eval', '--model', 'numbered.sylm', '--data', file, '--text-column', 'sentence', '--label-column', 'intent', '--json']).stdout);
    expect(evaluated.perLabel.map((l: { label: string }) => l.label).sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
  });

  it('names a missing column with the columns found, a list column by its type, an unlabelled row by its number, and a corrupt file by what the reader said', () => {
    const file = writeParquet('plain.parquet', { columnData: [texts, { name: 'label', data: numbers, type: 'INT64' }] });
    const missing = sy(['local', 'train', '--data', file, '--text-column', 'question', '--out', 'x.sylm']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('plain.parquet: no "question" column in the Parquet file (columns found: text (string), label (int64)); pass --text-column / --label-column');

    // A tokenised data set: the text column is a list of strings.
    const tokens = writeParquet('tokens.parquet', {
      columnData: [
        { name: 'tokens', data: rows.map((r) => r.text.split(' ')) },
        { name: 'label', data: numbers },
      ],
      schema: [
        { name: 'root', num_children: 2 },
        { name: 'tokens', repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST' },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', repetition_type: 'OPTIONAL', type: 'BYTE_ARRAY', converted_type: 'UTF8' },
        { name: 'label', repetition_type: 'OPTIONAL', type: 'INT64' },
      ],
    });
    const listed = sy(['local', 'train', '--data', tokens, '--text-column', 'tokens', '--out', 'x.sylm']);
    expect(listed.stderr).toContain('tokens.parquet: column "tokens" holds list values, not text; name a column of strings with --text-column');

    const withUnlabelled = writeParquet('test.parquet', { columnData: [texts, { name: 'label', data: numbers.map((n, i) => (i === 4 ? -1n : n)), type: 'INT64' }], kvMetadata: classLabelMetadata('label') });
    const unlabelled = sy(['local', 'train', '--data', withUnlabelled, '--out', 'x.sylm']);
    expect(unlabelled.stderr).toContain('test.parquet row 5: no label ("label" is -1 or null, Hugging Face\'s mark of an unlabelled row');

    const bytes = parquetWriteBuffer({ columnData: [texts, { name: 'label', data: numbers, type: 'INT64' }] });
    writeFileSync(join(dir, 'cut.parquet'), new Uint8Array(bytes.slice(0, bytes.byteLength - 10)));
    const corrupt = sy(['local', 'train', '--data', 'cut.parquet', '--out', 'x.sylm']);
    expect(corrupt.code).not.toBe(0);
    expect(corrupt.stderr).toMatch(/cut\.parquet: not a readable Parquet file \(parquet file invalid \(footer != PAR1\)\)/);
  });
});
