import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELD_HELP, renderSuiteReference, schemaFieldPaths } from '../../src/evals/suite/suite-reference.js';
import { parseFaultRule } from '../../src/simulate/faults.js';
import { parseScriptRule } from '../../src/simulate/script.js';

const root = join(import.meta.dirname, '../..');

describe('reference documentation generated from the schemas', () => {
  it('docs/suites.md is what the suite schema generates (run `npm run docs` after changing the schema)', () => {
    expect(readFileSync(join(root, 'docs/suites.md'), 'utf8')).toBe(renderSuiteReference());
  });

  it('explains every field of the suite schema, and no field that is gone', () => {
    const paths = schemaFieldPaths();
    const undocumented = paths.filter((p) => !(p in FIELD_HELP) && p !== 'scorer.type');
    const stale = Object.keys(FIELD_HELP).filter((p) => !paths.includes(p));
    expect({ undocumented, stale }).toEqual({ undocumented: [], stale: [] });
    // A field the schema gains shows up here before anyone reads the reference.
    expect(paths).toEqual(expect.arrayContaining(['suite.cache', 'variant.knowledge', 'judge.pass_at', 'custom.module']));
  });

  it('documents every scorer type with its fields and defaults', () => {
    const text = renderSuiteReference();
    for (const type of ['exact', 'contains', 'regex', 'json_schema', 'numeric', 'similarity', 'judge', 'pairwise', 'groundedness', 'custom']) expect(text).toContain(`### \`${type}\``);
    expect(text).toMatch(/\| `threshold` \| number -1–1 \| default `0\.8` \|/);
  });
});

describe('docs/simulator.md', () => {
  const text = readFileSync(join(root, 'docs/simulator.md'), 'utf8');
  const json = [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] ?? '') as unknown[]);

  it('shows fault and script rules the simulator accepts as written', () => {
    expect(json).toHaveLength(2);
    expect(json[0]?.map((rule) => parseFaultRule(rule).kind)).toEqual(['status', 'stream_cut', 'slow']);
    expect(json[1]?.map((rule) => parseScriptRule(rule).reply)).toHaveLength(4);
  });

  it('names every fault kind and every control route the simulator serves', async () => {
    for (const kind of ['status', 'timeout', 'stream_cut', 'slow']) expect(text).toContain(`\`${kind}\``);
    const { readFileSync: read } = await import('node:fs');
    const control = read(join(root, 'src/simulate/control.ts'), 'utf8');
    const routes = [...control.matchAll(/case '(GET|POST|DELETE) (\/_sim\/\w+)'/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(routes.length).toBeGreaterThan(5);
    for (const route of routes) expect(text).toContain(`\`${route}\``);
  });
});
