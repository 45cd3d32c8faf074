import { defineConfig } from 'vitest/config';

/**
 * The tests `npm run test:mutation` (StrykerJS) runs against each mutant of the security-critical
 * modules: fast, in-process, no child processes, so a full run fits in minutes. The hostile
 * suites (test/hostile) stay in `npm test`: they find crashes, these pin behaviour.
 */
export default defineConfig({
  test: {
    // MUTATION_TESTS=a.test.ts,b.test.ts narrows a run to one module's tests (with `stryker run --mutate`).
    include: process.env.MUTATION_TESTS?.split(',') ?? [
      // Unit and in-process tests of the mutated modules: each mutant reruns the ones covering it.
      'src/http/admin/access.test.ts',
      'src/http/admin/sessions.test.ts',
      'src/http/admin/feedback.test.ts',
      'src/core/request-target.test.ts',
      'src/providers/scrub-secrets.test.ts',
      'src/gateway/validate-chat-body.test.ts',
      'src/store/trace-journal.test.ts',
      'src/core/errors.test.ts',
      'src/providers/upstream-error.test.ts',
      'src/gateway/run-attempts.test.ts',
      'src/http/deliver-outcome.test.ts',
      'src/providers/stream-ends.test.ts',
      'src/limits/limit-stores.test.ts',
      'src/gateway/stages/enforce-limits.test.ts',
      'src/store/trace-writer.test.ts',
      'test/gateway/shutdown.test.ts',
      'src/compose/graceful-close.test.ts',
      'src/review/queue-rules.test.ts',
      'src/store/sqlite/sqlite-review-store.test.ts',
      'src/store/contract/stores.contract.test.ts',
      'src/evals/judge/agreement-report.test.ts',
      'src/evals/judge/judge.test.ts',
      'src/limits/limit-store.test.ts',
      'src/limits/memory-limit-store.test.ts',
      'test/gateway/routes.test.ts',
    ],
    setupFiles: ['test/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
