// Type-checks src and test, runs the whole suite with vitest, and ends with the plain
// "N passed, N failed" line CI reads; every type error counts as one failure.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testServiceProblems } from './test-services.mjs';

// Asked before the type check, so a machine without them hears it at once, not 10 minutes on.
const missing = await testServiceProblems();
const missingNote = missing.map((problem) => `npm test: ${problem}`).join('\n');
if (missing.length > 0) {
  console.log(`${missingNote}\nnpm test: the rest runs; Ctrl-C now to start ${missing.length === 1 ? 'it' : 'them'} first.`);
}

// The same programs as `npm run typecheck`: src and test, test/e2e with the DOM lib, and the
// dashboard (web/), which vite builds without checking types.
let typeErrors = 0;
const typeErrorFiles = new Set();
for (const project of ['tsconfig.test.json', 'test/e2e/tsconfig.json', 'web/tsconfig.json']) {
  const check = spawnSync('npx', ['--no', '--', 'tsc', '-p', project, '--pretty', 'false'], { encoding: 'utf8' });
  const output = `${check.stdout ?? ''}${check.stderr ?? ''}`;
  if (output.trim()) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  const errors = [...output.matchAll(/^(.+?)\(\d+,\d+\): error TS\d+/gm)];
  for (const [, file] of errors) typeErrorFiles.add(file);
  typeErrors += errors.length > 0 ? errors.length : check.status === 0 ? 0 : 1;
  if (check.status !== 0 && errors.length === 0) typeErrorFiles.add(project);
}
const typeVerdict = `type check failed: ${typeErrors} error${typeErrors === 1 ? '' : 's'} in ${[...typeErrorFiles].join(', ')} (npm run typecheck)`;
if (typeErrors > 0) console.log(typeVerdict);

const dir = mkdtempSync(join(tmpdir(), 'switchyard-test-'));
const report = join(dir, 'report.json');
const run = spawnSync(
  'npx',
  ['--no', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
let passed = 0;
let failed = 0;
try {
  const result = JSON.parse(readFileSync(report, 'utf8'));
  passed = result.numPassedTests;
  failed = result.numFailedTests + (result.numRuntimeErrorTestSuites ?? 0);
  // A file that failed outside its tests (a hook, an import): vitest counts its tests as skipped,
  // not failed, so each test that did not pass is one failure here (the file alone if it had none).
  for (const suite of result.testResults ?? []) {
    if (suite.status !== 'failed' || suite.assertionResults.some((test) => test.status === 'failed')) continue;
    failed += Math.max(1, suite.assertionResults.filter((test) => test.status !== 'passed').length);
  }
} catch {
  failed = Math.max(failed, 1);
}
// vitest failed for a reason its report does not show: the line must not say "0 failed".
if (run.status !== 0 && failed === 0) failed = 1;
failed += typeErrors;
rmSync(dir, { recursive: true, force: true });
// Said again here: vitest's output has scrolled the type errors away.
if (typeErrors > 0) console.log(typeVerdict);
if (missing.length > 0 && failed > 0) console.log(`${missingNote}\nnpm test: so the failures include those tests.`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
