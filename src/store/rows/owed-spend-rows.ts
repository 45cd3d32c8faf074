import type { OwedSpend } from '../../limits/owed-spend.js';

/** An `owed_spend` row as both engines return it (PostgreSQL's BIGINT columns as strings). */
export interface OwedSpendRow {
  id: string;
  prefix: string;
  spend_key: string;
  ttl_ms: number | string;
  usd: number;
  held_key: string | null;
  held_member: string | null;
  created_at: number | string;
}

/** An `owed_spend` row as the debt it records, in either engine. @example rows.map(owedSpendFromRow) */
export function owedSpendFromRow(r: OwedSpendRow): OwedSpend {
  return {
    id: r.id,
    prefix: r.prefix,
    spendKey: r.spend_key,
    ttlMs: Number(r.ttl_ms),
    usd: r.usd,
    ...(r.held_key !== null && r.held_member !== null ? { hold: { key: r.held_key, member: r.held_member } } : {}),
    createdAt: Number(r.created_at),
  };
}
