import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bin/switchyard.js');
const dir = mkdtempSync(join(tmpdir(), 'sy-kb-interrupt-'));
const db = join(dir, 'knowledge.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A folder of `count` Markdown files of a few paragraphs each: seconds of indexing, not milliseconds. */
function folder(name: string, count: number): string {
  const path = join(dir, name);
  mkdirSync(path);
  const words = 'refund card transfer fee account balance statement pending declined limit exchange verify identity top up cash'.split(' ');
  for (let i = 0; i < count; i++) {
    const paragraphs = Array.from({ length: 6 }, (_, p) => Array.from({ length: 150 }, (_, w) => words[(i * 7 + p * 13 + w * 3) % words.length]).join(' '));
    writeFileSync(join(path, `doc${i}.md`), `# Document ${i}\n\n${paragraphs.join('\n\n')}\n`);
  }
  return path;
}

const kb = async (...args: string[]) => (await promisify(execFile)(process.execPath, [BIN, 'kb', ...args, '--db', db])).stdout;

/** `switchyard kb add NAME PATH`, sent Ctrl-C (SIGINT) as soon as its store file is there. */
async function addThenCtrlC(name: string, path: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'kb', 'add', name, path, '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
  // The store's write-ahead log appears once the command has opened it, after its Ctrl-C handler
  // (and is removed when the last connection closes, so a previous run's does not count).
  await new Promise<void>((ready) => {
    const poll = setInterval(() => {
      if (existsSync(`${db}-wal`)) {
        clearInterval(poll);
        ready();
      }
    }, 5);
  });
  child.kill('SIGINT');
  return { ...(await exited), stderr };
}

describe('switchyard kb add, stopped with Ctrl-C', () => {
  it('keeps no empty base it created, says so, and exits 130', async () => {
    const big = folder('big', 600);
    const stopped = await addThenCtrlC('bigkb', big);
    // Before: killed by the signal with nothing printed, and `kb list` then showed "bigkb 0 0 0",
    // a base that searches answered with "knowledge base "bigkb" is empty".
    expect(stopped.signal).toBeNull();
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('Ctrl-C: stopping at the next document; nothing of this run is published');
    expect(stopped.stderr).toContain('stopped: nothing indexed; "bigkb" was new and is not kept (switchyard kb add bigkb … again indexes from the start)');
    expect(await kb('list')).not.toContain('bigkb');
  }, 60_000);

  it('leaves a base that existed at the version searches use, and says which', async () => {
    const small = folder('small', 3);
    expect(await kb('add', 'docs', small)).toMatch(/^docs@1: 3 added/);
    writeFileSync(join(small, 'doc0.md'), '# Changed\n\nA different refund policy.\n');
    for (let i = 3; i < 600; i++) writeFileSync(join(small, `doc${i}.md`), `# More ${i}\n\n${'refund card fee statement '.repeat(200)}\n`);
    const stopped = await addThenCtrlC('docs', small);
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('stopped: nothing of this run is published; searches still use docs@1 (3 documents). switchyard kb add again indexes what changed');
    expect(await kb('show', 'docs')).toMatch(/^docs@1: 3 documents/);
  }, 60_000);
});
