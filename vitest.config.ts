import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/longest-first-sequencer.js';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Wires the in-process gateway that evaluation opens from a config, as the CLI entry point does.
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
    maxWorkers: 2,
    // The slowest files first (from CI's last figures), so neither worker is left alone at the end.
    sequence: { sequencer: LongestFirstSequencer },
  },
});
