// One module of src/test-support, for a benchmark or measuring script: tsconfig.build.json leaves
// src/test-support out of dist/, so a script cannot import it from there (bench/durability.mjs did,
// and found dist/test-support/sample-trace.js only because a built store contract imports it). The
// one source is made JavaScript by vite's esbuild (a dev dependency) rather than written out again.
import { readFileSync } from 'node:fs';

const ROOT = new URL('..', import.meta.url).pathname;

/**
 * The exports of src/test-support/NAME.ts. The module is loaded from a data: URL, where a relative
 * import has nothing to resolve against: a helper that imports anything at run time (a type
 * import is dropped) is refused, naming the import.
 *
 * @example const { sampleTrace } = await importTestSupport('sample-trace');
 */
export async function importTestSupport(name) {
  const { transformWithEsbuild } = await import('vite');
  const file = `${ROOT}src/test-support/${name}.ts`;
  const { code } = await transformWithEsbuild(readFileSync(file, 'utf8'), `${name}.ts`);
  const imported = /^\s*import\s[^;]*?from\s+['"]([^'"]+)['"]/m.exec(code) ?? /^\s*import\s+['"]([^'"]+)['"]/m.exec(code);
  if (imported) throw new Error(`src/test-support/${name}.ts imports ${imported[1]} at run time, which a script cannot load this way: import it from dist/ instead, or move the helper out of test-support`);
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}
