import { defineConfig } from 'vitest/config';

/**
 * The tests `npm run test:mutation` (StrykerJS) runs against each mutant of the security-critical
 * modules: fast, in-process, no child processes, so a full run fits in minutes. The hostile
 * suites (test/hostile) stay in `npm test`: they find crashes, these pin behaviour.
 */
export default defineConfig({
  test: {
    include: [
      // Unit and in-process tests of the mutated modules: each mutant reruns the ones covering it.
      'src/http/admin/access.test.ts',
      'src/http/admin/sessions.test.ts',
      'src/http/admin/feedback.test.ts',
      'src/core/request-target.test.ts',
      'src/providers/scrub-secrets.test.ts',
      'src/gateway/validate-chat-body.test.ts',
      'src/store/trace-journal.test.ts',
    ],
    setupFiles: ['test/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
