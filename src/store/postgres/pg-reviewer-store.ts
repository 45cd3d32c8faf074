import { sameReader } from '../../review/reviewer-name.js';
import { type NewReviewer, reviewerNameAlike, reviewerNameTaken, reviewerNotFound, reviewerRevokedNoRotate, type ReplacedKey, type ReviewerStore, type StoredReviewer } from '../../review/reviewer-store.js';
import { type ReplacedKeyRow, replacedKeyFromRow, type ReviewerRow, reviewerFromRow } from '../rows/reviewer-rows.js';
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
    // The name as people read it (`sameReader`: NFKC, lower case), computed by the gateway, under a
    // unique index: two adds of "ana" and "Ana" racing both passed a look at the list first.
    // Accounts made before get PostgreSQL's fold (lower() under the database's collation: on a "C"
    // database ASCII letters only); of two that read alike the older holds the key, the other NULL.
    `ALTER TABLE reviewer_accounts ADD COLUMN IF NOT EXISTS name_key TEXT COLLATE "C",
       ADD COLUMN IF NOT EXISTS rotated_at BIGINT,
       ADD COLUMN IF NOT EXISTS rotated_by TEXT;
     UPDATE reviewer_accounts a SET name_key = k.folded
       FROM (SELECT name, lower(normalize(name, NFKC) COLLATE "default") AS folded,
                    row_number() OVER (PARTITION BY lower(normalize(name, NFKC) COLLATE "default") ORDER BY created_at, name) AS n
               FROM reviewer_accounts) k
      WHERE a.name = k.name AND k.n = 1;
     CREATE UNIQUE INDEX IF NOT EXISTS reviewer_accounts_name_key ON reviewer_accounts (name_key) WHERE name_key IS NOT NULL;`,
    // Keys a rotation replaced, by hash: their holders are told the key was replaced, and when.
    `CREATE TABLE IF NOT EXISTS reviewer_replaced_keys (
       hash TEXT COLLATE "C" PRIMARY KEY,
       name TEXT COLLATE "C" NOT NULL,
       replaced_at BIGINT NOT NULL,
       replaced_by TEXT NOT NULL
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

  async create(r: NewReviewer): Promise<StoredReviewer> {
    const key = sameReader(r.name);
    // Any unique column: the name, the name as read, the key's hash. Of two racing inserts the
    // second waits on the first's index entry and then does nothing.
    const { rows } = await this.pool.query<ReviewerRow>(
      'INSERT INTO reviewer_accounts (name, name_key, hash, prefix, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING *',
      [pgText(r.name), pgText(key), r.hash, r.prefix, r.createdAt, pgText(r.createdBy)],
    );
    if (rows[0]) return reviewerFromRow(rows[0]);
    const taken = await this.pool.query<ReviewerRow>('SELECT * FROM reviewer_accounts WHERE name = $1 OR name_key = $2 ORDER BY name = $1 DESC LIMIT 1', [pgText(r.name), pgText(key)]);
    const row = taken.rows[0];
    throw row && row.name !== r.name ? reviewerNameAlike(r.name, reviewerFromRow(row)) : reviewerNameTaken(r.name);
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

  async rotate(name: string, key: { hash: string; prefix: string }, at: number, by: string): Promise<StoredReviewer> {
    // One statement: an active account gets the key and its old key is kept as replaced (the row
    // locked, so of two rotations racing the second replaces the first's key); a revoked or
    // unknown one is told apart after.
    const { rows } = await this.pool.query<ReviewerRow>(
      `WITH old AS (SELECT name, hash FROM reviewer_accounts WHERE name = $1 AND revoked_at IS NULL FOR UPDATE),
            done AS (UPDATE reviewer_accounts a SET hash = $2, prefix = $3, rotated_at = $4, rotated_by = $5 FROM old WHERE a.name = old.name RETURNING a.*),
            kept AS (INSERT INTO reviewer_replaced_keys (hash, name, replaced_at, replaced_by) SELECT hash, name, $4, $5 FROM old ON CONFLICT DO NOTHING)
       SELECT * FROM done`,
      [pgText(name), key.hash, key.prefix, at, pgText(by)],
    );
    if (rows[0]) return reviewerFromRow(rows[0]);
    const existing = await this.get(name);
    throw existing ? reviewerRevokedNoRotate(existing) : reviewerNotFound(name);
  }

  async replacedKey(hash: string): Promise<ReplacedKey | undefined> {
    const { rows } = await this.pool.query<ReplacedKeyRow>('SELECT a.*, k.replaced_at, k.replaced_by FROM reviewer_replaced_keys k JOIN reviewer_accounts a ON a.name = k.name WHERE k.hash = $1', [pgText(hash)]);
    return rows[0] ? replacedKeyFromRow(rows[0]) : undefined;
  }
}
