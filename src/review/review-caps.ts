import type { ReviewConfig } from '../config/schema.js';

export type LowConfidenceLimits = ReviewConfig['low_confidence'];
/** What a cap counts against: `review.low_confidence` or `review.disagreements`. */
export type ReviewCaps = Pick<LowConfidenceLimits, 'per_hour' | 'per_day'>;
/** Which caps an item counts against; each kind is counted apart from the other. */
export type ReviewCapKind = 'low_confidence' | 'disagreements';

/** A trace a person may want to see (an unsure decision, a contradicted answer): it may become a `sample` review item. */
export interface ReviewCandidate {
  traceId: string;
  /** The route (requested model) whose caps it counts against. */
  route: string;
  /** When the trace started (ms): picks the clock hour and UTC day it counts in. */
  ts: number;
  /** Lower goes first (a contradicted answer: 0). */
  confidence: number;
  /** What the reviewer reads: "local: low confidence 0.31". */
  reason: string;
  /** Same key, same question (case and spacing aside); undefined when the trace kept no text. */
  textKey: string | undefined;
}

const HOUR_MS = 3_600_000;
const HOURS_PER_DAY = 24;

/** The clock hour a candidate counts in (hours since the epoch); its UTC day is `Math.floor(hour / 24)`. */
export function capHour(ts: number): number {
  return Math.floor(ts / HOUR_MS);
}

/**
 * A store's candidates of one kind by route (routes in code-point order, so two writers lock
 * them in the same order and cannot deadlock), each route's least confident first (ties keep
 * their order), with the hour ranges whose counts decide them: `[from, to)` per UTC day touched.
 *
 * @example for (const { route, candidates, hours } of cappedByRoute(batch)) { lock(route); counts(hours); … }
 */
export function cappedByRoute(candidates: readonly ReviewCandidate[]): { route: string; candidates: ReviewCandidate[]; hours: { from: number; to: number }[] }[] {
  const byRoute = new Map<string, ReviewCandidate[]>();
  for (const candidate of candidates) {
    const list = byRoute.get(candidate.route);
    if (list) list.push(candidate);
    else byRoute.set(candidate.route, [candidate]);
  }
  return [...byRoute.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((route) => {
      const list = (byRoute.get(route) as ReviewCandidate[]).sort((a, b) => a.confidence - b.confidence);
      const days = [...new Set(list.map((c) => Math.floor(capHour(c.ts) / HOURS_PER_DAY)))];
      return { route, candidates: list, hours: days.map((day) => ({ from: day * HOURS_PER_DAY, to: (day + 1) * HOURS_PER_DAY })) };
    });
}

/**
 * One route's windows while a store holds its lock: starts from the items of that route and kind
 * already stored per clock hour (every replica's, every earlier process's), and says whether a
 * candidate's hour and UTC day still have room. The store inserts an admitted candidate and calls
 * `took` only when the insert added a row (a trace or question already queued takes no place).
 *
 * @example const windows = new CapWindows(caps, storedPerHour); if (windows.admits(c) && insert(c)) windows.took(c);
 */
export class CapWindows {
  private readonly perHour: Map<number, number>;
  private readonly perDay = new Map<number, number>();

  constructor(
    private readonly caps: ReviewCaps,
    storedPerHour: ReadonlyMap<number, number>,
  ) {
    this.perHour = new Map(storedPerHour);
    for (const [hour, n] of storedPerHour) {
      const day = Math.floor(hour / HOURS_PER_DAY);
      this.perDay.set(day, (this.perDay.get(day) ?? 0) + n);
    }
  }

  admits(candidate: Pick<ReviewCandidate, 'ts'>): boolean {
    const hour = capHour(candidate.ts);
    return (this.perHour.get(hour) ?? 0) < this.caps.per_hour && (this.perDay.get(Math.floor(hour / HOURS_PER_DAY)) ?? 0) < this.caps.per_day;
  }

  took(candidate: Pick<ReviewCandidate, 'ts'>): void {
    const hour = capHour(candidate.ts);
    const day = Math.floor(hour / HOURS_PER_DAY);
    this.perHour.set(hour, (this.perHour.get(hour) ?? 0) + 1);
    this.perDay.set(day, (this.perDay.get(day) ?? 0) + 1);
  }
}
