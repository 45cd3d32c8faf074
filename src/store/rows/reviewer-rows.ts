import type { ReplacedKey, StoredReviewer } from '../../review/reviewer-store.js';

/** A `reviewer_accounts` row as both engines return it (PostgreSQL's BIGINT times as strings). */
export interface ReviewerRow {
  name: string;
  hash: string;
  prefix: string;
  created_at: number | string;
  created_by: string;
  revoked_at: number | string | null;
  revoked_by: string | null;
  rotated_at: number | string | null;
  rotated_by: string | null;
}

/** A `reviewer_accounts` row as an account, in either engine. @example rows.map(reviewerFromRow) */
export function reviewerFromRow(r: ReviewerRow): StoredReviewer {
  return {
    name: r.name,
    hash: r.hash,
    prefix: r.prefix,
    createdAt: Number(r.created_at),
    createdBy: r.created_by,
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
    revokedBy: r.revoked_by,
    rotatedAt: r.rotated_at === null ? null : Number(r.rotated_at),
    rotatedBy: r.rotated_by,
  };
}

/** A `reviewer_replaced_keys` row joined to its account's, in either engine. */
export type ReplacedKeyRow = ReviewerRow & { replaced_at: number | string; replaced_by: string };

export function replacedKeyFromRow(r: ReplacedKeyRow): ReplacedKey {
  return { account: reviewerFromRow(r), replacedAt: Number(r.replaced_at), replacedBy: r.replaced_by };
}
