import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shellBlocks } from './shell-blocks.js';

const root = join(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

// The docs pages repeat the README's commands so that each reads on its own; only the README's
// are run (readme.test.ts). A command changed in one place and not the other would leave a page
// showing one that no test runs, so every docs block must be one of the README's, word for word,
// or say why it is not run.
describe('shell blocks on the docs pages', () => {
  const readme = new Set(shellBlocks('README.md', read('README.md')).map((b) => b.code));
  const pages = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md'));

  it('finds the pages and their blocks', () => {
    expect(pages.length).toBeGreaterThan(5);
    expect(pages.flatMap((f) => shellBlocks(`docs/${f}`, read(`docs/${f}`))).length).toBeGreaterThan(0);
  });

  it.each(pages)('docs/%s: each block is one the README runs, or is marked as not run', (page) => {
    const untested = shellBlocks(`docs/${page}`, read(`docs/${page}`))
      .filter((b) => b.directive?.kind !== 'skip' && !readme.has(b.code))
      .map((b) => `docs/${page}:${b.line}: ${b.code.split('\n')[0]}`);
    expect(untested, 'copy the README block it repeats word for word, or mark it <!-- docs-test: skip: why -->').toEqual([]);
  });
});
