import type { ReviewConfig } from '../config/schema.js';

export type LowConfidenceLimits = ReviewConfig['low_confidence'];
/** What a budget counts against: `review.low_confidence` or `review.disagreements`. */
export type ReviewCaps = Pick<LowConfidenceLimits, 'per_hour' | 'per_day'>;

/** A trace a person may want to see (an unsure decision, a contradicted answer): it may become a review item. */
export interface ReviewCandidate {
  traceId: string;
  /** The route (requested model) whose caps it counts against. */
  route: string;
  /** When the trace started (ms): picks the hour and day it counts in. */
  ts: number;
  /** Lower goes first (a contradicted answer: 0). */
  confidence: number;
  /** What the reviewer reads: "local: low confidence 0.31". */
  reason: string;
  /** Same key, same question (case and spacing aside); undefined when the trace kept no text. */
  textKey: string | undefined;
}

interface Window {
  hour: number;
  inHour: number;
  day: number;
  inDay: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Texts remembered per route once queued. A text asked again after it has dropped out is queued
 * again (at most once per this many other texts of the route): memory stays a few hundred kB per
 * route whatever the traffic.
 */
export const REMEMBERED_TEXTS = 10_000;

/**
 * How many of a route's review candidates of one kind (low confidence; shadow disagreements)
 * reach a person: at most `per_hour` per clock hour and `per_day` per UTC day, one per text, the
 * least confident of each batch first. Counts live in this process (the trace writer's, the
 * gateway's), so a restart starts a fresh hour, and each replica has its own caps.
 *
 * `pick` only looks; `commit` counts what was queued. A batch whose enqueue failed is delivered
 * again and picked again, instead of finding its own texts already "seen".
 *
 * @example
 * const budget = new ReviewBudget({ per_hour: 10, per_day: 50 });
 * const picked = budget.pick(candidates);
 * await reviews.enqueueSampled(picked.map(toItem));
 * budget.commit(picked);
 */
export class ReviewBudget {
  private readonly windows = new Map<string, Window>();
  /** Per route, keys of the texts queued, oldest first. */
  private readonly texts = new Map<string, Set<string>>();

  constructor(readonly limits: ReviewCaps) {}

  /** The candidates to queue, least confident first; none of them is counted until `commit`. */
  pick(candidates: readonly ReviewCandidate[]): ReviewCandidate[] {
    const windows = new Map<string, Window>();
    const textsTaken = new Set<string>();
    const picked: ReviewCandidate[] = [];
    for (const candidate of [...candidates].sort((a, b) => a.confidence - b.confidence)) {
      const window = rolled(windows.get(candidate.route) ?? this.windows.get(candidate.route), candidate.ts);
      if (window.inHour >= this.limits.per_hour || window.inDay >= this.limits.per_day) continue;
      const text = candidate.textKey === undefined ? undefined : `${candidate.route}\u0000${candidate.textKey}`;
      if (text !== undefined && (textsTaken.has(text) || this.texts.get(candidate.route)?.has(candidate.textKey as string))) continue;
      windows.set(candidate.route, { ...window, inHour: window.inHour + 1, inDay: window.inDay + 1 });
      if (text !== undefined) textsTaken.add(text);
      picked.push(candidate);
    }
    return picked;
  }

  /** Counts candidates that were queued against their route's caps and remembers their texts. */
  commit(queued: readonly ReviewCandidate[]): void {
    for (const candidate of queued) {
      const window = rolled(this.windows.get(candidate.route), candidate.ts);
      this.windows.set(candidate.route, { ...window, inHour: window.inHour + 1, inDay: window.inDay + 1 });
      if (candidate.textKey === undefined) continue;
      let texts = this.texts.get(candidate.route);
      if (!texts) this.texts.set(candidate.route, (texts = new Set()));
      texts.add(candidate.textKey);
      if (texts.size > REMEMBERED_TEXTS) texts.delete(texts.values().next().value as string);
    }
  }
}

/**
 * The window a trace at `ts` counts in: a new hour or day starts from zero. A late trace from an
 * earlier hour counts against the current one, so it cannot reopen a window already spent.
 */
function rolled(window: Window | undefined, ts: number): Window {
  const hour = Math.floor(ts / HOUR_MS);
  const day = Math.floor(ts / DAY_MS);
  if (!window) return { hour, inHour: 0, day, inDay: 0 };
  return {
    hour: Math.max(hour, window.hour),
    inHour: hour > window.hour ? 0 : window.inHour,
    day: Math.max(day, window.day),
    inDay: day > window.day ? 0 : window.inDay,
  };
}
