import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Two real `switchyard kb` processes writing one knowledge base at once (the CLI runs dist/: build first).
let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sy-kb-writers-'));
  db = join(dir, 'knowledge.db');
  mkdirSync(join(dir, 'big'));
  for (let i = 0; i < 1500; i++) writeFileSync(join(dir, 'big', `note${i}.md`), `# Note ${i}\n\nThe canteen serves dish number ${i} on weekdays.\n`);
  mkdirSync(join(dir, 'small'));
  for (const name of ['refunds', 'parking', 'hours']) writeFileSync(join(dir, 'small', `${name}.md`), `# ${name}\n\nAll about ${name}.\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/switchyard.js', 'kb', ...args, '--db', db], { encoding: 'utf8', timeout: 60_000 });

function run(...args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['bin/switchyard.js', 'kb', ...args, '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  return { child, done: new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr }))) };
}

/** Waits until some process holds the base's write lease (the kb add has started writing). */
async function leaseHeld(): Promise<{ operation: string; pid: number }> {
  const started = Date.now();
  while (Date.now() - started < 30_000) {
    try {
      const reader = new Database(db, { readonly: true, fileMustExist: true });
      reader.pragma('busy_timeout = 2000');
      try {
        const row = reader.prepare('SELECT operation, pid FROM kb_writers').get() as { operation: string; pid: number } | undefined;
        if (row) return row;
      } finally {
        reader.close();
      }
    } catch {
      // the table is not there until the first writer migrates the file
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('no writer took the lease within 30 s');
}

/** Waits until a writer holds this base's lease. */
async function leaseOf(name: string): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < 30_000) {
    try {
      const reader = new Database(db, { readonly: true, fileMustExist: true });
      try {
        if (reader.prepare('SELECT 1 FROM kb_writers w JOIN kb_bases b ON b.id = w.kb_id WHERE b.name = ?').get(name)) return;
      } finally {
        reader.close();
      }
    } catch {
      // not migrated yet
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no writer took the lease of ${name} within 30 s`);
}

describe('two kb processes writing one knowledge base at once', () => {
  it('serialises kb add and kb remove: the remove waits, says for whom, and both changes land in consecutive versions', async () => {
    expect(cli('add', 'shared', join(dir, 'small')).status).toBe(0);
    const add = run('add', 'shared', join(dir, 'big'));
    const holder = await leaseHeld();
    expect(holder).toEqual({ operation: 'kb add', pid: add.child.pid });
    const remove = run('remove', 'shared', join(dir, 'small', 'refunds.md'), '--json');
    const [added, removed] = await Promise.all([add.done, remove.done]);
    expect(added).toMatchObject({ code: 0, stdout: expect.stringMatching(/^shared@2: 1500 added/) });
    expect(removed.code).toBe(0);
    expect(removed.stderr).toMatch(new RegExp(`^waiting: knowledge base "shared" is being written by kb add \\(pid ${add.child.pid} on [^,]+, for \\d+ s\\); one writer at a time`));
    expect(JSON.parse(removed.stdout)).toMatchObject({ version: 3, removed: [join(dir, 'small', 'refunds.md')], documents: 1502 });
    const shown = JSON.parse(cli('show', 'shared', '--json').stdout) as { version: number; chunks: number; versions: { version: number; added: number; removed: number; documents: number }[] };
    expect(shown).toMatchObject({ version: 3, chunks: 1502 });
    expect(shown.versions.map(({ version, added, removed, documents }) => ({ version, added, removed, documents }))).toEqual([
      { version: 1, added: 3, removed: 0, documents: 3 },
      { version: 2, added: 1500, removed: 0, documents: 1503 },
      { version: 3, added: 0, removed: 1, documents: 1502 },
    ]);
  }, 90_000);

  it('gives up after --wait seconds naming the writer, and changes nothing', async () => {
    const add = run('add', 'shared2', join(dir, 'big'));
    await leaseHeld().then(async function untilShared2(): Promise<void> {
      // the first test's base may still be listed: wait for this base's lease
      const reader = new Database(db, { readonly: true });
      const row = reader.prepare("SELECT w.pid FROM kb_writers w JOIN kb_bases b ON b.id = w.kb_id WHERE b.name = 'shared2'").get();
      reader.close();
      if (!row) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return untilShared2();
      }
    });
    const remove = cli('remove', 'shared2', join(dir, 'big', 'note1.md'), '--wait', '0');
    expect(remove.status).not.toBe(0);
    expect(remove.stderr).toMatch(new RegExp(`knowledge base "shared2" is being written by kb add \\(pid ${add.child.pid} on [^,]+, for \\d+ s\\); did not wait: one writer at a time, try again when it finishes`));
    expect((await add.done).code).toBe(0);
    expect(JSON.parse(cli('show', 'shared2', '--json').stdout)).toMatchObject({ version: 1, chunks: 1500 });
  }, 90_000);
  it('kb delete takes the lease too: with --wait 0 it gives up naming the writer, else it waits and deletes once the kb add has published', async () => {
    const add = run('add', 'doomed', join(dir, 'big'));
    await leaseOf('doomed');
    const refused = cli('delete', 'doomed', '--wait', '0');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(new RegExp(`knowledge base "doomed" is being written by kb add \\(pid ${add.child.pid} on [^,]+, for \\d+ s\\); did not wait: one writer at a time`));
    const remove = run('delete', 'doomed');
    const [added, deleted] = await Promise.all([add.done, remove.done]);
    // Before, the delete dropped the rows under the running kb add, which then failed to publish.
    expect(added).toMatchObject({ code: 0, stdout: expect.stringMatching(/^doomed@1: 1500 added/) });
    expect(deleted.stderr).toMatch(new RegExp(`^waiting: knowledge base "doomed" is being written by kb add \\(pid ${add.child.pid} on [^,]+, for \\d+ s\\); one writer at a time`));
    expect(deleted).toMatchObject({ code: 0, stdout: 'deleted knowledge base "doomed" (1 version, the latest with 1500 documents)\nstill held by a gateway: what it answered from the base (answers in traces, cached answers, stored responses, eval results and cache, datasets and reviews made from them); this command cannot reach them: POST /api/knowledge/doomed/purge with {"all": true} erases them\n' });
    expect((JSON.parse(cli('list', '--json').stdout) as { name: string }[]).map((b) => b.name)).not.toContain('doomed');
  }, 90_000);

  it('a writer that waited for a kb delete finds the base gone and writes nothing', async () => {
    expect(cli('add', 'gone', join(dir, 'small')).status).toBe(0);
    const add = run('add', 'gone', join(dir, 'big'));
    await leaseOf('gone');
    const remove = run('remove', 'gone', join(dir, 'small', 'refunds.md'));
    await new Promise((resolve) => setTimeout(resolve, 300)); // the remove is waiting behind the add
    const deleted = run('delete', 'gone');
    const [added, removed, gone] = await Promise.all([add.done, remove.done, deleted.done]);
    expect(added.code).toBe(0);
    // Whichever of the two waiting writers got the lease first, the remove never wrote into a deleted base.
    expect(gone.code).toBe(0);
    if (removed.code !== 0) expect(removed.stderr).toMatch(/knowledge base "gone" was deleted while this kb remove waited to write it; nothing was written/);
    const reader = new Database(db, { readonly: true });
    const orphans = reader.prepare('SELECT COUNT(*) AS n FROM kb_documents WHERE kb_id NOT IN (SELECT id FROM kb_bases)').get() as { n: number };
    reader.close();
    expect(orphans.n).toBe(0);
  }, 90_000);
});
