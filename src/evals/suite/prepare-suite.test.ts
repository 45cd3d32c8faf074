import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStores } from '../../store/sqlite/open-sqlite-stores.js';
import { parseDataset } from '../datasets/parse-dataset.js';
import { parseSuite } from './load-suite.js';
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
    expect(message).toMatch(/four\.yaml:3: variant "a": unknown model "smal" \(the gateway serves: small\)/);
    expect(message).toMatch(/four\.yaml:6: pairwise baseline "b" is not a variant/);
    expect(message).toMatch(/four\.yaml:5: .*nobody/);
  });

  it('names the missing "input" field and its line in a dataset file', () => {
    expect(() => parseDataset('{"input":"fine"}\n{"expected":"x"}\n', { source: 'd.jsonl' })).toThrow(/d\.jsonl:2: input: missing: every line needs "input"/);
  });
});
