import { expect, it } from 'vitest';
import type { Clock } from '../../core/clock.js';
import { makeTrace } from '../../monitor/test-traces.js';
import { labelledTracePages, labelledTraces } from '../../review/labelled-traces.js';
import type { ReviewCandidate } from '../../review/review-caps.js';
import { reviewSampler } from '../../review/review-sampler.js';
import type { StoreBackend } from './backends.js';

const noReview = { score: null, pass: null, corrected: null, comment: null };

/** A clock that stands still unless told to move, so ties in time are the rule, not luck. */
function fixedClock(start = Date.UTC(2026, 0, 1)): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => now, sleep: async () => undefined, advance: (ms) => void (now += ms) };
}

/**
 * What every ReviewStore must do, with the trace writer's sampler and the export on top.
 *
 * @example forEachBackend((backend) => describe('reviewStoreContract', () => reviewStoreContract(backend)));
 */
export function reviewStoreContract(backend: StoreBackend): void {
  it('queues sampled and flagged traces of stored batches, once each', async () => {
    const { reviews, traces } = await backend.fresh();
    await reviews.saveRule({ id: 'rule_support', name: 'all support', rate: 1, match: { model: 'support' }, reviewsWanted: 2, enabled: true, createdAt: 1 });
    const batch = [
      makeTrace({ id: 'tr_1', requestedModel: 'support' }),
      makeTrace({ id: 'tr_2', requestedModel: 'chat', decisions: { guard: { action: 'flag', reason: 'card number' } } }),
      makeTrace({ id: 'tr_3', requestedModel: 'chat' }),
    ];
    await traces.insertTraces(batch);
    const sampler = reviewSampler(reviews);
    await sampler.write(batch);
    await sampler.write(batch); // a redelivered batch queues nothing twice
    const queue = await reviews.queue({ reviewer: 'ana' });
    expect(queue.map((i) => [i.traceId, i.source])).toEqual([['tr_2', 'flag'], ['tr_1', 'sample']]);
    expect(queue[0]?.reason).toBe('guard: card number');
    expect(queue[1]).toMatchObject({ ruleId: 'rule_support', reviewsWanted: 2, reason: 'sampled by rule "all support" (100%)' });
    expect(await reviews.enqueueSampled([{ traceId: 'tr_1', source: 'sample', reason: 'again' }])).toBe(0);
  });

  it('queues a bounded sample of low-confidence traces, and every flag', async () => {
    const { reviews, traces } = await backend.fresh();
    const ask = (text: string) => ({ messages: [{ role: 'user', content: text }] });
    const unsure = Array.from({ length: 30 }, (_, i) =>
      makeTrace({ id: `tr_unsure_${i}`, requestedModel: 'intents', decisions: { local: { answered: false, confidence: 0.2 + i / 100 } }, request: ask(i < 10 ? 'card stuck' : `question ${i}`) }),
    );
    const flagged = makeTrace({ id: 'tr_flagged', requestedModel: 'intents', decisions: { guard: { action: 'flag', reason: 'email in output' }, local: { answered: false, confidence: 0.1 } } });
    const sampler = reviewSampler(reviews, { below: 0.5, per_hour: 4, per_day: 50 });
    for (const batch of [unsure.slice(0, 15), [...unsure.slice(15), flagged]]) {
      await traces.insertTraces(batch);
      await sampler.write(batch);
    }
    const queue = await reviews.queue({ reviewer: 'ana' });
    expect(queue.map((i) => [i.traceId, i.source])).toEqual([
      ['tr_flagged', 'flag'],
      // The least confident first, and "card stuck" (asked 10 times) once.
      ['tr_unsure_0', 'sample'],
      ['tr_unsure_10', 'sample'],
      ['tr_unsure_11', 'sample'],
      ['tr_unsure_12', 'sample'],
    ]);
    expect(queue[1]?.reason).toBe('local: low confidence 0.20 (sampled among the route’s uncertain requests)');
  });

  it('saves, replaces and deletes sampling rules in creation order', async () => {
    const { reviews } = await backend.fresh();
    const rule = { id: 'r1', name: 'one', rate: 0.02, match: { model: 'm', metadata: { team: 'cx' } }, reviewsWanted: 1, enabled: true, createdAt: 5 };
    await reviews.saveRule(rule);
    await reviews.saveRule({ ...rule, id: 'r0', name: 'zero', createdAt: 9 });
    await reviews.saveRule({ ...rule, name: 'one, edited', enabled: false });
    expect(await reviews.listRules()).toEqual([{ ...rule, name: 'one, edited', enabled: false }, { ...rule, id: 'r0', name: 'zero', createdAt: 9 }]);
    expect(await reviews.deleteRule('r1')).toBe(true);
    expect(await reviews.deleteRule('r1')).toBe(false);
    expect((await reviews.listRules()).map((r) => r.id)).toEqual(['r0']);
  });

  it('refuses a second rule of the same name with a 409 naming the first, even from another instance (a replica whose rules are cached)', async () => {
    const db = await backend.shared();
    const [one, two] = [await db.open(), await db.open()];
    const rule = { id: 'rule_a', name: 'all support', rate: 1, match: {}, reviewsWanted: 1, enabled: true, createdAt: 1 };
    await two.reviews.listRules(); // the second replica has read (and cached) the rules before the first saves
    await one.reviews.saveRule(rule);
    const refused = two.reviews.saveRule({ ...rule, id: 'rule_b', createdAt: 2 });
    await expect(refused).rejects.toMatchObject({
      status: 409,
      param: 'name',
      message: 'a sampling rule named "all support" already exists (rule_a); choose another name, or edit that rule (PUT /api/review/rules/rule_a)',
    });
    await two.reviews.saveRule({ ...rule, rate: 0.5 }); // a rule keeps its own name on an edit
    await two.reviews.saveRule({ ...rule, id: 'rule_b', name: 'All support', createdAt: 2 }); // names differ by case: two names
    expect((await one.reviews.listRules()).map((r) => [r.id, r.name, r.rate])).toEqual([['rule_a', 'all support', 0.5], ['rule_b', 'All support', 1]]);
  });

  it('keeps an item open until it has the reviews it wants, and measures agreement', async () => {
    const { reviews } = await backend.fresh();
    const [item] = await reviews.enqueue([{ traceId: 'tr_1', source: 'manual', reason: 'check', reviewsWanted: 2 }]);
    if (!item) throw new Error('no item');
    await reviews.addReview(item.id, 'ana', { ...noReview, score: 4, pass: true });
    expect((await reviews.queue({ reviewer: 'ana' })).length).toBe(0); // ana is done with it
    expect((await reviews.queue({ reviewer: 'bo' })).map((i) => i.id)).toEqual([item.id]);
    await reviews.addReview(item.id, 'bo', { ...noReview, score: 5, pass: true, corrected: 'better' });
    await reviews.addReview(item.id, 'bo', { ...noReview, score: 2, pass: true }); // bo changes his mind
    expect(await reviews.getItem(item.id)).toMatchObject({ status: 'done', reviewCount: 2 });
    expect((await reviews.reviewsOf(item.id)).map((r) => [r.reviewer, r.score, r.corrected])).toEqual([['ana', 4, null], ['bo', 2, null]]);
    const stats = await reviews.stats();
    expect(stats.done.manual).toBe(1);
    expect(stats.open.manual).toBe(0);
    expect(stats.agreement).toMatchObject({ items: 1, scoreWithinOne: 0, passMatch: 1 });
    expect(stats.reviewers).toEqual([{ reviewer: 'ana', reviews: 1 }, { reviewer: 'bo', reviews: 1 }]);
    expect((await reviews.queue({ reviewer: 'ana', status: 'done' })).map((i) => i.id)).toEqual([item.id]);
    await expect(reviews.addReview('ri_nope', 'ana', noReview)).rejects.toThrow('review item "ri_nope" not found');
  });

  it('gives an item to as many reviewers at once as it wants reviews: a hold keeps it from the others until saved, released or lapsed', async () => {
    const clock = fixedClock();
    const { reviews } = await backend.fresh({ clock });
    const [one, two] = await reviews.enqueue([
      { traceId: 'tr_1', source: 'manual', reason: 'check' },
      { traceId: 'tr_2', source: 'manual', reason: 'check twice', reviewsWanted: 2 },
    ]);
    if (!one || !two) throw new Error('no items');
    const until = clock.now() + 60_000;
    expect(await reviews.claim(one.id, 'ana', until)).toEqual({ held: true, until });
    expect(await reviews.claim(one.id, 'bo', until)).toEqual({ held: false, by: [{ reviewer: 'ana', until }] });
    expect(await reviews.claim(one.id, 'ana', until + 1)).toEqual({ held: true, until: until + 1 }); // renewed
    expect((await reviews.queue({ reviewer: 'bo' })).map((i) => i.id)).toEqual([two.id]);
    expect((await reviews.queue({ reviewer: 'ana' })).map((i) => i.id)).toEqual([one.id, two.id]);
    // Two places: ana and bo both hold it, cy is not given it.
    expect((await reviews.claim(two.id, 'ana', until)).held).toBe(true);
    expect((await reviews.claim(two.id, 'bo', until)).held).toBe(true);
    expect(await reviews.claim(two.id, 'cy', until)).toMatchObject({ held: false });
    expect(await reviews.queue({ reviewer: 'cy' })).toEqual([]);
    // Both still count as open; `held` says how many of them holds keep from anyone else.
    expect((await reviews.stats()).open.manual).toBe(2);
    expect((await reviews.stats()).held).toMatchObject({ manual: 2, flag: 0 });
    // A saved review ends the hold and fills a place; a release frees it.
    await reviews.addReview(two.id, 'ana', { ...noReview, score: 4 });
    expect(await reviews.claim(two.id, 'cy', until)).toMatchObject({ held: false, by: [{ reviewer: 'bo' }] });
    await reviews.release(two.id, 'bo');
    expect((await reviews.claim(two.id, 'cy', until)).held).toBe(true);
    // Holds lapse: both items are offered again (the second has a place left).
    clock.advance(60_001);
    expect((await reviews.queue({ reviewer: 'bo' })).map((i) => i.id)).toEqual([one.id, two.id]);
    expect((await reviews.claim(one.id, 'bo', clock.now() + 60_000)).held).toBe(true);
    expect((await reviews.stats()).held.manual).toBe(1);
    await expect(reviews.claim('ri_nope', 'ana', until)).rejects.toThrow('review item "ri_nope" not found');
  });

  it('remembers a reviewer’s skip: their queue puts the item last from then on, others’ do not, and it stays open and released', async () => {
    const clock = fixedClock();
    const { reviews } = await backend.fresh({ clock });
    const [flag, first, second] = await reviews.enqueue([
      { traceId: 'tr_f', source: 'flag', reason: 'guard' },
      { traceId: 'tr_1', source: 'manual', reason: 'check' },
      { traceId: 'tr_2', source: 'manual', reason: 'check' },
    ]);
    if (!flag || !first || !second) throw new Error('no items');
    await reviews.claim(flag.id, 'ana', clock.now() + 60_000);
    await reviews.skip(flag.id, 'ana');
    clock.advance(1);
    await reviews.skip(first.id, 'ana');
    // The next day: ana's skipped items come after the rest, the earliest skipped first; bo's queue is unchanged.
    clock.advance(86_400_000);
    expect((await reviews.queue({ reviewer: 'ana' })).map((i) => i.id)).toEqual([second.id, flag.id, first.id]);
    expect((await reviews.queue({ reviewer: 'bo' })).map((i) => i.id)).toEqual([flag.id, first.id, second.id]);
    // Skipping let go of the hold (bo may take it) and the item still counts as open.
    expect((await reviews.claim(flag.id, 'bo', clock.now() + 60_000)).held).toBe(true);
    expect((await reviews.stats()).open).toMatchObject({ flag: 1, manual: 2 });
    await expect(reviews.skip('ri_nope', 'ana')).rejects.toThrow('review item "ri_nope" not found');
  });

  it('prunes lapsed holds and the skips of items no longer open, when a reviewer claims or skips', async () => {
    const clock = fixedClock();
    const { reviews } = await backend.fresh({ clock });
    const [a, b, c] = await reviews.enqueue(['tr_a', 'tr_b', 'tr_c'].map((traceId) => ({ traceId, source: 'manual' as const, reason: 'check' })));
    await reviews.claim(a?.id as string, 'ana', clock.now() + 10);
    await reviews.claim(b?.id as string, 'bo', clock.now() + 1_000);
    await reviews.skip(c?.id as string, 'cy');
    await reviews.skip(a?.id as string, 'cy');
    await reviews.addReview(a?.id as string, 'dan', { ...noReview, pass: true }); // a is done: cy's skip of it is kept for nothing
    expect(await reviews.prune()).toEqual({ holds: 0, skips: 1 });
    clock.advance(100); // ana's hold lapses; bo's does not
    expect(await reviews.prune()).toEqual({ holds: 1, skips: 0 });
    // What is left still works: bo holds b, cy's skip of c puts it last in cy's queue.
    expect(await reviews.claim(b?.id as string, 'eve', clock.now() + 10)).toMatchObject({ held: false, by: [{ reviewer: 'bo' }] });
    expect((await reviews.queue({ reviewer: 'cy' })).map((i) => i.id)).toEqual([c?.id]);
    // A claim prunes on its way: a lapsed hold is gone without a call of its own.
    clock.advance(1_000);
    await reviews.claim(c?.id as string, 'eve', clock.now() + 10);
    expect(await reviews.prune()).toEqual({ holds: 0, skips: 0 });
    // A skip does too: c reviewed, a later skip of another item drops cy's skip of c.
    await reviews.addReview(c?.id as string, 'dan', { ...noReview, pass: true });
    await reviews.skip(b?.id as string, 'cy');
    expect(await reviews.prune()).toEqual({ holds: 0, skips: 0 });
    expect((await reviews.queue({ reviewer: 'cy' })).map((i) => i.id)).toEqual([b?.id]);
  });

  it('undoes a reviewer’s review: the item is open again with one review fewer, and theirs to review', async () => {
    const { reviews } = await backend.fresh();
    const [item] = await reviews.enqueue([{ traceId: 'tr_1', source: 'manual', reason: 'check' }]);
    if (!item) throw new Error('no item');
    await reviews.addReview(item.id, 'ana', { ...noReview, score: 2, corrected: 'better' });
    expect(await reviews.getItem(item.id)).toMatchObject({ status: 'done', reviewCount: 1 });
    expect(await reviews.removeReview(item.id, 'bo')).toBe(false);
    expect(await reviews.removeReview(item.id, 'ana')).toBe(true);
    expect(await reviews.getItem(item.id)).toMatchObject({ status: 'open', reviewCount: 0 });
    expect(await reviews.reviewsOf(item.id)).toEqual([]);
    expect((await reviews.queue({ reviewer: 'ana' })).map((i) => i.id)).toEqual([item.id]);
    expect(await reviews.removeReview(item.id, 'ana')).toBe(false);
  });

  it('orders the queue by priority, then age, then arrival, and filters by source', async () => {
    const clock = fixedClock();
    const { reviews } = await backend.fresh({ clock });
    await reviews.enqueue([{ traceId: 't_sample', source: 'sample', reason: 's' }]);
    await reviews.enqueue([
      { traceId: 't_manual_1', source: 'manual', reason: 'm1' },
      { traceId: 't_manual_2', source: 'manual', reason: 'm2' },
    ]);
    clock.advance(1);
    await reviews.enqueue([{ traceId: 't_flag', source: 'flag', reason: 'f' }]);
    await reviews.enqueue([{ datasetId: 'docs', datasetItemId: 'q1', source: 'dataset', reason: 'd', input: { question: 'q?' }, output: 'a.' }]);
    const all = await reviews.queue({ reviewer: 'ana' });
    expect(all.map((i) => i.traceId ?? i.datasetItemId)).toEqual(['t_flag', 't_manual_1', 't_manual_2', 'q1', 't_sample']);
    expect(all[3]).toMatchObject({ datasetId: 'docs', input: { question: 'q?' }, output: 'a.' });
    expect((await reviews.queue({ reviewer: 'ana', source: 'manual', limit: 1 })).map((i) => i.traceId)).toEqual(['t_manual_1']);
    // Queuing an open trace again returns the item already there, carrying the new reason too.
    const [again] = await reviews.enqueue([{ traceId: 't_flag', source: 'flag', reason: 'other words' }]);
    expect(again).toEqual({ ...all[0], added: false, reasonCount: 2, reasons: [...(all[0]?.reasons ?? []), { kind: 'flag', origin: null, detail: 'other words', at: clock.now() }] });
  });

  it('gives a trace one open item carrying every reason it was queued for: a flag, two rules, a low-confidence escalation, a thumbs-down', async () => {
    const { reviews, traces } = await backend.fresh();
    await reviews.saveRule({ id: 'rule_a', name: 'all support', rate: 1, match: { model: 'support' }, reviewsWanted: 1, enabled: true, createdAt: 1 });
    await reviews.saveRule({ id: 'rule_b', name: 'support twice', rate: 1, match: { model: 'support' }, reviewsWanted: 2, enabled: true, createdAt: 2 });
    const batch = [makeTrace({ id: 'tr_both', requestedModel: 'support', decisions: { guard: { action: 'flag', reason: 'card number' } } }), makeTrace({ id: 'tr_rules', requestedModel: 'support' })];
    await traces.insertTraces(batch);
    const sampler = reviewSampler(reviews);
    await sampler.write(batch);
    await sampler.write(batch); // redelivered: no reason twice
    // A shadow disagreement on a queued trace joins its item and takes no place in the cap.
    expect(await reviews.enqueueCapped('disagreements', { per_hour: 1, per_day: 5 }, [{ traceId: 'tr_rules', route: 'support', ts: Date.UTC(2026, 0, 1), confidence: 0, reason: 'shadow check: said no', textKey: 'q' }])).toBe(0);
    await reviews.addFeedback({ traceId: 'tr_both', keyName: 'web', score: null, thumbs: 'down', comment: 'wrong', corrected: null });
    const queue = await reviews.queue({ reviewer: 'ana' });
    expect(queue.map((i) => [i.traceId, i.source, i.reviewsWanted, i.reasonCount])).toEqual([
      ['tr_both', 'flag', 2, 4],
      ['tr_rules', 'sample', 2, 3],
    ]);
    expect(queue[0]?.reasons.map((r) => [r.kind, r.origin, r.detail])).toEqual([
      ['flag', null, 'guard: card number'],
      ['sample', 'all support', 'sampled by rule "all support" (100%)'],
      ['sample', 'support twice', 'sampled by rule "support twice" (100%)'],
      ['feedback', 'web', 'thumbs down via key "web": "wrong"'],
    ]);
    expect(queue[1]?.reasons.map((r) => [r.kind, r.origin])).toEqual([
      ['sample', 'all support'],
      ['sample', 'support twice'],
      ['sample', 'disagreements'],
    ]);
    // Counted as items, not reasons; the cap's hour is still free for another trace.
    expect((await reviews.stats()).open).toMatchObject({ flag: 1, sample: 1, feedback: 0 });
    expect(await reviews.enqueueCapped('disagreements', { per_hour: 1, per_day: 5 }, [{ traceId: 'tr_other', route: 'support', ts: Date.UTC(2026, 0, 1), confidence: 0, reason: 'shadow check', textKey: 'q2' }])).toBe(1);
    // Two reviews, as the most demanding rule wants: one item, agreement over one pair.
    const [both] = queue;
    await reviews.addReview(both?.id as string, 'ana', { ...noReview, score: 4 });
    await reviews.addReview(both?.id as string, 'bo', { ...noReview, score: 2 });
    expect((await reviews.stats()).agreement.items).toBe(1);
    expect((await reviews.forTrace('tr_both')).items).toHaveLength(1);
  });

  it('after a trace is reviewed, a reason of a kind it was reviewed for joins the closed item; a new kind (a thumbs-down) opens a new one', async () => {
    const { reviews } = await backend.fresh();
    const [sampled] = await reviews.enqueue([{ traceId: 'tr_1', source: 'sample', reason: 'sampled by rule "a" (2%)', origin: 'a' }]);
    await reviews.addReview(sampled?.id as string, 'ana', { ...noReview, pass: true });
    const [again] = await reviews.enqueue([{ traceId: 'tr_1', source: 'sample', reason: 'sampled by rule "b" (5%)', origin: 'b' }]);
    expect(again).toMatchObject({ id: sampled?.id, added: false, status: 'done', reasonCount: 2 });
    expect((await reviews.stats()).open.sample).toBe(0);
    await reviews.addFeedback({ traceId: 'tr_1', keyName: null, score: 1, thumbs: null, comment: null, corrected: null });
    const { items } = await reviews.forTrace('tr_1');
    expect(items.map((i) => [i.source, i.status])).toEqual([
      ['sample', 'done'],
      ['feedback', 'open'],
    ]);
    // While that one is open, every new reason joins it, whatever its kind.
    expect(await reviews.enqueueSampled([{ traceId: 'tr_1', source: 'flag', reason: 'pii: email' }])).toBe(0);
    expect((await reviews.forTrace('tr_1')).items.map((i) => [i.source, i.reasonCount])).toEqual([
      ['sample', 2],
      ['feedback', 2],
    ]);
  });

  it('keeps at most 50 reasons on an item and returns the first 10, each bounded', async () => {
    const { reviews } = await backend.fresh();
    for (let i = 0; i < 60; i++) await reviews.addFeedback({ traceId: 'tr_loud', keyName: `${'k'.repeat(300)}${i}`, score: null, thumbs: 'down', comment: `comment ${i}`, corrected: null });
    await reviews.enqueue([{ traceId: 'tr_loud', source: 'manual', reason: 'x'.repeat(5_000) }]);
    const [item] = (await reviews.forTrace('tr_loud')).items;
    expect(item?.reasonCount).toBe(50);
    expect(item?.reasons).toHaveLength(10);
    expect(item?.reasons[0]?.origin).toHaveLength(200);
    expect((await reviews.stats()).open.feedback).toBe(1);
    const [fresh] = await reviews.enqueue([{ traceId: 'tr_long', source: 'manual', reason: 'y'.repeat(5_000) }]);
    expect(fresh?.reasons[0]?.detail).toHaveLength(500);
  });

  it('never gives a trace two open items when replicas queue it at once', async () => {
    const database = await backend.shared();
    const [a, b] = [await database.open(), await database.open()];
    const sources = ['flag', 'sample', 'manual', 'feedback'] as const;
    const race = [a, b].flatMap((stores, replica) =>
      Array.from({ length: 8 }, (_, n) =>
        stores.reviews.enqueueSampled(Array.from({ length: 10 }, (_, t) => ({ traceId: `tr_race_${(t * 7 + n) % 10}`, source: sources[(n + replica) % 4] ?? 'flag', reason: `replica ${replica} batch ${n}` }))),
      ),
    );
    await Promise.all(race);
    const open = await a.reviews.queue({ reviewer: 'ana', limit: 500 });
    expect(open.map((i) => i.traceId).sort()).toEqual(Array.from({ length: 10 }, (_, t) => `tr_race_${t}`).sort());
    // Every batch's reason reached its trace's one item.
    expect(open.every((i) => i.reasonCount === 16)).toBe(true);
    expect(Object.values((await b.reviews.stats()).open).reduce((x, y) => x + y, 0)).toBe(10);
  });

  it('queues a thumbs-down once and keeps every piece of feedback', async () => {
    const { reviews } = await backend.fresh();
    await reviews.addFeedback({ traceId: 'tr_9', keyName: 'web', score: null, thumbs: 'down', comment: 'wrong', corrected: null });
    await reviews.addFeedback({ traceId: 'tr_9', keyName: 'web', score: 1, thumbs: null, comment: null, corrected: 'right' });
    await reviews.addFeedback({ traceId: 'tr_9', keyName: null, score: null, thumbs: 'up', comment: null, corrected: null });
    const { items, feedback } = await reviews.forTrace('tr_9');
    expect(items.map((i) => [i.source, i.reason])).toEqual([['feedback', 'thumbs down via key "web": "wrong"']]);
    expect(feedback.map((f) => [f.thumbs, f.score, f.corrected])).toEqual([['down', null, null], [null, 1, 'right'], ['up', null, null]]);
    expect((await reviews.stats()).feedback).toEqual({ up: 1, down: 1, scored: 1 });
  });

  it('queues a user score of 1 or 2 for review, not 3 or more', async () => {
    const { reviews } = await backend.fresh();
    for (const [trace, score] of [['tr_s1', 1], ['tr_s2', 2], ['tr_s3', 3], ['tr_s4', 4], ['tr_s5', 5]] as const) {
      await reviews.addFeedback({ traceId: trace, keyName: null, score, thumbs: null, comment: null, corrected: null });
    }
    const queued = await reviews.queue({ reviewer: 'ana', source: 'feedback', limit: 10 });
    expect(queued.map((i) => [i.traceId, i.reason]).sort()).toEqual([
      ['tr_s1', 'user score 1/5'],
      ['tr_s2', 'user score 2/5'],
    ]);
  });

  it('lists reviewed items newest first, and exports them with their trace bodies', async () => {
    const clock = fixedClock();
    const { reviews, traces } = await backend.fresh({ clock });
    await traces.insertTraces([makeTrace({ id: 'tr_a' })]);
    const [a, b] = await reviews.enqueue([
      { traceId: 'tr_a', source: 'manual', reason: 'x' },
      { datasetId: 'docs', datasetItemId: 'q1', source: 'dataset', reason: 'y', input: 'What?', output: 'That.' },
    ]);
    await reviews.addReview(a?.id as string, 'ana', { ...noReview, score: 5 });
    clock.advance(10);
    await reviews.addReview(b?.id as string, 'ana', { ...noReview, score: 3 });
    await reviews.addReview(b?.id as string, 'bo', { ...noReview, pass: false });
    const reviewed = await reviews.reviewed();
    expect(reviewed.map((r) => [r.item.id, r.reviews.map((v) => v.reviewer)])).toEqual([[b?.id, ['ana', 'bo']], [a?.id, ['ana']]]);
    expect((await reviews.reviewed({ since: clock.now() })).map((r) => r.item.id)).toEqual([b?.id]);
    // What a capped read left out is counted: two items, b's two reviews counted once.
    expect((await reviews.reviewed({ limit: 1 })).map((r) => r.item.id)).toEqual([b?.id]);
    expect(await reviews.reviewedCount()).toBe(2);
    expect(await reviews.reviewedCount({ since: clock.now() })).toBe(1);
    // Both finished: none pending. An item wanting two reviews with one in is pending until its second.
    expect(await reviews.reviewedCount({ pending: true })).toBe(0);
    const [twice, unreviewed] = await reviews.enqueue([
      { datasetId: 'docs', datasetItemId: 'q2', source: 'dataset', reason: 'z', input: 'Who?', output: 'Them.', reviewsWanted: 2 },
      { datasetId: 'docs', datasetItemId: 'q3', source: 'dataset', reason: 'open, never reviewed', input: 'Why?', output: 'So.' },
    ]);
    expect(unreviewed?.status).toBe('open');
    clock.advance(10);
    await reviews.addReview(twice?.id as string, 'ana', { ...noReview, score: 4 });
    expect([await reviews.reviewedCount({ pending: true }), await reviews.reviewedCount({ pending: true, since: clock.now() + 1 }), await reviews.reviewedCount()]).toEqual([1, 0, 3]);
    await reviews.addReview(twice?.id as string, 'bo', { ...noReview, score: 4 });
    expect(await reviews.reviewedCount({ pending: true })).toBe(0);
    const labelled = (await labelledTraces(reviews, traces)).slice(1);
    expect(labelled[0]).toMatchObject({ traceId: null, request: 'What?', response: 'That.', served: null });
    // Who answered, for router training from reviews: read from the stored trace.
    expect(labelled[1]).toMatchObject({ traceId: 'tr_a', request: { model: 'gpt-4o-mini' }, reviews: [{ score: 5 }], served: { names: ['gpt-4o-mini'], model: 'gpt-4o-mini', status: 200 } });
  });

  it('lists reviewed items a page at a time: each once, at its latest review, in the order of the whole list', async () => {
    const clock = fixedClock();
    const { reviews, traces } = await backend.fresh({ clock });
    const items = await reviews.enqueue(Array.from({ length: 7 }, (_, i) => ({ datasetId: 'docs', datasetItemId: `q${i}`, source: 'dataset' as const, reason: 'y', input: `Q${i}?`, output: `A${i}.` })));
    const id = (i: number) => items[i]?.id as string;
    const review = (i: number, reviewer = 'ana') => reviews.addReview(id(i), reviewer, { ...noReview, score: 4 });
    const start = clock.now();
    // Three in one millisecond; q0 and q1 reviewed again later, so each stands at its latest review.
    for (const i of [0, 1, 2]) await review(i);
    clock.advance(5);
    await review(3);
    await review(0, 'bo');
    clock.advance(5);
    for (const i of [4, 5, 6]) await review(i);
    await review(1, 'bo');
    const whole = (await reviews.reviewed()).map((r) => r.item.id);
    // Newest review first; within a millisecond, the review written last first.
    expect(whole).toEqual([1, 6, 5, 4, 0, 3, 2].map(id));
    const paged = async (options: { since?: number; limit: number }) => {
      const pages: string[][] = [];
      let after: Parameters<typeof reviews.reviewedPage>[0]['after'];
      for (;;) {
        const page = await reviews.reviewedPage({ ...options, ...(after ? { after } : {}) });
        pages.push(page.items.map((r) => r.item.id));
        if (page.next === null) return pages;
        after = page.next;
      }
    };
    const pages = await paged({ limit: 2 });
    expect(pages.flat()).toEqual(whole);
    expect(pages.slice(0, -1).every((p) => p.length === 2)).toBe(true);
    // An item's reviews come with it on its page, oldest first.
    const first = await reviews.reviewedPage({ limit: 1 });
    expect(first.items.map((r) => r.reviews.map((v) => v.reviewer))).toEqual([['ana', 'bo']]);
    expect((await paged({ since: start + 5, limit: 3 })).flat()).toEqual([1, 6, 5, 4, 0, 3].map(id));
    expect(await reviews.reviewedPage({ since: start + 11, limit: 3 })).toEqual({ items: [], next: null });
    // The bodies read page by page are the whole list's.
    expect((await labelledTraces(reviews, traces)).map((l) => [l.itemId, l.request])).toEqual([1, 6, 5, 4, 0, 3, 2].map((i) => [id(i), `Q${i}?`]));
  });

  it('cuts a page of reviewed traces by their bodies\' bytes too: each trace once, in the order of the whole list, a trace larger than the budget alone', async () => {
    const clock = fixedClock();
    const { reviews, traces } = await backend.fresh({ clock });
    const chars = [40_000, 40_000, 40_000, 10, null, 150_000, 40_000];
    const body = (i: number, n: number) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `${i}`.repeat(n) }] });
    await traces.insertTraces(chars.flatMap((n, i) => (n === null ? [] : [makeTrace({ id: `tr_${i}`, request: body(i, n), response: null })])));
    const items = await reviews.enqueue(chars.map((n, i) => (n === null ? { datasetId: 'docs', datasetItemId: `q${i}`, source: 'dataset' as const, reason: 'y', input: 'Q?', output: 'A.' } : { traceId: `tr_${i}`, source: 'manual' as const, reason: 'x' })));
    // Reviewed last to first, a millisecond apart: the list (newest first) is in index order.
    for (const item of [...items].reverse()) {
      clock.advance(1);
      await reviews.addReview(item?.id as string, 'ana', { ...noReview, score: 4 });
    }
    // Sized as stored, without the bodies: the text and a little JSON around it; a missing id left out.
    const sizes = await traces.bodyBytes(['tr_0', 'tr_3', 'tr_5', 'tr_gone']);
    expect([...sizes.keys()].sort()).toEqual(['tr_0', 'tr_3', 'tr_5']);
    for (const [id, n] of [['tr_0', 40_000], ['tr_5', 150_000]] as const) {
      expect(sizes.get(id)).toBeGreaterThanOrEqual(n);
      expect(sizes.get(id)).toBeLessThan(n + 1_000);
    }
    const pages: string[][] = [];
    for await (const page of labelledTracePages(reviews, traces, { pageBytes: 100_000 })) pages.push(page.map((l) => l.traceId ?? l.itemId));
    // 80 KB; then 40 KB with the small one and the dataset item; 150 KB alone; the last.
    expect(pages).toEqual([['tr_0', 'tr_1'], ['tr_2', 'tr_3', items[4]?.id], ['tr_5'], ['tr_6']]);
    // The same rows and bodies as one unbounded read.
    const whole = await labelledTraces(reviews, traces, { pageBytes: Number.POSITIVE_INFINITY });
    const cut = await labelledTraces(reviews, traces, { pageBytes: 100_000 });
    expect(whole.map((l) => l.itemId)).toEqual(items.map((item) => item?.id));
    expect(cut).toEqual(whole);
    expect(cut.map((l) => (l.request as { messages?: { content: string }[] } | null)?.messages?.[0]?.content.length ?? l.request)).toEqual([40_000, 40_000, 40_000, 10, 'Q?', 150_000, 40_000]);
  });

  it('queues an eval case once, with or without a trace, and keeps its expected output and scores', async () => {
    const { reviews } = await backend.fresh();
    const evalCase = (caseId: string, runId = 'run_1') => ({
      runId,
      runName: 'support',
      variant: 'small',
      caseId,
      repeat: 0,
      expected: 'ships',
      quality: 0,
      scores: [{ scorer: 'contains', score: 0, pass: false, reason: 'output does not contain "ships"' }],
    });
    const first = await reviews.enqueue([
      { source: 'eval', reason: 'scored 0%', traceId: 'tr_card', input: 'Where is my card?', output: 'No idea.', evalCase: evalCase('card') },
      { source: 'eval', reason: 'scored 0%', input: 'Close my account', output: 'Sure.', evalCase: evalCase('close') },
    ]);
    expect(first.map((i) => [i.traceId, i.added])).toEqual([['tr_card', true], [null, true]]);
    expect(first[0]?.evalCase).toEqual(evalCase('card'));
    // The same cases again (another click, another tab): the items already queued, nothing new.
    const again = await reviews.enqueue([
      { source: 'eval', reason: 'scored 0% again', traceId: 'tr_card', evalCase: evalCase('card') },
      { source: 'eval', reason: 'scored 0% again', evalCase: evalCase('close') },
    ]);
    expect(again.map((i) => [i.id, i.added, i.reason])).toEqual([[first[0]?.id, false, 'scored 0%'], [first[1]?.id, false, 'scored 0%']]);
    // The same case in another run is another answer to review.
    const [other] = await reviews.enqueue([{ source: 'eval', reason: 'scored 0%', evalCase: evalCase('close', 'run_2') }]);
    expect(other?.added).toBe(true);
    const queue = await reviews.queue({ reviewer: 'ana', source: 'eval' });
    expect(queue.map((i) => i.evalCase?.caseId)).toEqual(['card', 'close', 'close']);
    expect(await reviews.getItem(first[1]?.id as string)).toMatchObject({ input: 'Close my account', output: 'Sure.', evalCase: evalCase('close') });
    expect((await reviews.stats()).open.eval).toBe(3);
  });

  it('caps samples per kind, route, clock hour and UTC day over every call, the least confident first', async () => {
    const capped = candidates();
    const { reviews } = await backend.fresh();
    const caps = { per_hour: 3, per_day: 5 };
    const sampled = async () => (await reviews.queue({ reviewer: 'ana', source: 'sample', limit: 500 })).map((i) => i.traceId);
    expect(await reviews.enqueueCapped('low_confidence', caps, [0.45, 0.12, 0.3, 0.05, 0.4, 0.2].map((confidence) => capped({ confidence })))).toBe(3);
    expect(await sampled()).toEqual(['tr_c4', 'tr_c2', 'tr_c6']); // 0.05, 0.12, 0.2, queued in that order
    expect(await reviews.enqueueCapped('low_confidence', caps, [capped({ confidence: 0.3 }), capped({ ts: START + HOUR - 1, confidence: 0.2 })])).toBe(0); // the hour is spent (0.2 ties, it does not replace)
    expect(await reviews.enqueueCapped('low_confidence', caps, [capped({ ts: START + HOUR }), capped({ ts: START + HOUR }), capped({ ts: START + 2 * HOUR })])).toBe(2); // the day holds 5
    expect(await reviews.enqueueCapped('low_confidence', caps, [capped({ ts: START + 14 * HOUR })])).toBe(0);
    expect(await reviews.enqueueCapped('low_confidence', caps, [capped({ ts: Date.UTC(2026, 0, 2) })])).toBe(1); // a new UTC day
    // Each kind and each route is counted on its own.
    expect(await reviews.enqueueCapped('disagreements', caps, [capped(), capped(), capped(), capped()])).toBe(3);
    expect(await reviews.enqueueCapped('low_confidence', caps, [capped({ route: 'other' }), capped({ route: 'other' })])).toBe(2);
    const [first] = await reviews.queue({ reviewer: 'ana', source: 'sample' });
    expect(first).toMatchObject({ traceId: 'tr_c4', source: 'sample', reason: 'local: low confidence 0.05', reviewsWanted: 1, status: 'open' });
    expect(await reviews.enqueueCapped('low_confidence', { per_hour: 0, per_day: 50 }, [capped({ route: 'third' })])).toBe(0);
  });

  it('queues one capped sample per question and per trace; one already queued takes no place', async () => {
    const capped = candidates();
    const { reviews } = await backend.fresh();
    const caps = { per_hour: 3, per_day: 50 };
    await reviews.enqueueSampled([{ traceId: 'tr_rule', source: 'sample', reason: 'sampled by rule' }]);
    const first = [capped({ textKey: 'card stuck' }), capped({ textKey: 'card stuck' }), capped({ traceId: 'tr_rule' }), capped({ textKey: 'pin' })];
    expect(await reviews.enqueueCapped('low_confidence', caps, first)).toBe(2);
    expect(await reviews.enqueueCapped('low_confidence', caps, [capped({ textKey: 'card stuck', ts: START + 5 * HOUR }), capped({ textKey: 'pin' })])).toBe(0);
    expect(await reviews.enqueueCapped('low_confidence', caps, [capped({ textKey: 'card stuck', route: 'other' })])).toBe(1); // another route asks its own question
    expect(await reviews.enqueueCapped('disagreements', caps, [capped({ textKey: 'card stuck' })])).toBe(1); // and another kind
    expect(await reviews.enqueueCapped('low_confidence', caps, [capped({ textKey: undefined }), capped({ textKey: undefined })])).toBe(1); // no text: one place left this hour
    expect(await reviews.enqueueCapped('low_confidence', caps, [first[0] as ReviewCandidate])).toBe(0); // redelivered
    expect((await reviews.stats()).open.sample).toBe(6);
  });

  it('holds the caps across a restart: a new instance on the same database counts what is stored', async () => {
    const capped = candidates();
    const database = await backend.shared();
    const before = await database.open();
    const caps = { per_hour: 4, per_day: 50 };
    expect(await before.reviews.enqueueCapped('low_confidence', caps, Array.from({ length: 6 }, () => capped()))).toBe(4);
    await before.close();
    const after = await database.open();
    expect(await after.reviews.enqueueCapped('low_confidence', caps, Array.from({ length: 6 }, () => capped()))).toBe(0);
    // A less confident one replaces one queued before the restart: still 4 in the hour.
    expect(await after.reviews.enqueueCapped('low_confidence', caps, [capped({ confidence: 0.1 })])).toBe(1);
    expect((await after.reviews.stats()).open.sample).toBe(4);
    expect(await after.reviews.enqueueCapped('low_confidence', caps, [capped({ textKey: 'text 2', ts: START + HOUR }), capped({ ts: START + HOUR })])).toBe(1); // a question queued before the restart, and a new one
    expect((await after.reviews.stats()).open.sample).toBe(5);
  });

  it('keeps the least confident of an hour across calls: a less confident candidate replaces the most confident unreviewed sample', async () => {
    const capped = candidates();
    const { reviews } = await backend.fresh();
    const caps = { per_hour: 3, per_day: 5 };
    const queuedConfidence = async () => (await reviews.queue({ reviewer: 'nobody', source: 'sample', status: 'all', limit: 500 })).map((i) => Number(i.reason.slice(-4))).sort((x, y) => x - y);
    const [high, mid, low] = [capped({ confidence: 0.4 }), capped({ confidence: 0.3 }), capped({ confidence: 0.2 })];
    expect(await reviews.enqueueCapped('low_confidence', caps, [high, mid, low] as ReviewCandidate[])).toBe(3);
    const [reviewed] = await reviews.queue({ reviewer: 'ana', source: 'sample', limit: 1 });
    expect(reviewed?.traceId).toBe(low?.traceId); // queued least confident first
    const highItem = (await reviews.forTrace(high?.traceId as string)).items[0];
    await reviews.addReview(highItem?.id as string, 'ana', { ...noReview, pass: true });
    // 0.1 replaces 0.3, the most confident not yet reviewed (0.4 is reviewed: it stays); 0.25 replaces nothing.
    expect(await reviews.enqueueCapped('low_confidence', caps, [capped({ confidence: 0.1 }), capped({ confidence: 0.25 })])).toBe(1);
    expect(await queuedConfidence()).toEqual([0.1, 0.2, 0.4]);
    expect(await reviews.getItem((await reviews.forTrace(high?.traceId as string)).items[0]?.id as string)).toMatchObject({ status: 'done' });
    expect((await reviews.forTrace(mid?.traceId as string)).items).toMatchObject([{ status: 'superseded', reviewCount: 0 }]);
    // With room in the hour but the day full, a candidate replaces the day's most confident unreviewed sample.
    expect(await reviews.enqueueCapped('low_confidence', caps, [capped({ confidence: 0.3, ts: START + HOUR }), capped({ confidence: 0.35, ts: START + HOUR })])).toBe(2);
    expect(await reviews.enqueueCapped('low_confidence', caps, [capped({ confidence: 0.05, ts: START + 2 * HOUR })])).toBe(1);
    expect(await queuedConfidence()).toEqual([0.05, 0.1, 0.2, 0.3, 0.4]);
    // Contradicted answers (confidence 0) never displace one another.
    expect(await reviews.enqueueCapped('disagreements', { per_hour: 1, per_day: 5 }, [capped({ confidence: 0 }), capped({ confidence: 0 })])).toBe(1);
  });

  it('counts a review of a sample replaced while the reviewer had it open, and never offers the replaced sample', async () => {
    const capped = candidates();
    const { reviews } = await backend.fresh();
    const caps = { per_hour: 2, per_day: 50 };
    const [sure, unsure] = [capped({ confidence: 0.4, textKey: 'card stuck' }), capped({ confidence: 0.3 })];
    expect(await reviews.enqueueCapped('low_confidence', caps, [sure, unsure] as ReviewCandidate[])).toBe(2);
    // Ana opens the most confident sample; meanwhile a less confident one replaces it.
    const opened = (await reviews.queue({ reviewer: 'ana', source: 'sample' })).find((item) => item.traceId === sure?.traceId);
    expect(await reviews.enqueueCapped('low_confidence', caps, [capped({ confidence: 0.1 })])).toBe(1);
    const offered = async (status: 'open' | 'done' | 'all') => (await reviews.queue({ reviewer: 'bo', source: 'sample', status, limit: 500 })).map((item) => item.traceId);
    expect(await offered('open')).not.toContain(sure?.traceId);
    expect(await offered('all')).not.toContain(sure?.traceId);
    expect(await reviews.getItem(opened?.id as string)).toMatchObject({ status: 'superseded', reviewCount: 0 });
    expect((await reviews.stats()).open.sample).toBe(2);
    // Her verdict still counts: it is stored, the item is done, and it is exported with the reviewed items.
    const review = await reviews.addReview(opened?.id as string, 'ana', { ...noReview, score: 2, pass: false });
    expect(review).toMatchObject({ itemId: opened?.id, traceId: sure?.traceId, reviewer: 'ana', score: 2, pass: false });
    expect(await reviews.getItem(opened?.id as string)).toMatchObject({ status: 'done', reviewCount: 1 });
    expect((await reviews.reviewed()).map((entry) => entry.item.id)).toEqual([opened?.id]);
    expect(await offered('done')).toEqual([sure?.traceId]);
    // The replaced sample's question may be queued again; reviewed, it counts in its hour again
    // (which now holds 0.3, 0.1, the reviewed 0.4 and this 0.2: full for a more confident one).
    expect(await reviews.enqueueCapped('low_confidence', { per_hour: 4, per_day: 50 }, [capped({ confidence: 0.2, textKey: 'card stuck' })])).toBe(1);
    expect(await reviews.enqueueCapped('low_confidence', { per_hour: 4, per_day: 50 }, [capped({ confidence: 0.5 })])).toBe(0);
  });

  it('opens a replaced sample again when its trace is queued again (a shadow disagreement, a rule), keeping its id', async () => {
    const capped = candidates();
    const { reviews } = await backend.fresh();
    const caps = { per_hour: 1, per_day: 50 };
    const sure = capped({ confidence: 0.4, textKey: 'card stuck' });
    expect(await reviews.enqueueCapped('low_confidence', caps, [sure])).toBe(1);
    const [kept] = (await reviews.forTrace(sure.traceId)).items;
    expect(await reviews.enqueueCapped('low_confidence', caps, [capped({ confidence: 0.1 })])).toBe(1);
    expect(await reviews.getItem(kept?.id as string)).toMatchObject({ status: 'superseded' });
    // The large model then contradicts the same answer: the trace is queued for that, under its reason.
    const reason = 'shadow check: answered "card_stuck" locally, the large model said "card_lost"';
    expect(await reviews.enqueueCapped('disagreements', caps, [{ ...sure, confidence: 0, reason }])).toBe(1);
    expect(await reviews.forTrace(sure.traceId)).toMatchObject({ items: [{ id: kept?.id, status: 'open', reason, reviewCount: 0 }] });
    expect((await reviews.queue({ reviewer: 'bo', source: 'sample', limit: 500 })).map((item) => item.traceId)).toContain(sure.traceId);
    // It counts in the disagreements' hour: full now.
    expect(await reviews.enqueueCapped('disagreements', caps, [capped({ confidence: 0 })])).toBe(0);

    // A rule's sample of a replaced trace opens it too.
    const other = capped({ confidence: 0.4, ts: START + HOUR });
    expect(await reviews.enqueueCapped('low_confidence', caps, [other])).toBe(1);
    expect(await reviews.enqueueCapped('low_confidence', caps, [capped({ confidence: 0.05, ts: START + HOUR })])).toBe(1);
    expect(await reviews.forTrace(other.traceId)).toMatchObject({ items: [{ status: 'superseded' }] });
    expect(await reviews.enqueueSampled([{ traceId: other.traceId, source: 'sample', reason: 'sampled by rule "support 2%" (2%)' }])).toBe(1);
    expect(await reviews.forTrace(other.traceId)).toMatchObject({ items: [{ status: 'open', reason: 'sampled by rule "support 2%" (2%)' }] });
  });

  it('lets a reviewer change a verdict on a replaced sample: one review, still done', async () => {
    const capped = candidates();
    const { reviews } = await backend.fresh();
    const [sure] = [capped({ confidence: 0.4 })];
    expect(await reviews.enqueueCapped('low_confidence', { per_hour: 1, per_day: 50 }, [sure as ReviewCandidate])).toBe(1);
    const [opened] = await reviews.queue({ reviewer: 'ana', source: 'sample' });
    expect(await reviews.enqueueCapped('low_confidence', { per_hour: 1, per_day: 50 }, [capped({ confidence: 0.1 })])).toBe(1);
    await reviews.addReview(opened?.id as string, 'ana', { ...noReview, pass: true });
    // Reviewing it again (a changed verdict) replaces the first; still one review, still done.
    await reviews.addReview(opened?.id as string, 'ana', { ...noReview, pass: false });
    expect(await reviews.reviewsOf(opened?.id as string)).toMatchObject([{ reviewer: 'ana', pass: false }]);
    expect(await reviews.getItem(opened?.id as string)).toMatchObject({ status: 'done', reviewCount: 1 });
  });

  it('holds the caps and one item per question when two instances on one database race, keeping the least confident', async () => {
    const capped = candidates();
    const database = await backend.shared();
    const [a, b] = [await database.open(), await database.open()];
    const caps = { per_hour: 7, per_day: 50 };
    // Each replica's writer sends batches at once: 2 × 12 batches of 2 new questions (distinct
    // confidences, in no order) and "card stuck", the least confident, in every batch of both.
    const stuck = new Set<string>();
    const others: ReviewCandidate[] = [];
    let i = 0;
    const batch = () => {
      const same = capped({ textKey: 'card stuck', confidence: 0.001 });
      stuck.add(same.traceId);
      const fresh = [capped({ confidence: (++i * 37) % 97 / 100 + 0.01 }), capped({ confidence: (++i * 37) % 97 / 100 + 0.01 })];
      others.push(...fresh);
      return [fresh[0] as ReviewCandidate, same, fresh[1] as ReviewCandidate];
    };
    const race = [a, b].flatMap((stores) => Array.from({ length: 12 }, () => stores.reviews.enqueueCapped('low_confidence', caps, batch())));
    await Promise.all(race);
    const queue = await b.reviews.queue({ reviewer: 'ana', source: 'sample', limit: 500 });
    expect(queue).toHaveLength(7);
    expect(queue.filter((item) => stuck.has(item.traceId as string))).toHaveLength(1);
    const leastConfident = others.sort((x, y) => x.confidence - y.confidence).slice(0, 6).map((c) => c.traceId);
    expect(queue.filter((item) => !stuck.has(item.traceId as string)).map((item) => item.traceId).sort()).toEqual(leastConfident.sort());
  });
}

const HOUR = 3_600_000;
const START = Date.UTC(2026, 0, 1, 9);

/** Makes capped candidates on route "intents" at 09:00 UTC, numbered from 1, each with a question of its own unless told. */
function candidates(): (fields?: Partial<ReviewCandidate>) => ReviewCandidate {
  let n = 0;
  return (fields = {}) => {
    n++;
    return { traceId: `tr_c${n}`, route: 'intents', ts: START, confidence: 0.3, reason: `local: low confidence ${(fields.confidence ?? 0.3).toFixed(2)}`, textKey: `text ${n}`, ...fields };
  };
}
