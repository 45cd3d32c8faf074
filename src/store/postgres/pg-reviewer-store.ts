import { reviewerNameTaken, reviewerNotFound, type ReviewerStore, type StoredReviewer } from '../../review/reviewer-store.js';
import { type ReviewerRow, reviewerFromRow } from '../rows/reviewer-rows.js';
import type { PgPool } from './connect.js';
import type { PostgresMigrations } from './migrate.js';
import { pgText } from './pg-values.js';

/** Reviewer accounts, shared by every replica on the database. */
export const REVIEWER_TABLES: PostgresMigrations = {
  feature: 'reviewers',
  steps: [
    `CREATE TABLE reviewer_accounts (
       name TEXT COLLATE "C" PRIMARY KEY,
       hash TEXT COLLATE "C" NOT NULL UNIQUE,
       prefix TEXT NOT NULL,
       created_at BIGINT NOT NULL,
       created_by TEXT NOT NULL,
       revoked_at BIGINT,
       revoked_by TEXT
     );`,
  ],
};

/**
 * Reviewer accounts in PostgreSQL: a revocation on one replica is seen by every other on a
 * reviewer's next call.
 *
 * @example const reviewers = new PgReviewerStore(pool);
 */
export class PgReviewerStore implements ReviewerStore {
  constructor(private readonly pool: PgPool) {}

  async create(r: Omit<StoredReviewer, 'revokedAt' | 'revokedBy'>): Promise<StoredReviewer> {
    const { rows } = await this.pool.query<ReviewerRow>(
      'INSERT INTO reviewer_accounts (name, hash, prefix, created_at, created_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING RETURNING *',
      [pgText(r.name), r.hash, r.prefix, r.createdAt, pgText(r.createdBy)],
    );
    if (!rows[0]) throw reviewerNameTaken(r.name);
    return reviewerFromRow(rows[0]);
  }

  async get(name: string): Promise<StoredReviewer | undefined> {
    const { rows } = await this.pool.query<ReviewerRow>('SELECT * FROM reviewer_accounts WHERE name = $1', [pgText(name)]);
    return rows[0] ? reviewerFromRow(rows[0]) : undefined;
  }

  async byHash(hash: string): Promise<StoredReviewer | undefined> {
    const { rows } = await this.pool.query<ReviewerRow>('SELECT * FROM reviewer_accounts WHERE hash = $1', [pgText(hash)]);
    return rows[0] ? reviewerFromRow(rows[0]) : undefined;
  }

  async list(): Promise<StoredReviewer[]> {
    const { rows } = await this.pool.query<ReviewerRow>('SELECT * FROM reviewer_accounts ORDER BY name');
    return rows.map(reviewerFromRow);
  }

  async revoke(name: string, at: number, by: string): Promise<StoredReviewer> {
    // One statement: the first revocation's time and author stay, a second changes nothing.
    const { rows } = await this.pool.query<ReviewerRow>(
      `WITH done AS (UPDATE reviewer_accounts SET revoked_at = $2, revoked_by = $3 WHERE name = $1 AND revoked_at IS NULL RETURNING *)
       SELECT * FROM done UNION ALL SELECT * FROM reviewer_accounts WHERE name = $1 AND NOT EXISTS (SELECT 1 FROM done)`,
      [pgText(name), at, pgText(by)],
    );
    if (!rows[0]) throw reviewerNotFound(name);
    return reviewerFromRow(rows[0]);
  }
}
