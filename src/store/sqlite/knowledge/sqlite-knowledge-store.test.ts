import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { PENDING_DOCUMENT, SUPERSEDE } from './sqlite-knowledge-store.js';
import { migrateKnowledgeTables } from './sqlite-schema.js';

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
