import { describe, expect, it } from 'vitest';
import { ReviewBudget, type ReviewCandidate, REMEMBERED_TEXTS } from './review-budget.js';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 0, 1, 9);

let n = 0;
const candidate = (fields: Partial<ReviewCandidate> = {}): ReviewCandidate => {
  n++;
  return { traceId: `tr_${n}`, route: 'intents', ts: START, confidence: 0.3, reason: 'local: low confidence 0.30', textKey: `text ${n}`, ...fields };
};

/** Picks and commits, as the sampler does once the store took the items. */
function queue(budget: ReviewBudget, candidates: ReviewCandidate[]): string[] {
  const picked = budget.pick(candidates);
  budget.commit(picked);
  return picked.map((c) => c.traceId);
}

describe('review budget', () => {
  it('queues at most per_hour of a route per clock hour, and starts again the next hour', () => {
    const budget = new ReviewBudget({ per_hour: 3, per_day: 100 });
    const first = Array.from({ length: 40 }, () => candidate());
    expect(queue(budget, first.slice(0, 20))).toHaveLength(3);
    expect(queue(budget, first.slice(20))).toEqual([]); // the same hour, a later batch
    expect(queue(budget, [candidate({ ts: START + HOUR - 1 })])).toEqual([]);
    expect(queue(budget, [candidate({ ts: START + HOUR }), candidate({ ts: START + HOUR + 5 })])).toHaveLength(2);
  });

  it('caps each route on its own', () => {
    const budget = new ReviewBudget({ per_hour: 2, per_day: 100 });
    const batch = [...Array.from({ length: 5 }, () => candidate({ route: 'a' })), ...Array.from({ length: 5 }, () => candidate({ route: 'b' }))];
    const picked = budget.pick(batch);
    expect(picked.map((c) => c.route)).toEqual(['a', 'a', 'b', 'b']);
  });

  it('stops a route for the rest of the UTC day at per_day', () => {
    const budget = new ReviewBudget({ per_hour: 2, per_day: 5 });
    let queued = 0;
    for (let hour = 0; hour < 15; hour++) queued += queue(budget, Array.from({ length: 4 }, () => candidate({ ts: START + hour * HOUR }))).length;
    expect(queued).toBe(5); // 2 + 2 + 1, then nothing until midnight
    expect(queue(budget, [candidate({ ts: Date.UTC(2026, 0, 2) })])).toHaveLength(1);
  });

  it('prefers the least confident of a batch', () => {
    const budget = new ReviewBudget({ per_hour: 2, per_day: 100 });
    const batch = [0.45, 0.12, 0.3, 0.05, 0.4].map((confidence) => candidate({ confidence }));
    expect(budget.pick(batch).map((c) => c.confidence)).toEqual([0.05, 0.12]);
  });

  it('collapses the same text, in a batch and across batches, and leaves texts it does not know alone', () => {
    const budget = new ReviewBudget({ per_hour: 100, per_day: 1_000 });
    expect(queue(budget, [candidate({ textKey: 'card stuck' }), candidate({ textKey: 'card stuck' }), candidate({ textKey: 'pin' })])).toHaveLength(2);
    expect(queue(budget, [candidate({ textKey: 'card stuck', ts: START + 5 * HOUR })])).toEqual([]);
    expect(queue(budget, [candidate({ textKey: 'card stuck', route: 'other' })])).toHaveLength(1); // another route asks its own question
    expect(queue(budget, [candidate({ textKey: undefined }), candidate({ textKey: undefined })])).toHaveLength(2);
  });

  it('remembers a bounded number of texts per route', () => {
    const budget = new ReviewBudget({ per_hour: 100_000, per_day: 100_000 });
    queue(budget, [candidate({ textKey: 'oldest' })]);
    queue(budget, Array.from({ length: REMEMBERED_TEXTS }, () => candidate()));
    expect(queue(budget, [candidate({ textKey: 'oldest' })])).toHaveLength(1); // forgotten, so queued again
  });

  it('counts nothing until commit, so a batch whose enqueue failed is picked the same way again', () => {
    const budget = new ReviewBudget({ per_hour: 2, per_day: 100 });
    const batch = [candidate(), candidate(), candidate()];
    const first = budget.pick(batch);
    expect(budget.pick(batch)).toEqual(first);
    budget.commit(first);
    expect(budget.pick(batch)).toEqual([]);
  });

  it('does not reopen a spent hour for a trace that arrives late', () => {
    const budget = new ReviewBudget({ per_hour: 1, per_day: 100 });
    expect(queue(budget, [candidate({ ts: START + HOUR })])).toHaveLength(1);
    expect(queue(budget, [candidate({ ts: START })])).toEqual([]);
  });

  it('queues none with per_hour 0', () => {
    expect(new ReviewBudget({ per_hour: 0, per_day: 50 }).pick([candidate()])).toEqual([]);
  });
});
