// @ts-check
/**
 * Mutation testing of the modules a hostile client or an unlucky operator reaches first:
 * admin access and sessions, the failure throttle, feedback ownership, request-target checks,
 * request validation, the secrets scrubber, the trace journal and writer, errors and retries,
 * the stream relay, rate limits and budgets, shutdown, the review store, judge calibration.
 * One module at a time: `MUTATION_TESTS=src/x.test.ts npx stryker run --mutate src/x.ts`. `npm run test:mutation`;
 * not part of `npm test` (it runs the tests once per mutant). The HTML report lands in
 * reports/mutation/.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  checkers: [],
  // TypeScript 7 has no JS API for Stryker to rewrite tsconfig.json with; vitest needs none of it.
  tsconfigFile: 'no-tsconfig-rewrite.json',
  coverageAnalysis: 'perTest',
  // Module-level constants run every test per mutant (half the run for an eighth of the
  // mutants); they are reported as ignored, not counted in the score.
  ignoreStatic: true,
  mutate: [
    'src/http/admin/access.ts',
    'src/http/admin/failure-throttle.ts',
    'src/http/admin/feedback-routes.ts',
    'src/core/request-target.ts',
    'src/gateway/validate-chat-body.ts',
    'src/providers/scrub-secrets.ts',
    'src/store/trace-journal.ts',
    'src/core/errors.ts',
    'src/gateway/run-attempts.ts',
    'src/http/deliver-outcome.ts',
    'src/limits/memory-limit-store.ts',
    'src/limits/limit-store.ts',
    'src/gateway/stages/enforce-limits.ts',
    'src/store/trace-writer.ts',
    // Shutdown: refusing while draining, counting requests in flight, close() and its deadline.
    'src/compose/route-request.ts:40-54',
    'src/compose/http-server.ts:22-42',
    'src/compose/requests-in-flight.ts',
    'src/compose/graceful-close.ts',
    'src/review/queue-rules.ts',
    'src/store/sqlite/sqlite-review-store.ts',
    'src/evals/judge/agreement-report.ts',
    'src/evals/judge/calibrate-judge.ts',
    'src/gateway/stages/route-request.ts',
  ],
  // Two cores shared with everything else: more runners only queue.
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  // Runs of one module at a time may overlap: never copy another run's sandbox.
  ignorePatterns: ['/.stryker-tmp*', '/reports'],
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 80, break: null },
};
