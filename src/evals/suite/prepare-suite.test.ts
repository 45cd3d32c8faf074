import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStores } from '../../store/sqlite/open-sqlite-stores.js';
import { parseDataset } from '../datasets/parse-dataset.js';
import { parseSuite, readSuite } from './load-suite.js';
import { prepareSuite } from './prepare-suite.js';

describe('suite validation', () => {
  it('reports every problem of a suite at once, each with its line', async () => {
    const stores = openSqliteStores(':memory:');
    const dir = mkdtempSync(join(tmpdir(), 'sy-suite-'));
    const suite = parseSuite(
      [
        'dataset: missing.jsonl',
        'variants:',
        '  a: { model: smal, prompt: "{{input}}" }',
        'scorers:',
        '  - { type: judge, judge: nobody }',
        '  - { type: pairwise, model: small, baseline: b }',
      ].join('\n'),
      'four.yaml',
      dir,
    );
    const error = await prepareSuite(suite, { datasets: stores.datasets, judges: stores.judges, knownModels: ['small'] }).catch((e: Error) => e);
    await stores.close();
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/^suite four\.yaml cannot run \(4 problems\):/);
    expect(message).toMatch(/four\.yaml:1: dataset file missing\.jsonl not found/);
    expect(message).toMatch(/four\.yaml:3: variant "a": unknown model "smal" \(did you mean "small"\?\) \(the gateway serves: small\)/);
    expect(message).toMatch(/four\.yaml:6: pairwise baseline "b" is not a variant/);
    expect(message).toMatch(/four\.yaml:5: .*nobody/);
  });

  it('says first that a gateway config given as the suite is one, with where it goes', async () => {
    const stores = openSqliteStores(':memory:');
    const draft = readSuite('providers: { sim: { type: openai, base_url: "http://127.0.0.1:9300/v1" } }\nmodels: { small: { provider: sim, model: m } }\n', 'gw.yaml', tmpdir());
    const error = await prepareSuite(draft, { datasets: stores.datasets, judges: stores.judges, knownModels: ['small'] }).catch((e: Error) => e);
    await stores.close();
    expect((error as Error).message).toMatch(/^suite gw\.yaml cannot run \(5 problems\):\n  gw\.yaml is a gateway config \(providers, models\), not an eval suite: give it as --config gw\.yaml, and the suite \(e\.g\. examples\/support-suite\.yaml\) as the first argument\n  gw\.yaml:1: dataset: missing/);
  });

  it('lists shape problems first, then the dataset and models, in one error', async () => {
    const stores = openSqliteStores(':memory:');
    const dir = mkdtempSync(join(tmpdir(), 'sy-suite-'));
    const draft = readSuite(
      [
        'dataset: missing.jsonl',
        'variants:',
        '  a: { model: smal, promt: "{{input}}" }',
        '  b: { route: nowhere, prompt: "{{input}}" }',
        'scorers:',
        '  - { type: similarity, model: embedder, threshold: 2 }',
        'repeats: 0',
      ].join('\n'),
      'mixed.yaml',
      dir,
    );
    expect(draft.spec).toBeUndefined();
    const error = await prepareSuite(draft, { datasets: stores.datasets, judges: stores.judges, knownModels: ['small', 'embed'] }).catch((e: Error) => e);
    await stores.close();
    const lines = (error as Error).message.split('\n');
    expect(lines[0]).toBe('suite mixed.yaml cannot run (8 problems):');
    // The shape first (what the schema says), then what the world says about the references.
    expect(lines.slice(1).map((l) => l.trim())).toEqual([
      'mixed.yaml:3: variants.a.prompt: missing (a required field)',
      'mixed.yaml:3: variants.a: unknown field "promt" (did you mean "prompt"?)',
      expect.stringMatching(/^mixed\.yaml:6: scorers\.0\.threshold: .*\(got 2\)$/),
      expect.stringMatching(/^mixed\.yaml:7: repeats: .*\(got 0\)$/),
      expect.stringMatching(/^mixed\.yaml:1: dataset file missing\.jsonl not found/),
      'mixed.yaml:3: variant "a": unknown model "smal" (did you mean "small"?) (the gateway serves: small, embed)',
      'mixed.yaml:4: variant "b": unknown model "nowhere" (the gateway serves: small, embed)',
      'mixed.yaml:6: scorer similarity: unknown model "embedder" (the gateway serves: small, embed)',
    ]);
  });

  it('imports a dataset named by any data file extension (.json, .tsv), not only .jsonl and .csv', async () => {
    const stores = openSqliteStores(':memory:');
    const dir = mkdtempSync(join(tmpdir(), 'sy-suite-'));
    writeFileSync(join(dir, 'qa.json'), '[\n  {"input": "hi", "expected": "hello"}\n]\n');
    writeFileSync(join(dir, 'qa.tsv'), 'input\texpected\nhi\thello\nbye\tbye\n');
    for (const [file, items] of [['qa.json', 1], ['qa.tsv', 2]] as const) {
      const suite = parseSuite(`dataset: ${file}\nvariants:\n  a: { model: small, prompt: "{{input}}" }\nscorers:\n  - { type: exact }\n`, 's.yaml', dir);
      const prepared = await prepareSuite(suite, { datasets: stores.datasets, judges: stores.judges, knownModels: ['small'] });
      expect(prepared.dataset).toMatchObject({ dataset: 'qa', itemCount: items });
    }
    await stores.close();
  });

  it('reads a dataset file\'s input and expected from the columns `input_column` / `expected_column` name, and names a missing one with the suite\'s keys', async () => {
    const stores = openSqliteStores(':memory:');
    const dir = mkdtempSync(join(tmpdir(), 'sy-suite-'));
    writeFileSync(join(dir, 'hub.csv'), 'text,label\nWhere is my card?,card_arrival\n');
    const suite = (dataset: string) => parseSuite(`dataset: ${dataset}\nvariants:\n  a: { model: small, prompt: "{{input}}" }\nscorers:\n  - { type: exact }\n`, 's.yaml', dir);
    const context = { datasets: stores.datasets, judges: stores.judges, knownModels: ['small'] };
    const prepared = await prepareSuite(suite('{ file: hub.csv, input_column: text, expected_column: label }'), context);
    expect(prepared.dataset).toMatchObject({ dataset: 'hub', itemCount: 1 });
    const items = [];
    for await (const item of stores.datasets.items(prepared.dataset.id)) items.push(item);
    expect(items[0]).toMatchObject({ input: 'Where is my card?', expected: 'card_arrival' });
    await expect(prepareSuite(suite('hub.csv'), context)).rejects.toThrow(/s\.yaml:1: .*hub\.csv:1: the CSV header needs an "input" column \(found: text, label\); name the file's own columns with input_column: NAME and expected_column: NAME/);
    await expect(prepareSuite(suite('{ name: hub, input_column: text }'), context)).rejects.toThrow(/s\.yaml:1: input_column and expected_column name the columns of a dataset `file`/);
    await stores.close();
  });

  it('names the missing "input" field and its line in a dataset file', () => {
    expect(() => parseDataset('{"input":"fine"}\n{"expected":"x"}\n', { source: 'd.jsonl' })).toThrow(/d\.jsonl:2: input: missing: every line needs "input"/);
  });
});
