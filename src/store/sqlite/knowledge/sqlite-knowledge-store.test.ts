import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { paragraphBlocks } from '../../../knowledge/ingest/paragraph-blocks.js';
import { documentSet } from '../../../knowledge/ingest/source-item.js';
import { indexDocuments } from '../../../knowledge/index-documents.js';
import { openKnowledgeBase } from '../../../knowledge/knowledge-base.js';
import { removeDocuments } from '../../../knowledge/remove-documents.js';
import { describe, expect, it } from 'vitest';
import { openSqliteKnowledgeStore, PENDING_DOCUMENT, SUPERSEDE } from './sqlite-knowledge-store.js';
import { migrateKnowledgeTables } from './sqlite-schema.js';

describe('SQLite knowledge store: a --db that is no SQLite file', () => {
  it('is named with the path and what to pass, not a bare SqliteError with its stack', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-kb-notdb-'));
    const text = join(dir, 'questions.jsonl');
    writeFileSync(text, '{"question": "a JSONL file given as --db"}\n'.repeat(200));
    try {
      expect(() => openSqliteKnowledgeStore(text)).toThrow(`cannot use the knowledge store ${text}: it is not a SQLite database (file is not a database); pass --db the knowledge store file kb add writes`);
      expect(() => openSqliteKnowledgeStore('/dev/null')).toThrow(/^cannot use the knowledge store \/dev\/null: not a regular file \(/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SQLite knowledge store: per-document statements', () => {
  it('find a document through its id, not by scanning the version being written', () => {
    const db = new Database(':memory:');
    migrateKnowledgeTables(db);
    db.prepare("INSERT INTO kb_bases (id, name, created_at, chunking) VALUES (1, 'docs', 0, '{}')").run();
    const insert = db.prepare("INSERT INTO kb_documents (kb_id, doc_id, source, title, hash, text, metadata, version_from) VALUES (1, ?, 's', 't', 'h', 'x', '{}', 2)");
    for (let i = 0; i < 500; i++) insert.run(`doc-${i}`);
    const plan = (sql: string, ...params: unknown[]) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail).join(' | ');
    // Without the `+` on version_from, both used kb_documents_by_version: every write of a
    // version's n documents then read O(n) rows each.
    expect(plan(PENDING_DOCUMENT, 1, 'doc-7', 2)).toContain('kb_documents_by_id');
    expect(plan(SUPERSEDE, 3, 1, 'doc-7', 3)).toContain('kb_documents_by_id');
    db.close();
  });
});

describe('SQLite knowledge store: purging', () => {
  it('leaves no byte of a purged document in the database file or its log, where a plain removal keeps it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-kb-purge-'));
    try {
      const file = join(dir, 'knowledge.db');
      const bytesOnDisk = () => Buffer.concat([readFileSync(file), existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0)]);
      const store = openSqliteKnowledgeStore(file);
      const kb = await openKnowledgeBase({ store, name: 'hr', create: true });
      const doc = (id: string, text: string) => ({ id, title: id, text, blocks: paragraphBlocks(text), metadata: {} });
      const secret = 'Quorvexal Pemberdine was dismissed for cause';
      await indexDocuments(kb, documentSet('hr', [doc('case-17', `${secret} in March.`), doc('holidays', 'Staff take 25 days of leave.')]));
      await indexDocuments(kb, documentSet('hr', [doc('case-17', `${secret} in April (corrected).`), doc('holidays', 'Staff take 25 days of leave.')]));
      await removeDocuments(kb, ['case-17']);
      expect(bytesOnDisk().includes(secret)).toBe(true); // kept by versions 1 and 2
      expect(await removeDocuments(kb, ['case-17'], { purge: true })).toMatchObject({ version: 3, purged: { versions: [1, 2], rows: 2 } });
      const after = bytesOnDisk();
      expect(after.includes(secret)).toBe(false);
      expect(after.includes('Quorvexal')).toBe(false); // nor a word of it in the full-text index
      expect(after.includes('quorvex')).toBe(false); // nor its stem
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
