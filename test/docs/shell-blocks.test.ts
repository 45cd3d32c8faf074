import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSession, sessionScript, shellBlocks } from './shell-blocks.js';

const dir = mkdtempSync(join(tmpdir(), 'sy-docs-owner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Running and not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('a documentation session whose test process dies', () => {
  it('stops its servers when the process that started it is killed, not only when it exits', async () => {
    // The owner stands in for the test process; SIGKILL runs none of its handlers.
    const owner = spawn('sleep', ['600'], { stdio: 'ignore' });
    const blocks = shellBlocks('x.md', '## A\n\n```sh\nsleep 300 &\necho $! > server.pid\nsleep 300\n```\n');
    const session = runSession(sessionScript(blocks), dir, process.env, 30_000, owner.pid as number);
    const pidFile = join(dir, 'server.pid');
    await expect.poll(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '').toBe(true);
    const server = Number(readFileSync(pidFile, 'utf8'));
    expect(alive(server)).toBe(true);
    owner.kill('SIGKILL');
    const result = await session;
    expect(result.timedOut).toBe(false);
    expect(result.finished).toBe(false);
    await expect.poll(() => alive(server)).toBe(false);
  }, 40_000);
});
