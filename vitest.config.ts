import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Wires the in-process gateway that evaluation opens from a config, as the CLI entry point does.
    setupFiles: ['test/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Integration tests bind real ports and share PostgreSQL/Redis; two cores, so keep it modest.
    maxWorkers: 2,
  },
});
