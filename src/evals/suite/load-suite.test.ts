import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES } from '../../core/data-text.js';
import { parseSuite, readSuiteFile } from './load-suite.js';

const ok = 'dataset: d.jsonl\nvariants:\n  a: { model: small, prompt: "{{input}}" }\nscorers:\n  - { type: exact }\n';

describe('suite files', () => {
  it('holds a suite file to the data-file limits: UTF-8, and no more than one data line may hold', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-wire2-suite-'));
    try {
      const good = join(dir, 'suite.yaml');
      writeFileSync(good, ok);
      expect(readSuiteFile(good).spec).toMatchObject({ dataset: 'd.jsonl' });
      const huge = join(dir, 'huge.yaml');
      writeFileSync(huge, `${ok}# ${'x'.repeat(MAX_LINE_BYTES)}\n`);
      expect(() => readSuiteFile(huge)).toThrow(`suite ${huge}: ${ok.length + MAX_LINE_BYTES + 3} bytes, more than the limit of ${MAX_LINE_BYTES} bytes a suite file may hold`);
      const latin1 = join(dir, 'latin1.yaml');
      writeFileSync(latin1, Buffer.concat([Buffer.from(ok), Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
      expect(() => readSuiteFile(latin1)).toThrow(`${latin1}:6: not valid UTF-8 at byte ${ok.length + 5} of the file (0xE9)`);
      // A mistyped name says which suite was likely meant, not Node's "ENOENT: … stat".
      expect(() => readSuiteFile(join(dir, 'suit.yaml'))).toThrow(`cannot read suite ${join(dir, 'suit.yaml')}: no such file (did you mean ${good}?)`);
      // A folder said so (was Node's "EISDIR: illegal operation on a directory, read").
      expect(() => readSuiteFile(dir)).toThrow(`cannot read suite ${dir}: a folder, not a file: name a file in it`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fills defaults and keeps the raw suite for the run record', () => {
    const suite = parseSuite(ok, 'suite.yaml', '.');
    expect(suite.spec).toMatchObject({ repeats: 1, concurrency: 8, seed: 1, scorers: [{ type: 'exact', value: '{{expected}}', trim: true }] });
    expect(suite.raw).toEqual({ dataset: 'd.jsonl', variants: { a: { model: 'small', prompt: '{{input}}' } }, scorers: [{ type: 'exact' }] });
    expect(suite.where(['variants', 'a', 'model'])).toBe('suite.yaml:3');
    expect(suite.where(['scorers', 0, 'nothing-here'])).toBe('suite.yaml:5');
  });

  it('names the line of a YAML syntax error', () => {
    expect(() => parseSuite('dataset: [unclosed\nvariants: {}\n', 'bad.yaml', '.')).toThrow(/bad\.yaml:\d+: YAML syntax/);
    // …and shows that line, so the mistake is seen without opening the file.
    expect(() => parseSuite('dataset: d.jsonl\nvariants:\n  a: { model: small, prompt: "{{input}}"\nscorers: []\n', 'bad.yaml', '.')).toThrow(/bad\.yaml:(\d+): YAML syntax: .*\n +\1 \| \S/);
  });

  it('refuses hostile YAML with a message, not a stack: aliases that multiply, thousands of nested brackets', () => {
    expect(() => parseSuite('a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n', 'laughs.yaml', '.')).toThrow(/^invalid suite laughs\.yaml: its aliases \(\*name\) expand to more copies than allowed/);
    let message = '';
    try {
      parseSuite(`a: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`, 'deep.yaml', '.');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/deep\.yaml:1: YAML syntax: nested too deeply to read/);
    // The line shown under it is cut, not 40,000 characters.
    expect(message.length).toBeLessThan(400);
  });

  it('names the line of each schema problem, all at once', () => {
    const text = 'dataset: d.jsonl\nvariants:\n  a: { model: small, promt: "{{input}}" }\nscorers:\n  - { type: judge, scale: [5, 1] }\nrepeats: 0\n';
    let message = '';
    try {
      parseSuite(text, 'suite.yaml', '.');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/suite\.yaml:3: variants\.a: unknown field "promt" \(did you mean "prompt"\?\)/);
    expect(message).toMatch(/suite\.yaml:5: scorers\.0\.scale: scale must be \[low, high\] with high > low/);
    expect(message).toMatch(/suite\.yaml:6: repeats: .* \(got 0\)/);
  });

  it('names the top-level field a typo meant', () => {
    expect(() => parseSuite('dataset: d.jsonl\nvariants:\n  a: { model: small, prompt: "{{input}}" }\nscorer:\n  - { type: contains, value: x }\n', 'suite.yaml', '.')).toThrow(
      /suite\.yaml:4: \(suite\): unknown field "scorer" \(did you mean "scorers"\?\)/,
    );
  });
});
