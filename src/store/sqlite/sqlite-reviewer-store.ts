import { sameReader } from '../../review/reviewer-name.js';
import { type NewReviewer, reviewerNameAlike, reviewerNameTaken, reviewerNotFound, reviewerRevokedNoRotate, type ReplacedKey, type ReviewerStore, type StoredReviewer } from '../../review/reviewer-store.js';
import { type ReplacedKeyRow, replacedKeyFromRow, type ReviewerRow, reviewerFromRow } from '../rows/reviewer-rows.js';
import type { SqliteMigrations } from './migrations.js';
import type { SqliteDatabase } from './open-database.js';

/** Reviewer accounts: one row per person, keyed by name, found at sign-in by the key's hash. */
export const REVIEWER_MIGRATIONS: SqliteMigrations = {
  feature: 'reviewers',
  steps: [
    `CREATE TABLE reviewer_accounts (
       name TEXT PRIMARY KEY,
       hash TEXT NOT NULL UNIQUE,
       prefix TEXT NOT NULL,
       created_at INTEGER NOT NULL,
       created_by TEXT NOT NULL,
       revoked_at INTEGER,
       revoked_by TEXT
     );`,
    // The name as people read it (`sameReader`: NFKC, lower case) under a unique index: two adds of
    // "ana" and "Ana" racing both passed a look at the list first. Accounts made before keep theirs;
    // of two that read alike, the older holds the key (the other's stays NULL: it is kept, not merged).
    (db) => {
      db.exec(`ALTER TABLE reviewer_accounts ADD COLUMN name_key TEXT;
               ALTER TABLE reviewer_accounts ADD COLUMN rotated_at INTEGER;
               ALTER TABLE reviewer_accounts ADD COLUMN rotated_by TEXT;`);
      const rows = db.prepare('SELECT name FROM reviewer_accounts ORDER BY created_at, name').all() as { name: string }[];
      const set = db.prepare('UPDATE reviewer_accounts SET name_key = ? WHERE name = ?');
      const seen = new Set<string>();
      for (const { name } of rows) {
        const key = sameReader(name);
        if (!seen.has(key)) set.run(key, name);
        seen.add(key);
      }
      db.exec('CREATE UNIQUE INDEX reviewer_accounts_name_key ON reviewer_accounts (name_key) WHERE name_key IS NOT NULL;');
    },
    // Keys a rotation replaced, by hash: their holders are told the key was replaced, and when.
    `CREATE TABLE reviewer_replaced_keys (
       hash TEXT PRIMARY KEY,
       name TEXT NOT NULL,
       replaced_at INTEGER NOT NULL,
       replaced_by TEXT NOT NULL
     );`,
  ],
};

/**
 * Reviewer accounts in the gateway's SQLite file: every process on the file sees a revocation at once.
 *
 * @example const reviewers = new SqliteReviewerStore(db);
 */
export class SqliteReviewerStore implements ReviewerStore {
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      // Any unique column: the name, the name as read, the key's hash.
      insert: db.prepare('INSERT INTO reviewer_accounts (name, name_key, hash, prefix, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      taken: db.prepare('SELECT * FROM reviewer_accounts WHERE name = ? OR name_key = ? ORDER BY name = ? DESC LIMIT 1'),
      rotate: db.prepare('UPDATE reviewer_accounts SET hash = ?, prefix = ?, rotated_at = ?, rotated_by = ? WHERE name = ?'),
      get: db.prepare('SELECT * FROM reviewer_accounts WHERE name = ?'),
      byHash: db.prepare('SELECT * FROM reviewer_accounts WHERE hash = ?'),
      list: db.prepare('SELECT * FROM reviewer_accounts ORDER BY name'),
      revoke: db.prepare('UPDATE reviewer_accounts SET revoked_at = ?, revoked_by = ? WHERE name = ? AND revoked_at IS NULL'),
      keepReplaced: db.prepare('INSERT INTO reviewer_replaced_keys (hash, name, replaced_at, replaced_by) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      replaced: db.prepare('SELECT a.*, k.replaced_at, k.replaced_by FROM reviewer_replaced_keys k JOIN reviewer_accounts a ON a.name = k.name WHERE k.hash = ?'),
    };
  }

  async create(r: NewReviewer): Promise<StoredReviewer> {
    const key = sameReader(r.name);
    if (this.statements.insert.run(r.name, key, r.hash, r.prefix, r.createdAt, r.createdBy).changes === 0) {
      const row = this.statements.taken.get(r.name, key, r.name) as ReviewerRow | undefined;
      throw row && row.name !== r.name ? reviewerNameAlike(r.name, reviewerFromRow(row)) : reviewerNameTaken(r.name);
    }
    return { ...r, revokedAt: null, revokedBy: null, rotatedAt: null, rotatedBy: null };
  }

  async get(name: string): Promise<StoredReviewer | undefined> {
    const row = this.statements.get.get(name) as ReviewerRow | undefined;
    return row ? reviewerFromRow(row) : undefined;
  }

  async byHash(hash: string): Promise<StoredReviewer | undefined> {
    const row = this.statements.byHash.get(hash) as ReviewerRow | undefined;
    return row ? reviewerFromRow(row) : undefined;
  }

  async list(): Promise<StoredReviewer[]> {
    return (this.statements.list.all() as ReviewerRow[]).map(reviewerFromRow);
  }

  async revoke(name: string, at: number, by: string): Promise<StoredReviewer> {
    return this.db.transaction(() => {
      this.statements.revoke.run(at, by, name);
      const row = this.statements.get.get(name) as ReviewerRow | undefined;
      if (!row) throw reviewerNotFound(name);
      return reviewerFromRow(row);
    })();
  }

  async rotate(name: string, key: { hash: string; prefix: string }, at: number, by: string): Promise<StoredReviewer> {
    return this.db.transaction(() => {
      const row = this.statements.get.get(name) as ReviewerRow | undefined;
      if (!row) throw reviewerNotFound(name);
      if (row.revoked_at !== null) throw reviewerRevokedNoRotate(reviewerFromRow(row));
      this.statements.rotate.run(key.hash, key.prefix, at, by, name);
      this.statements.keepReplaced.run(row.hash, name, at, by);
      return { ...reviewerFromRow(row), hash: key.hash, prefix: key.prefix, rotatedAt: at, rotatedBy: by };
    })();
  }

  async replacedKey(hash: string): Promise<ReplacedKey | undefined> {
    const row = this.statements.replaced.get(hash) as ReplacedKeyRow | undefined;
    return row ? replacedKeyFromRow(row) : undefined;
  }
}
