import { defineConfig } from 'vitest/config';

/**
 * The tests `npm run test:mutation` (StrykerJS) runs against each mutant of the security-critical
 * modules: fast, in-process, no child processes, so a full run fits in minutes.
 */
export default defineConfig({
  test: {
    include: [
      'src/http/admin/*.test.ts',
      // The hostile suites, but not the body fuzzer: seconds per run, and a crash finder rather than a spec.
      'test/hostile/request-target.test.ts',
      'test/hostile/secrets.test.ts',
      'src/store/trace-journal.test.ts',
      'src/gateway/validate-chat-body.test.ts',
      'src/providers/scrub-secrets.test.ts',
      'src/core/request-target.test.ts',
    ],
    setupFiles: ['test/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
