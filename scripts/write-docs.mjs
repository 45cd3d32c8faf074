// Writes the generated reference documents (run after `npm run build`): docs/suites.md from the
// suite schema. test/docs/reference.test.ts fails when a committed file differs from this output.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const { renderSuiteReference } = await import('../dist/evals/suite/suite-reference.js');
writeFileSync(join(root, 'docs/suites.md'), renderSuiteReference());
console.log('wrote docs/suites.md');
