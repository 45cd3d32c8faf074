import { describe, expect, it } from 'vitest';
import type { LabelledTrace } from './labelled-traces.js';
import { servedBy } from './labelled-traces.js';
import { ReviewOutcomeTally, reviewUsageWords, routerRecordsFromReviews } from './router-records-from-reviews.js';
import type { Review } from './types.js';
import { cpuMs } from '../test-support/cpu-clock.js';

const targets = { weak: 'mini', strong: 'large' };
const review = (fields: Partial<Review>): Review => ({ id: 'rv', itemId: 'it', traceId: null, reviewer: 'ana', score: null, pass: null, corrected: null, comment: null, createdAt: 1, ...fields });
const routed = (model: string) => ({ route: { steps: [{ route: 'support', policy: 'learned', target: model, reason: 'router score' }], model } });
let n = 0;
function labelled(prompt: string, model: string, reviews: Partial<Review>[], extra: Partial<LabelledTrace> = {}): LabelledTrace {
  n++;
  return {
    traceId: `tr_${n}`,
    itemId: `it_${n}`,
    request: { model: 'support', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: prompt }] },
    response: { choices: [{ message: { role: 'assistant', content: 'an answer' } }] },
    reviews: reviews.map(review),
    status: 'done',
    served: servedBy({ requestedModel: 'support', status: 200, decisions: routed(model) }),
    ...extra,
  };
}

describe('routerRecordsFromReviews', () => {
  it('turns an accepted cheap answer into "good enough" and a rejected or corrected one into "needs the strong one"', () => {
    const { records, usage } = routerRecordsFromReviews(
      [
        labelled('reset my password', 'mini', [{ score: 5 }]),
        labelled('prove the theorem', 'mini', [{ score: 2 }]),
        labelled('translate this', 'mini', [{ score: 5, corrected: 'a better translation' }]),
        labelled('what time is it', 'mini', [{ pass: true }]),
        labelled('plan my migration', 'mini', [{ score: 5 }, { pass: false, reviewer: 'bo' }]),
      ],
      targets,
      { minScore: 4 },
    );
    expect(records).toEqual([
      { prompt: 'reset my password', weakScore: 1, strongScore: 1 },
      { prompt: 'prove the theorem', weakScore: 0, strongScore: 1 },
      { prompt: 'translate this', weakScore: 0, strongScore: 1 },
      { prompt: 'what time is it', weakScore: 1, strongScore: 1 },
      { prompt: 'plan my migration', weakScore: 0, strongScore: 1 },
    ]);
    expect(usage.cheap).toEqual({ accepted: 2, rejected: 3 });
  });

  it('moves the bar with --min-score', () => {
    const three = [labelled('summarise this', 'mini', [{ score: 3 }])];
    expect(routerRecordsFromReviews(three, targets, { minScore: 4 }).records[0]?.weakScore).toBe(0);
    expect(routerRecordsFromReviews(three, targets, { minScore: 3 }).records[0]?.weakScore).toBe(1);
  });

  it('uses a strong answer only beside a reviewed cheap answer to the same prompt', () => {
    const { records, usage } = routerRecordsFromReviews(
      [
        labelled('hard one', 'mini', [{ score: 5 }]),
        labelled('hard one', 'large', [{ score: 1 }]),
        labelled('only strong', 'large', [{ score: 5 }]),
      ],
      targets,
      { minScore: 4 },
    );
    // The strong target failed where the cheap one passed: the cheap one was better, not only as good.
    expect(records).toEqual([{ prompt: 'hard one', weakScore: 1, strongScore: 0 }]);
    expect(usage.strong).toEqual({ reviewed: 2, paired: 1 });
  });

  it('leaves out pending reviews, errors, items without a trace and other models, and counts each', () => {
    const { records, usage } = routerRecordsFromReviews(
      [
        labelled('pending', 'mini', [{ score: 5 }], { status: 'open' }),
        labelled('failed', 'mini', [{ score: 1 }], { served: { names: ['support', 'mini'], model: 'mini', status: 502 } }),
        labelled('dataset row', 'mini', [{ score: 5 }], { traceId: null, served: null }),
        labelled('other model', 'gpt-4o', [{ score: 5 }]),
      ],
      targets,
      { minScore: 4 },
    );
    expect(records).toEqual([]);
    expect(reviewUsageWords(usage, targets)).toBe('cheap mini: 0 accepted, 0 rejected; strong large: 0 reviewed (0 paired with a cheap answer); other models: gpt-4o 1; 1 pending; 2 without a stored answer');
  });
});

describe('routerRecordsFromReviews on a store of years (hostile input, 2026-12-07, helper hostile20)', () => {
  it('pairs 60,000 reviews of the strong target on one prompt in linear time', { timeout: 120_000 }, () => {
    // Each strong review copied the prompt's list of verdicts: 60,000 took 37 s, 80,000 65 s.
    const served = servedBy({ requestedModel: 'support', status: 200, decisions: routed('large') });
    const request = { model: 'support', messages: [{ role: 'user', content: 'hi' }] };
    const many: LabelledTrace[] = Array.from({ length: 60_000 }, (_, i) => ({ traceId: `s${i}`, itemId: `i${i}`, request, response: null, reviews: [review({ score: i % 4 === 0 ? 1 : 5 })], status: 'done', served }));
    many.push(labelled('hi', 'mini', [{ score: 5 }]));
    const started = cpuMs();
    const { records, usage } = routerRecordsFromReviews(many, targets, { minScore: 4 });
    expect(cpuMs() - started).toBeLessThan(5_000);
    expect(records).toEqual([{ prompt: 'hi', weakScore: 1, strongScore: 0.75 }]);
    expect(usage.strong).toEqual({ reviewed: 60_000, paired: 60_000 });
  });

  it('names the ten most reviewed other models and counts the rest; a name that reads as none is quoted, escaped and cut', () => {
    const others = new Map<string, number>(Array.from({ length: 5_000 }, (_, i) => [`model-${i}`, i === 4_321 ? 50 : 1]));
    others.set(`evil\u202e\u001b[31m${'x'.repeat(100_000)}`, 40);
    const usage = { cheap: { accepted: 0, rejected: 0 }, strong: { reviewed: 0, paired: 0 }, others, pending: 0, unusable: 0 };
    const line = reviewUsageWords(usage, { weak: 'mini', strong: 'y'.repeat(300) });
    expect(line.length).toBeLessThan(1_000);
    expect(line).toContain('other models: model-4321 50, "evil\\u202e\\u001b[31mxxx');
    expect(line).toContain('model-0 1');
    expect(line).toContain('and 4991 more models;');
    expect(line).toContain(`strong "${'y'.repeat(60)}…"`);
    expect(line).not.toMatch(/[\u202e\u001b]/);
  });
});

describe('servedBy', () => {
  it("names the route's last choice in a cascade (the step that answered), not the step it escalated from", () => {
    const decisions = { route: { steps: [{ route: 'support', target: 'mini' }, { route: 'support', target: 'large' }], model: 'large' } };
    expect(servedBy({ requestedModel: 'support', status: 200, decisions })).toEqual({ names: ['support', 'large'], model: 'large', status: 200 });
  });

  it('reads decisions kept as JSON text, and a call on no route as its model', () => {
    expect(servedBy({ requestedModel: 'mini', status: 200, decisions: null }).names).toEqual(['mini']);
    const text = JSON.stringify(routed('mini'));
    expect(servedBy({ requestedModel: 'support', status: 200, decisions: JSON.parse(text) as Record<string, unknown> }).model).toBe('mini');
  });
});

describe('ReviewOutcomeTally', () => {
  it('fed a page at a time, gives what the whole list gives: a strong verdict pairs with a cheap one pages apart', () => {
    const all = [
      labelled('prove the theorem', 'mini', [{ score: 2 }]),
      labelled('reset my password', 'mini', [{ score: 5 }]),
      labelled('hello', 'gpt-4o', [{ score: 5 }]),
      labelled('prove the theorem', 'large', [{ score: 1 }]),
      labelled('later', 'mini', [{ score: 5 }], { status: 'open' }),
    ];
    const tally = new ReviewOutcomeTally(targets, { minScore: 4 });
    for (let i = 0; i < all.length; i += 2) tally.add(all.slice(i, i + 2));
    expect(tally.read).toBe(5);
    const paged = tally.outcomes();
    expect(paged).toEqual(routerRecordsFromReviews(all, targets, { minScore: 4 }));
    // The strong answer failed too, on a later page: the cheap one was no worse.
    expect(paged.records).toEqual([
      { prompt: 'prove the theorem', weakScore: 0, strongScore: 0 },
      { prompt: 'reset my password', weakScore: 1, strongScore: 1 },
    ]);
    expect(paged.usage).toMatchObject({ strong: { reviewed: 1, paired: 1 }, pending: 1 });
  });
});
