// npm's `prepare`: builds the TypeScript and the dashboard after `npm ci` / `npm install`.
// `npx --no switchyard` in a checkout installs the checkout into npx's cache, and npm runs
// `prepare` again for that (npm_command "exec"): a silent 15-30 s rebuild on a newcomer's
// first command, rewriting dist/ under a gateway `npm start` is running. Built once, skip it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '../..');

/** What `npm start` needs from the build: the CLI and the dashboard's page. */
const OUTPUTS = ['dist/cli/main.js', 'web/dist/index.html'];

/**
 * The build outputs that are not there.
 *
 * @example missingOutputs((p) => !p.endsWith('index.html')) // ['web/dist/index.html']
 */
export function missingOutputs(exists) {
  return OUTPUTS.filter((output) => !exists(join(root, output)));
}

/** The build's tools: devDependencies, which `npm ci --omit=dev` and NODE_ENV=production leave out. */
const TOOLS = { typescript: 'node_modules/typescript/package.json', vite: 'node_modules/vite/package.json' };

/**
 * The build tools that are not installed.
 *
 * @example missingTools((p) => !p.includes('vite')) // ['vite']
 */
export function missingTools(exists) {
  return Object.entries(TOOLS)
    .filter(([, path]) => !exists(join(root, path)))
    .map(([name]) => name);
}

/**
 * Without the build tools: use a build already there (a production install of a built checkout
 * or image), else fail saying why. Before, `npm ci` under NODE_ENV=production stopped on
 * "sh: 1: tsc: not found" even where dist/ and web/dist/ were already built.
 *
 * @example withoutTools(['vite'], []) // { ok: true, message: 'switchyard: vite is not installed …' }
 */
export function withoutTools(tools, missing) {
  const why = `${tools.join(' and ')} ${tools.length === 1 ? 'is' : 'are'} not installed (devDependencies, which npm leaves out with --omit=dev or NODE_ENV=production)`;
  if (missing.length === 0) return { ok: true, message: `switchyard: ${why}; the dist/ and web/dist/ already here are used as they are` };
  return { ok: false, message: `switchyard prepare: cannot build ${missing.join(' and ')}: ${why}; install with them: npm ci --include=dev (or unset NODE_ENV=production)` };
}

/**
 * Whether `prepare` must build: always, except when npx runs an already built checkout.
 *
 * @example shouldBuild('exec', (p) => true) // false
 */
export function shouldBuild(npmCommand, exists) {
  if (npmCommand !== 'exec') return true;
  return missingOutputs(exists).length > 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!shouldBuild(process.env.npm_command, existsSync)) process.exit(0);
  const tools = missingTools(existsSync);
  if (tools.length > 0) {
    const { ok, message } = withoutTools(tools, missingOutputs(existsSync));
    (ok ? console.log : console.error)(message);
    process.exit(ok ? 0 : 1);
  }
  const started = Date.now();
  for (const script of ['build', 'build:web']) {
    const run = spawnSync('npm', ['run', script], { stdio: 'inherit', cwd: root });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
  // A build that exits 0 without its outputs would leave `npm start` saying "not built yet"
  // after an `npm ci` that looked fine: fail the install here instead, naming what is missing.
  const missing = missingOutputs(existsSync);
  if (missing.length > 0) {
    console.error(`switchyard prepare: the build finished but ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing; run \`npm run build && npm run build:web\` and read its output`);
    process.exit(1);
  }
  // The one line a newcomer sees after npm's own summary scrolls by: the build happened, and what comes next.
  console.log(`switchyard: built dist/ (gateway and CLI) and web/dist/ (dashboard) in ${Math.round((Date.now() - started) / 1000)} s; next: npm start`);
}
