// npm's `prepare`: builds the TypeScript and the dashboard after `npm ci` / `npm install`.
// `npx --no switchyard` in a checkout installs the checkout into npx's cache, and npm runs
// `prepare` again for that (npm_command "exec"): a silent 15-30 s rebuild on a newcomer's
// first command, rewriting dist/ under a gateway `npm start` is running. Built once, skip it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '../..');

/**
 * Whether `prepare` must build: always, except when npx runs an already built checkout.
 *
 * @example shouldBuild('exec', (p) => true) // false
 */
export function shouldBuild(npmCommand, exists) {
  if (npmCommand !== 'exec') return true;
  return !(exists(join(root, 'dist/cli/main.js')) && exists(join(root, 'web/dist/index.html')));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!shouldBuild(process.env.npm_command, existsSync)) process.exit(0);
  for (const script of ['build', 'build:web']) {
    const run = spawnSync('npm', ['run', script], { stdio: 'inherit', cwd: root });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
}
