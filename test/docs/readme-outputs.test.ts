import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shellBlocks } from './shell-blocks.js';

const root = join(import.meta.dirname, '../..');

/**
 * Files the README's commands write into the checkout: `--out FILE` and `> FILE` (`cat > FILE <<EOF`
 * included). `=>` in an inline script is not a redirection, nor is `> /dev/null`.
 */
function writtenFiles(markdown: string): string[] {
  const files = new Set<string>();
  for (const block of shellBlocks('README.md', markdown)) {
    for (const match of block.code.matchAll(/--out\s+([\w./-]+)|(?:^|\s)>\s*([\w./-]+)/gm)) {
      const file = match[1] ?? match[2];
      if (file !== undefined && !file.startsWith('/dev/')) files.add(file);
    }
  }
  return [...files].sort();
}

describe('what the README writes into the checkout', () => {
  it('finds the files its commands write', () => {
    const files = writtenFiles(readFileSync(join(root, 'README.md'), 'utf8'));
    // The metrics token is a secret, the model file 1.5 MB: neither belongs in a commit.
    expect(files).toEqual(expect.arrayContaining(['switchyard-token', 'models/support-intent.sylm', 'replicas.yaml', 'result.json']));
  });

  it('is ignored by git, so `git add -A` after the walkthrough commits no token, model or scratch file', () => {
    const files = writtenFiles(readFileSync(join(root, 'README.md'), 'utf8'));
    const notIgnored = files.filter((file) => spawnSync('git', ['check-ignore', '--no-index', '-q', file], { cwd: root }).status !== 0);
    expect(notIgnored).toEqual([]);
  });
});
