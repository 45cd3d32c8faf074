import { reviewerNameTaken, reviewerNotFound, type ReviewerStore, type StoredReviewer } from '../../review/reviewer-store.js';
import { type ReviewerRow, reviewerFromRow } from '../rows/reviewer-rows.js';
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
      insert: db.prepare('INSERT INTO reviewer_accounts (name, hash, prefix, created_at, created_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING'),
      get: db.prepare('SELECT * FROM reviewer_accounts WHERE name = ?'),
      byHash: db.prepare('SELECT * FROM reviewer_accounts WHERE hash = ?'),
      list: db.prepare('SELECT * FROM reviewer_accounts ORDER BY name'),
      revoke: db.prepare('UPDATE reviewer_accounts SET revoked_at = ?, revoked_by = ? WHERE name = ? AND revoked_at IS NULL'),
    };
  }

  async create(r: Omit<StoredReviewer, 'revokedAt' | 'revokedBy'>): Promise<StoredReviewer> {
    if (this.statements.insert.run(r.name, r.hash, r.prefix, r.createdAt, r.createdBy).changes === 0) throw reviewerNameTaken(r.name);
    return { ...r, revokedAt: null, revokedBy: null };
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
}
