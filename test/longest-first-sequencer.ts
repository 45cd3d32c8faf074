import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Starts the test files that took longest in a CI run first, so the two workers finish together.
 *
 * Why: CI installs with `npm ci`, which empties node_modules and with it vitest's own results
 * cache, so vitest falls back to the largest files first. The slowest files are not the largest
 * (test/docs/readme.test.ts, 440 s, came 249th of 746; the store contract suite, 84 s, 687th and
 * finished last), and one that starts late keeps a worker busy after the other has finished.
 *
 * The durations come from test/file-durations.json (written by `node scripts/file-durations.mjs
 * LOG` from a CI log). Files it does not name (new ones) start first, largest first, as vitest
 * starts files it has no figures for; the table only decides the order, never what runs.
 *
 * @example sequence: { sequencer: LongestFirstSequencer } // in vitest.config.ts
 */
export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const durations = readDurations(join(this.ctx.config.root, 'test/file-durations.json'));
    const known = (file: TestSpecification) => durations.get(relative(this.ctx.config.root, file.moduleId).replaceAll('\\', '/'));
    const unknown = await super.sort(files.filter((file) => known(file) === undefined));
    const measured = files.filter((file) => known(file) !== undefined).sort((a, b) => (known(b) as number) - (known(a) as number));
    return [...unknown, ...measured];
  }
}

/** File → milliseconds; empty when the table is missing or unreadable (the order is then vitest's). */
function readDurations(path: string): Map<string, number> {
  try {
    const table = JSON.parse(readFileSync(path, 'utf8')) as { files: Record<string, number> };
    return new Map(Object.entries(table.files));
  } catch {
    return new Map();
  }
}
