import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../simulate/simulator.js';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bin/switchyard.js');
const dir = mkdtempSync(join(tmpdir(), 'sy-kb-interrupt-'));
const db = join(dir, 'knowledge.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A folder of `count` Markdown files of `paragraphs` paragraphs each (a chunk or so each): six make
 * seconds of indexing, not milliseconds, for a Ctrl-C sent as soon as the run opens its store; two
 * are enough where the test waits for the first batch, as 400 documents are still to go then.
 */
function folder(name: string, count: number, paragraphs = 6): string {
  const path = join(dir, name);
  mkdirSync(path);
  const words = 'refund card transfer fee account balance statement pending declined limit exchange verify identity top up cash'.split(' ');
  for (let i = 0; i < count; i++) {
    const texts = Array.from({ length: paragraphs }, (_, p) => Array.from({ length: 150 }, (_, w) => words[(i * 7 + p * 13 + w * 3) % words.length]).join(' '));
    writeFileSync(join(path, `doc${i}.md`), `# Document ${i}\n\n${texts.join('\n\n')}\n`);
  }
  return path;
}

const kb = async (...args: string[]) => (await promisify(execFile)(process.execPath, [BIN, 'kb', ...args, '--db', db])).stdout;

/** Documents written to NAME's unpublished version (by a run now under way or interrupted). */
function pendingDocuments(name: string): number {
  let reader: Database.Database | undefined;
  try {
    reader = new Database(db, { readonly: true, fileMustExist: true });
    const row = reader.prepare('SELECT count(*) AS n FROM kb_documents d JOIN kb_bases b ON b.id = d.kb_id WHERE b.name = ? AND d.version_from > b.version').get(name) as { n: number };
    return row.n;
  } catch {
    return 0; // the file or its tables are not created yet
  } finally {
    reader?.close();
  }
}

/**
 * `switchyard kb add NAME PATH`, sent Ctrl-C (SIGINT) as soon as its store file is there, or
 * (`afterWrites`) once it has written its first batch of documents.
 */
async function addThenCtrlC(name: string, path: string, afterWrites = false): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'kb', 'add', name, path, '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
  // The store's write-ahead log appears once the command has opened it, after its Ctrl-C handler
  // (and is removed when the last connection closes, so a previous run's does not count).
  await new Promise<void>((ready) => {
    const poll = setInterval(() => {
      if (existsSync(`${db}-wal`) && (!afterWrites || pendingDocuments(name) > 0)) {
        clearInterval(poll);
        ready();
      }
    }, 5);
  });
  child.kill('SIGINT');
  return { ...(await exited), stderr };
}

describe('switchyard kb add, stopped part way (Ctrl-C, a failing embedding service)', () => {
  it('keeps no empty base it created, says so, and exits 130', async () => {
    const big = folder('big', 600);
    const stopped = await addThenCtrlC('bigkb', big);
    // Before: killed by the signal with nothing printed, and `kb list` then showed "bigkb 0 0 0",
    // a base that searches answered with "knowledge base "bigkb" is empty".
    expect(stopped.signal).toBeNull();
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('Ctrl-C: stopping at the next document; nothing of this run is published, what it indexed is kept for the next run');
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

  it('keeps the documents written before Ctrl-C, and the next run resumes: only the rest is read and chunked', async () => {
    const path = folder('resume', 600, 2);
    const stopped = await addThenCtrlC('resumed', path, true);
    expect(stopped.code).toBe(130);
    const kept = pendingDocuments('resumed');
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(600);
    expect(stopped.stderr).toContain(`stopped: nothing of this run is published; resumed has no published version yet; what it indexed (${kept} documents) is kept: switchyard kb add again resumes, skipping them`);
    expect(await kb('show', 'resumed')).toContain(`unpublished: ${kept} documents indexed by an interrupted switchyard kb add`);
    expect(await kb('list')).toContain(`resumed: ${kept} documents indexed by an interrupted switchyard kb add, not published yet (switchyard kb add resumed … again resumes)`);
    const resumed = JSON.parse(await kb('add', 'resumed', path, '--json')) as { version: number; added: number; resumed: number; removed: number; chunks: number };
    expect(resumed).toMatchObject({ version: 1, added: 600, resumed: kept, removed: 0 });
    const whole = JSON.parse(await kb('add', 'whole', path, '--json')) as { added: number; chunks: number };
    expect(whole.added).toBe(600);
    // Each file is the same size: the resumed run chunked the remainder only.
    expect(resumed.chunks).toBe((whole.chunks / 600) * (600 - kept));
    expect(await kb('list')).not.toContain('not published yet');
    type Shown = { chunks: number; pendingDocuments: number; documents: { docId: string; hash: string; chunks: number }[] };
    const shown = async (name: string) => {
      const r = JSON.parse(await kb('show', name, '--json', '--limit', '1000')) as Shown;
      return { chunks: r.chunks, pendingDocuments: r.pendingDocuments, documents: r.documents.map(({ docId, hash, chunks }) => ({ docId, hash, chunks })) };
    };
    const [a, b] = [await shown('resumed'), await shown('whole')];
    expect(a.documents).toHaveLength(600);
    expect(a).toEqual({ ...b, pendingDocuments: 0 });
  }, 180_000);

  it('keeps what was embedded before the embedding service failed, and the next run embeds only the rest', async () => {
    const sim = await startSimulator({ port: 0, host: '127.0.0.1', keepLastRequests: 10_000 });
    try {
      const path = folder('embedded', 600, 2);
      const embedFlags = ['--gateway', sim.url, '--api-key', 'sk-test', '--embed-model', 'text-embedding-3-small'];
      const textsSent = () => sim.stats().lastRequests.filter((r) => r.path === '/v1/embeddings').reduce((n, r) => n + ((r.body as { input: string[] }).input.length), 0);
      const child = spawn(process.execPath, [BIN, 'kb', 'add', 'embedded', path, ...embedFlags, '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
      let running = true;
      const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code))).finally(() => (running = false));
      await new Promise<void>((ready) => {
        const poll = setInterval(() => {
          if (!running || pendingDocuments('embedded') > 0) {
            clearInterval(poll);
            ready();
          }
        }, 5);
      });
      // The service starts refusing once the first batch is in.
      sim.addFault({ kind: 'status', status: 400, path: '/v1/embeddings', message: 'embedding quota exhausted' });
      expect(await exited).toBe(1);
      const kept = pendingDocuments('embedded');
      expect(kept).toBeGreaterThan(0);
      expect(kept).toBeLessThan(600);
      expect(stderr).toContain('embedding quota exhausted');
      expect(stderr).toContain(`kept: ${kept} documents this run indexed, unpublished; switchyard kb add again resumes, skipping them`);

      sim.clearFaults();
      sim.resetStats();
      const report = JSON.parse(await kb('add', 'embedded', path, ...embedFlags, '--json')) as { added: number; resumed: number; embedded: number; chunks: number };
      const shown = JSON.parse(await kb('show', 'embedded', '--json')) as { chunks: number; embeddedChunks: number; pendingDocuments: number };
      const perDocument = shown.chunks / 600;
      expect(report).toMatchObject({ added: 600, resumed: kept, embedded: (600 - kept) * perDocument, chunks: (600 - kept) * perDocument });
      expect(textsSent()).toBe(report.embedded); // what the service was asked for: the remainder only
      expect(shown).toMatchObject({ embeddedChunks: shown.chunks, pendingDocuments: 0 });
    } finally {
      await sim.close();
    }
  }, 180_000);
});
