import { describe, expect, it } from 'vitest';
import { makeTrace } from '../../monitor/test-traces.js';
import { openSqliteStores } from '../../store/sqlite/open-stores.js';

const noReview = { score: null, pass: null, corrected: null, comment: null };

describe('SqliteReviewStore', () => {
  it('queues sampled and flagged traces as they are written', async () => {
    const { reviews, traces } = openSqliteStores(':memory:');
    await reviews.saveRule({ id: 'rule_support', name: 'all support', rate: 1, match: { model: 'support' }, reviewsWanted: 2, enabled: true, createdAt: 1 });
    await traces.insertTraces([
      makeTrace({ id: 'tr_1', requestedModel: 'support' }),
      makeTrace({ id: 'tr_2', requestedModel: 'chat', decisions: { guard: { action: 'flag', reason: 'card number' } } }),
      makeTrace({ id: 'tr_3', requestedModel: 'chat' }),
    ]);
    const queue = await reviews.queue({ reviewer: 'ana' });
    expect(queue.map((i) => [i.traceId, i.source])).toEqual([['tr_2', 'flag'], ['tr_1', 'sample']]);
    expect(queue[0]?.reason).toBe('guard: card number');
  });

  it('keeps an item open until it has the reviews it wants, and measures agreement', async () => {
    const { reviews } = openSqliteStores(':memory:');
    const [item] = await reviews.enqueue([{ traceId: 'tr_1', source: 'manual', reason: 'check', reviewsWanted: 2 }]);
    if (!item) throw new Error('no item');
    await reviews.addReview(item.id, 'ana', { ...noReview, score: 4, pass: true });
    expect((await reviews.queue({ reviewer: 'ana' })).length).toBe(0); // ana is done with it
    expect((await reviews.queue({ reviewer: 'bo' })).map((i) => i.id)).toEqual([item.id]);
    await reviews.addReview(item.id, 'bo', { ...noReview, score: 5, pass: true, corrected: 'better' });
    await reviews.addReview(item.id, 'bo', { ...noReview, score: 2, pass: true }); // bo changes his mind
    expect(await reviews.getItem(item.id)).toMatchObject({ status: 'done', reviewCount: 2 });
    const stats = await reviews.stats();
    expect(stats.done.manual).toBe(1);
    expect(stats.agreement).toMatchObject({ items: 1, scoreWithinOne: 0, passMatch: 1 });
    expect(stats.reviewers).toEqual([{ reviewer: 'ana', reviews: 1 }, { reviewer: 'bo', reviews: 1 }]);
    await expect(reviews.addReview('ri_nope', 'ana', noReview)).rejects.toThrow('review item "ri_nope" not found');
  });

  it('queues a thumbs-down once and keeps every piece of feedback', async () => {
    const { reviews } = openSqliteStores(':memory:');
    await reviews.addFeedback({ traceId: 'tr_9', keyName: 'web', score: null, thumbs: 'down', comment: 'wrong', corrected: null });
    await reviews.addFeedback({ traceId: 'tr_9', keyName: 'web', score: 1, thumbs: null, comment: null, corrected: null });
    await reviews.addFeedback({ traceId: 'tr_9', keyName: 'web', score: null, thumbs: 'up', comment: null, corrected: null });
    const { items, feedback } = await reviews.forTrace('tr_9');
    expect(items.map((i) => [i.source, i.reason])).toEqual([['feedback', 'thumbs down via key "web": "wrong"']]);
    expect(feedback.length).toBe(3);
    expect((await reviews.stats()).feedback).toEqual({ up: 1, down: 1, scored: 1 });
  });

  it('lists reviewed traces with their bodies for export', async () => {
    const { reviews, traces } = openSqliteStores(':memory:');
    await traces.insertTraces([makeTrace({ id: 'tr_a' })]);
    const [item] = await reviews.enqueue([{ traceId: 'tr_a', source: 'manual', reason: 'x' }]);
    await reviews.addReview(item?.id as string, 'ana', { ...noReview, score: 5 });
    const labelled = await reviews.labelled();
    expect(labelled).toHaveLength(1);
    expect(labelled[0]).toMatchObject({ traceId: 'tr_a', request: { model: 'gpt-4o-mini' } });
  });
});
