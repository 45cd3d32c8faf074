import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSession, type ShellBlock, sessionScript, shellBlocks } from './shell-blocks.js';

const root = join(import.meta.dirname, '../..');
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/**
 * A folder laid out like a fresh clone after `npm ci`: the checkout's files (read-only ones
 * linked, package.json copied so npx runs this package), node_modules as `npm ci` leaves it, and
 * nothing a previous run wrote, such as `.switchyard/`.
 */
function freshCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sy-docs-'));
  made.push(dir);
  installedNodeModules(dir);
  for (const entry of ['dist', 'bin', 'web', 'data', 'examples', 'docs', 'src', 'tsconfig.json', 'tsconfig.build.json']) symlinkSync(join(root, entry), join(dir, entry));
  for (const entry of ['package.json', 'package-lock.json']) copyFileSync(join(root, entry), join(dir, entry));
  return dir;
}

/**
 * The checkout's node_modules in `dir`, hard-linked (no bytes copied), with npm's record of the
 * install (node_modules/.package-lock.json) written after every folder, as `npm ci` leaves it.
 *
 * Why: each of the README's ~80 `npx --no switchyard` commands loads the project's dependency
 * tree. npm reads it from that record only while no folder in node_modules is newer than it; in
 * a linked node_modules, or in the checkout once vitest has written node_modules/.vite, it reads
 * all ~850 package.json files instead, ~0.6 s of CPU per command (a third of the README's run).
 * Where hard links cannot be made (another file system), the folder is linked as before.
 */
function installedNodeModules(dir: string): void {
  const installed = realpathSync(join(root, 'node_modules'));
  const copy = join(dir, 'node_modules');
  // -a keeps the package folders' times, so none is newer than the record written below.
  if (spawnSync('cp', ['-al', installed, copy]).status !== 0) {
    rmSync(copy, { recursive: true, force: true });
    symlinkSync(installed, copy);
    return;
  }
  // Caches tools write there after an install (vite's); npm skips dot folders, a reader has none.
  for (const cache of ['.vite', '.vite-temp']) rmSync(join(copy, cache), { recursive: true, force: true });
  // A new file (not the hard link), so its time is after the folders'; npm reads the tree if it is missing.
  const record = join(copy, '.package-lock.json');
  rmSync(record, { force: true });
  if (existsSync(join(installed, '.package-lock.json'))) copyFileSync(join(installed, '.package-lock.json'), record);
}

/** The environment of a new user without provider keys; npm's own state kept in the temp folder. */
function newUserEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (/^(OPENAI|ANTHROPIC|GEMINI|SWITCHYARD)_/.test(name) || name.startsWith('VITEST') || name === 'NODE_OPTIONS') delete env[name];
  return {
    ...env,
    // `npx --no switchyard` links this package into npx's cache and runs its `prepare` (a full
    // build) the first time; the checkout is already built, so skip that here.
    npm_config_ignore_scripts: 'true',
    npm_config_cache: join(dir, '.npm'),
    npm_config_update_notifier: 'false',
    NO_COLOR: '1',
  };
}

function describeFailure(blocks: readonly ShellBlock[], result: Awaited<ReturnType<typeof runSession>>): string {
  const block = blocks[result.lastBlock];
  const where = block ? `${block.file}:${block.line}` : 'before the first block';
  const why = result.timedOut ? 'timed out' : `exited with ${result.exitCode}`;
  return `the shell block at ${where} ${why}:\n${block?.code ?? ''}\n--- output ---\n${(result.output.get(result.lastBlock) ?? '').slice(-8000)}`;
}

/** The ports the README's servers use; another process on one would answer in their place. */
const DOCUMENTED_PORTS = [4000, 4001, 4002, 4004, 4005, 4006, 4007, 9300, 9400];

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', () => reject(new Error(`port ${port} is taken by another process; the documented commands need it free (ss -ltnp | grep :${port})`)));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

async function runFile(file: string, timeoutMs: number): Promise<void> {
  for (const port of DOCUMENTED_PORTS) await assertPortFree(port);
  const blocks = shellBlocks(file, readFileSync(join(root, file), 'utf8'));
  expect(blocks.length).toBeGreaterThan(0);
  const dir = freshCheckout();
  const result = await runSession(sessionScript(blocks), dir, newUserEnv(dir), timeoutMs);
  if (!result.finished) throw new Error(describeFailure(blocks, result));
  expect(result.exitCode).toBe(0);
}

describe('documentation that runs', () => {
  // Every command a newcomer pastes, in order, in one shell, against the simulator: minutes, not
  // seconds, because it trains a local model and runs evaluations end to end.
  it('README.md: every shell block runs as written in a fresh checkout', () => runFile('README.md', 900_000), 960_000);

  it('examples/README.md: every shell block runs as written in a fresh checkout', () => runFile('examples/README.md', 300_000), 330_000);

  it('finds blocks and their directives, and names the failing block with its output', async () => {
    const blocks = shellBlocks('x.md', '# t\n\n```sh\necho one\n```\n\n<!-- docs-test: skip: installs -->\n```sh\nnpm ci\n```\n\n```ts\nconst x = 1;\n```\n\n```bash\necho two && false\necho never\n```\n');
    expect(blocks.map((b) => [b.line, b.directive?.kind ?? null])).toEqual([
      [3, null],
      [8, 'skip'],
      [16, null],
    ]);
    const result = await runSession(sessionScript(blocks), tmpdir(), process.env, 10_000);
    expect(result.finished).toBe(false);
    expect(result.lastBlock).toBe(2);
    expect(describeFailure(blocks, result)).toMatch(/^the shell block at x\.md:16 exited with 1:\necho two && false[\s\S]*--- output ---\ntwo\n$/);
    expect(result.output.get(0)).toBe('one\n');
  });

  it('stops the servers a section started before the next section begins', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-docs-unit-'));
    made.push(dir);
    const blocks = shellBlocks('x.md', '## A\n\n```sh\nsleep 60 &\necho $! > server.pid\n```\n\n## B\n\n```sh\nkill -0 "$(cat server.pid)" && echo running || echo stopped\n```\n');
    expect(blocks.map((b) => b.section)).toEqual(['A', 'B']);
    const result = await runSession(sessionScript(blocks), dir, process.env, 10_000);
    expect(result.finished).toBe(true);
    // Bash may add its own job notice ("Terminated") for the stopped server after the block's line.
    expect(result.output.get(1)).toMatch(/^stopped$/m);
    expect(result.output.get(1)).not.toMatch(/^running$/m);
  });

  it("stops the section's servers before a block the text runs after stopping them", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-docs-unit-'));
    made.push(dir);
    const check = '```sh\nkill -0 "$(cat server.pid)" && echo running || echo stopped\n```\n';
    const blocks = shellBlocks('x.md', `## A\n\n\`\`\`sh\nsleep 60 &\necho $! > server.pid\n\`\`\`\n\n${check}\n<!-- docs-test: after stopping the jobs -->\n${check}`);
    expect(blocks.map((b) => b.directive?.kind ?? null)).toEqual([null, null, 'after-stopping-jobs']);
    const result = await runSession(sessionScript(blocks), dir, process.env, 10_000);
    expect(result.finished).toBe(true);
    expect(result.output.get(1)).toMatch(/^running$/m);
    expect(result.output.get(2)).toMatch(/^stopped$/m);
    expect(result.output.get(2)).not.toMatch(/^running$/m);
  });
});
