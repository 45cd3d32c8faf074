import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module of the repository's scripts, without types.
import { importTestSupport } from '../../scripts/test-support-module.mjs';

const ROOT = join(import.meta.dirname, '../..');
/** A module path (in quotes: an import's, or join(ROOT, '…')'s) into dist/test-support. */
const DIST_TEST_SUPPORT = /['"`][^'"`\n]*dist\/test-support\//;

describe('benchmarks and scripts', () => {
  it('import no test helper from dist/, where tsconfig.build.json leaves src/test-support out', () => {
    // bench/durability.mjs imported dist/test-support/sample-trace.js, there only because a built
    // store contract imports it: gone from dist/ the day that import moved, and the bench with it.
    const offenders = ['bench', 'scripts'].flatMap((dir) =>
      readdirSync(join(ROOT, dir))
        .filter((name) => /\.(?:mjs|cjs|js)$/.test(name) && DIST_TEST_SUPPORT.test(readFileSync(join(ROOT, dir, name), 'utf8')))
        .map((name) => `${dir}/${name}`),
    );
    expect(offenders).toEqual([]);
  });

  it('load a test helper from its source instead, and refuse one whose run-time imports a data: URL cannot resolve', async () => {
    const { sampleTrace } = (await importTestSupport('sample-trace')) as { sampleTrace: (overrides?: object) => { id: string; requestedModel: string } };
    expect(sampleTrace({ requestedModel: 'support' })).toMatchObject({ id: expect.stringMatching(/^tr_/), requestedModel: 'support' });
    await expect(importTestSupport('config-error')).rejects.toThrow('src/test-support/config-error.ts imports ../config/load-config.js at run time');
  });
});
