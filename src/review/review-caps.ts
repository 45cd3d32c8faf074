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
      const days = [...new Set(list.map((c) => dayOf(capHour(c.ts))))];
      return { route, candidates: list, hours: days.map((day) => ({ from: day * HOURS_PER_DAY, to: (day + 1) * HOURS_PER_DAY })) };
    });
}

/** A capped sample a store holds: what its windows need to count it and, unreviewed, to replace it. */
export interface StoredSample {
  traceId: string;
  hour: number;
  confidence: number;
  /** Reviewed at least once: it stays, whatever comes after. */
  reviewed: boolean;
}

/**
 * One route's windows while a store holds its lock: starts from the samples of that route and
 * kind already stored in the hours asked for (every replica's, every earlier process's), and says
 * whether a candidate's hour and UTC day still have room. The store inserts an admitted candidate
 * and calls `took` only when the insert added a row (a trace or question already queued takes no
 * place). When a window is full, `displaced` names the most confident unreviewed sample in it, if
 * it is more confident than the candidate: the store replaces it (`replaced`), so over an hour
 * the least confident candidates stay queued, not the first ones.
 *
 * @example const windows = new CapWindows(caps, stored); if (windows.admits(c) && insert(c)) windows.took(c);
 */
export class CapWindows {
  private readonly perHour = new Map<number, number>();
  private readonly perDay = new Map<number, number>();
  /** Unreviewed samples that a less confident candidate may replace. */
  private readonly open: StoredSample[] = [];

  constructor(
    private readonly caps: ReviewCaps,
    stored: readonly StoredSample[],
  ) {
    for (const sample of stored) this.count(sample, 1);
  }

  admits(candidate: Pick<ReviewCandidate, 'ts'>): boolean {
    const hour = capHour(candidate.ts);
    return (this.perHour.get(hour) ?? 0) < this.caps.per_hour && (this.perDay.get(dayOf(hour)) ?? 0) < this.caps.per_day;
  }

  took(candidate: ReviewCandidate): void {
    this.count({ traceId: candidate.traceId, hour: capHour(candidate.ts), confidence: candidate.confidence, reviewed: false }, 1);
  }

  /**
   * For a candidate `admits` refused: the unreviewed sample it should replace, the most
   * confident in its full hour (or, with room in the hour, in its full day), when more confident
   * than the candidate; undefined when none is (or when the caps are 0).
   */
  displaced(candidate: Pick<ReviewCandidate, 'ts' | 'confidence'>): StoredSample | undefined {
    const hour = capHour(candidate.ts);
    const hourFull = (this.perHour.get(hour) ?? 0) >= this.caps.per_hour;
    let most: StoredSample | undefined;
    for (const sample of this.open) {
      if (hourFull ? sample.hour !== hour : dayOf(sample.hour) !== dayOf(hour)) continue;
      if (sample.confidence > candidate.confidence && (!most || sample.confidence > most.confidence)) most = sample;
    }
    return most;
  }

  /** The store deleted `sample` and queued `candidate` in its place. */
  replaced(sample: StoredSample, candidate: ReviewCandidate): void {
    this.count(sample, -1);
    this.took(candidate);
  }

  private count(sample: StoredSample, by: 1 | -1): void {
    this.perHour.set(sample.hour, (this.perHour.get(sample.hour) ?? 0) + by);
    this.perDay.set(dayOf(sample.hour), (this.perDay.get(dayOf(sample.hour)) ?? 0) + by);
    if (by === 1 && !sample.reviewed) this.open.push(sample);
    const at = by === -1 ? this.open.indexOf(sample) : -1;
    if (at >= 0) this.open.splice(at, 1);
  }
}

function dayOf(hour: number): number {
  return Math.floor(hour / HOURS_PER_DAY);
}
