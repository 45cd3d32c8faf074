import type { Finding, PiiEntityType } from './entity-types.js';

// On equal scores, the type whose validation is stronger wins (a checksummed card over a phone
// reading of the same digits; a URL credential over the generic secret rule).
const PRIORITY: Partial<Record<PiiEntityType, number>> = {
  IBAN: 9,
  CREDIT_CARD: 8,
  URL_CREDENTIALS: 8,
  EMAIL: 7,
  SECRET: 6,
  IP_ADDRESS: 5,
  MAC_ADDRESS: 5,
  DATE_OF_BIRTH: 4,
};

/**
 * Keeps a non-overlapping subset of findings: higher score first, then stronger validation, then
 * the longer span. Returns them sorted by start. Findings are first cut into clusters of
 * mutually reachable overlaps, so a million disjoint findings from a hostile input cost
 * O(n log n), not the O(n²) of one sorted insertion list.
 *
 * @example resolveOverlaps([{ type: 'PHONE', start: 0, end: 16, score: 0.6 }, { type: 'CREDIT_CARD', start: 0, end: 16, score: 0.85 }])
 * // → only the CREDIT_CARD finding
 */
export function resolveOverlaps(findings: readonly Finding[]): Finding[] {
  const byStart = findings.filter((f) => f.end > f.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Finding[] = [];
  let cluster: Finding[] = [];
  let clusterEnd = -1;
  for (const f of byStart) {
    if (f.start >= clusterEnd && cluster.length > 0) {
      pickWithin(cluster, out);
      cluster = [];
    }
    cluster.push(f);
    clusterEnd = Math.max(clusterEnd, f.end);
  }
  pickWithin(cluster, out);
  return out;
}

function rank(a: Finding, b: Finding): number {
  return (
    b.score - a.score ||
    (PRIORITY[b.type] ?? 0) - (PRIORITY[a.type] ?? 0) ||
    b.end - b.start - (a.end - a.start) ||
    a.start - b.start
  );
}

/** Greedy choice inside one cluster; appends the kept findings to `out` in start order. */
function pickWithin(cluster: Finding[], out: Finding[]): void {
  if (cluster.length <= 1) {
    if (cluster[0]) out.push(cluster[0]);
    return;
  }
  const kept: Finding[] = [];
  for (const f of [...cluster].sort(rank)) {
    const i = firstEndingAfter(kept, f.start);
    const next = kept[i];
    if (next && next.start < f.end) continue;
    kept.splice(i, 0, f);
  }
  for (const f of kept) out.push(f);
}

/** Index of the first kept finding whose end is after `offset` (binary search). */
function firstEndingAfter(kept: readonly Finding[], offset: number): number {
  let lo = 0;
  let hi = kept.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (kept[mid]!.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
