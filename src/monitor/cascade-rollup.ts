/**
 * The `cascade` dimension of the rollups: per cascade route, what its calls cost across all their
 * steps and what they would have cost sent to its last (strongest) target alone, so a report's
 * saving is exact (Σ last target alone − Σ all steps − the judge's calls) instead of read off the
 * branches' mean costs, which could only bound it when no call stopped before the last step.
 * Values, each `ROUTE > (…)` (in parentheses, as the gateway's own branches are):
 *
 * - `(steps)`: the calls compared, each with its own cost (every step's), tokens and latency;
 * - `(last)`: those the last step answered (or failed on): that step's cost and latency;
 * - `(priced)`: those that stopped earlier: the last target's price at the call's tokens (no latency);
 * - `(unpriced)`: calls with no comparison (the last target has no price), their own cost: not in `(steps)`;
 * - `(judge)`: the cascade's judge calls (the last target alone needs none).
 *
 * `(steps)` requests = `(last)` + `(priced)` requests. Written from `decisions.route.alone`
 * (since 2026-12-07: older calls have no row here, and reports say from when the figure is exact).
 */
export const CASCADE_ROW = { steps: '(steps)', last: '(last)', priced: '(priced)', unpriced: '(unpriced)', judge: '(judge)' } as const;

/** The fields of a trace this dimension reads (a subset of the rollups' `RolledTrace`). */
export interface CascadeRolledTrace {
  costUsd: number;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  reasoningTokens: number;
  keyName: string | null;
  decisions?: unknown;
}

/** One row's figures for a trace: its own (`own`), or a cost, tokens and latency in place of the trace's (null latency: none measured). */
export type CascadeRowFigures<T> = { value: string; own: true; trace: T } | { value: string; own: false; trace: T; latencyMs: number | null };

/** What `decisions.route.alone` holds (see src/gateway/stages/cascade-alone.ts). */
interface Alone {
  costUsd: number | null;
  latencyMs: number | null;
  from: 'step' | 'price';
}

/**
 * A trace's rows in the `cascade` dimension: none for a call that ran no cascade (or one traced
 * before `decisions.route.alone` was written), `(steps)` with `(last)` or `(priced)` for one that
 * did, `(unpriced)` when its last target has no price, `(judge)` for a judge call (`judgedRoute`,
 * the cascade whose step it judged, as the route dimension files it).
 *
 * @example cascadeRowsOf({ costUsd: 0.0016, decisions: { route: { steps: [{ route: 'extract', policy: 'cascade', … }], cascade: [ … ], alone: { costUsd: 0.0013, latencyMs: 800, from: 'step' } } }, … }, undefined)
 * // [{ value: 'extract > (steps)', own: true, … }, { value: 'extract > (last)', own: false, trace: { costUsd: 0.0013, … }, latencyMs: 800 }]
 */
export function cascadeRowsOf<T extends CascadeRolledTrace>(trace: T, judgedRoute: string | undefined, shadowKey: string): CascadeRowFigures<T>[] {
  if (judgedRoute !== undefined) return [{ value: `${judgedRoute} > ${CASCADE_ROW.judge}`, own: true, trace }];
  const d = trace.decisions;
  // Stored decisions are JSON text: parsed only when they hold a cascade's comparison.
  if (d === null || d === undefined || trace.keyName === shadowKey || (typeof d === 'string' && !d.includes('"alone"'))) return [];
  const route = (parsed(d) as { route?: { steps?: unknown; alone?: unknown } } | undefined)?.route;
  const alone = aloneOf(route?.alone);
  if (!alone) return [];
  const name = Array.isArray(route?.steps) ? (route.steps as ({ route?: unknown; policy?: unknown } | null)[]).find((s) => s?.policy === 'cascade')?.route : undefined;
  if (typeof name !== 'string') return [];
  if (alone.costUsd === null) return [{ value: `${name} > ${CASCADE_ROW.unpriced}`, own: true, trace }];
  const instead = { ...trace, costUsd: alone.costUsd, inputTokens: 0, outputTokens: 0, cachedTokens: 0, reasoningTokens: 0, latencyMs: alone.latencyMs ?? 0 };
  return [
    { value: `${name} > ${CASCADE_ROW.steps}`, own: true, trace },
    { value: `${name} > ${alone.from === 'step' ? CASCADE_ROW.last : CASCADE_ROW.priced}`, own: false, trace: instead, latencyMs: alone.latencyMs },
  ];
}

function parsed(decisions: unknown): unknown {
  if (typeof decisions !== 'string') return decisions;
  try {
    return JSON.parse(decisions);
  } catch {
    return undefined;
  }
}

/** `decisions.route.alone` read back, or undefined when it is not one (a cost that is no finite number is none). */
function aloneOf(value: unknown): Alone | undefined {
  if (value === undefined) return undefined;
  const a = value as { costUsd?: unknown; latencyMs?: unknown; from?: unknown } | null;
  if (!a || (a.from !== 'step' && a.from !== 'price')) return undefined;
  const cost = typeof a.costUsd === 'number' && Number.isFinite(a.costUsd) && a.costUsd >= 0 ? a.costUsd : null;
  const latency = typeof a.latencyMs === 'number' && Number.isFinite(a.latencyMs) && a.latencyMs >= 0 ? a.latencyMs : null;
  return { costUsd: cost, latencyMs: latency, from: a.from };
}
