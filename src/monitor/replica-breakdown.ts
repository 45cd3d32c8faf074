import type { Traffic } from './overview.js';
import { type RollupRange, type RollupReader, type RollupTotals, subtractTotals } from './rollup.js';

/** The replicas with the most requests over a range, and what the rest add up to. */
export interface RankedReplicas {
  /** The busiest `top`, by requests (then name), each with when it last served a call of any kind. */
  rows: (RollupTotals & { value: string; lastSeen: number | null })[];
  /** Replicas past the first `top`: how many, and their calls. */
  more: { replicas: number; requests: number; errors: number; costUsd: number };
  /** The calls the rows and `more` count between them (the rest of the range's had no replica recorded). */
  named: number;
}

/**
 * The gateway processes that served a range, busiest first, from the rollups' `replica` dimension
 * (`eval:replica` for eval runs; applications' traffic is the one minus the other). At most `top`
 * come back with their totals, so thousands of names (every restart under the host-pid default is
 * a new one) make one short answer: the rest are counted in `more`. `lastSeen` is any call's,
 * eval runs' too, so a replica that stopped serving shows it however the traffic is filtered.
 *
 * @example await rankedReplicas(rollups, { resolutionMs: 60_000, since, until }, 'all', 20) // { rows: [{ value: 'eu-1', requests: 812, … }], more: { replicas: 0, … }, named: 812 }
 */
export async function rankedReplicas(reader: RollupReader, range: RollupRange, traffic: Traffic, top: number): Promise<RankedReplicas> {
  const values = await replicaValues(reader, range, traffic);
  const ranked = values.filter((v) => v.requests > 0).sort((a, b) => b.requests - a.requests || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const shown = ranked.slice(0, top);
  const seen = await reader.lastSeen(range, 'replica', shown.map((v) => v.value));
  const more = { replicas: ranked.length - shown.length, requests: 0, errors: 0, costUsd: 0 };
  for (const rest of ranked.slice(top)) {
    more.requests += rest.requests;
    more.errors += rest.errors;
    more.costUsd += rest.costUsd;
  }
  const named = ranked.reduce((n, v) => n + v.requests, 0);
  return { rows: shown.map((v) => ({ ...v, lastSeen: seen.get(v.value) ?? null })), more, named };
}

/** The replica dimension's totals per value for one kind of traffic. */
async function replicaValues(reader: RollupReader, range: RollupRange, traffic: Traffic): Promise<(RollupTotals & { value: string })[]> {
  if (traffic === 'evals') return reader.values(range, 'eval:replica');
  if (traffic === 'all') return reader.values(range, 'replica');
  const [all, evals] = await Promise.all([reader.values(range, 'replica'), reader.values(range, 'eval:replica')]);
  const evalOf = new Map(evals.map((e) => [e.value, e]));
  for (const row of all) {
    const e = evalOf.get(row.value);
    if (e) subtractTotals(row, e);
  }
  return all;
}
