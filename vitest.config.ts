import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/longest-first-sequencer.js';
import { ownProcessFiles } from './test/own-process.js';

const include = ['src/**/*.test.ts', 'test/**/*.test.ts'];
// Mock modules or measure the whole process: each in a fresh process (test/own-process.ts).
const ownProcess = ownProcessFiles(import.meta.dirname, ['src', 'test']);

export default defineConfig({
  test: {
    // No `include` here: `extends: true` would add it to each project's own.
    // Wires the in-process gateway that evaluation opens from a config, as the CLI entry point does,
    // and puts back what a file changed in its process (test/setup.ts).
    setupFiles: ['test/setup.ts'],
    // Safety nets, not measures (timings belong in benchmarks): on a two-core machine at load ~15
    // a test that spawns the CLI or drives Chromium runs several times slower than on a quiet one
    // (keys-page steps and `serve` tests crossed the old 20 s while passing). A hung test still fails.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll waits for a page or a server to catch up; it returns as soon as it passes, so the
    // default 1 s only decided how slow a machine could be.
    expect: { poll: { timeout: 10_000 } },
    // Integration tests bind real ports and share PostgreSQL/Redis; two cores, so keep it modest.
    // Both projects inherit it and run as one group, so it caps the whole run.
    maxWorkers: 2,
    // The slowest files first (from CI's last figures), so neither worker is left alone at the end;
    // the 'isolated' project's few files before the rest, so a shared worker is never given up for one.
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      // Most files run one after another in the same two worker processes, importing what an
      // earlier file imported only once: imports were 993 s of CPU in a 1,875 s run, 45 s so.
      // What a file leaves in the process (env, timers, spies, exit code) test/setup.ts puts back.
      { extends: true, test: { name: 'shared', include, exclude: ownProcess, isolate: false } },
      { extends: true, test: { name: 'isolated', include: ownProcess } },
    ],
  },
});
