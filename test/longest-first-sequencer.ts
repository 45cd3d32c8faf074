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
 * The files that run in a process of their own (the 'isolated' project) all come before the
 * others: vitest hands a shared worker on to the next file only when that file shares too, and
 * stops it otherwise, so one isolated file among the shared ones would cost a worker its imports.
 *
 * `SWITCHYARD_TEST_SHUFFLE=SEED` shuffles each of the two lists instead (the same seed, the same
 * order), to catch a file that passes only after, or before, some other file.
 *
 * @example sequence: { sequencer: LongestFirstSequencer } // in vitest.config.ts
 */
export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const isolated = files.filter((file) => file.project.config.isolate);
    const shared = files.filter((file) => !file.project.config.isolate);
    const seed = process.env.SWITCHYARD_TEST_SHUFFLE;
    if (seed) return [...shuffled(isolated, Number(seed)), ...shuffled(shared, Number(seed))];
    return [...(await this.longestFirst(isolated)), ...(await this.longestFirst(shared))];
  }

  private async longestFirst(files: TestSpecification[]): Promise<TestSpecification[]> {
    const durations = readDurations(join(this.ctx.config.root, 'test/file-durations.json'));
    const known = (file: TestSpecification) => durations.get(relative(this.ctx.config.root, file.moduleId).replaceAll('\\', '/'));
    const unknown = await super.sort(files.filter((file) => known(file) === undefined));
    const measured = files.filter((file) => known(file) !== undefined).sort((a, b) => (known(b) as number) - (known(a) as number));
    return [...unknown, ...measured];
  }
}

/** A seeded Fisher-Yates shuffle (mulberry32), so a failing order can be run again. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
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
