import { afterEach, describe, expect, it } from 'vitest';
import type { ShadowDisagreement } from '../local/serving/local-route.js';
import { openSqliteStores, type SqliteStores } from '../store/sqlite/open-sqlite-stores.js';
import { localModelReviews } from './local-model-reviews.js';

const HOUR = 3_600_000;
let opened: SqliteStores[] = [];

afterEach(async () => {
  for (const stores of opened) await stores.close();
  opened = [];
});

function setup(options: { failFirst?: boolean } = {}) {
  const logs: string[] = [];
  let now = Date.UTC(2026, 0, 1, 9);
  let calls = 0;
  const stores = openSqliteStores(':memory:');
  opened.push(stores);
  const reviews = {
    enqueueSampled: stores.reviews.enqueueSampled.bind(stores.reviews),
    async enqueueCapped(...args: Parameters<SqliteStores['reviews']['enqueueCapped']>) {
      if (options.failFirst && calls++ === 0) throw new Error('database is locked');
      return stores.reviews.enqueueCapped(...args);
    },
  };
  const local = localModelReviews({ reviews, caps: { per_hour: 2, per_day: 3 }, now: () => now, log: (line) => logs.push(line) });
  const queued = () => stores.reviews.queue({ reviewer: 'ana', status: 'all', limit: 500 });
  return { local, queued, logs, advance: (ms: number) => void (now += ms) };
}

let n = 0;
const disagreement = (fields: Partial<ShadowDisagreement> = {}): ShadowDisagreement => {
  n++;
  return { route: 'intents', traceId: `tr_${n}`, text: `question ${n}`, localLabel: 'pin_blocked', teacherLabel: 'card_arrival', ...fields };
};

describe('what local models send to the review queue', () => {
  it('queues a contradicted answer with both labels, a few per route per hour and day, one per question', async () => {
    const { local, queued, advance } = setup();
    const asked = [disagreement({ text: 'Card  STUCK' }), disagreement({ text: 'card stuck' }), disagreement({ route: 'other' }), disagreement(), disagreement()];
    for (const d of asked) local.disagreed(d);
    await local.settled();
    advance(HOUR);
    const later = [disagreement(), disagreement()];
    for (const d of later) local.disagreed(d);
    await local.settled();
    const items = await queued();
    expect(items.find((i) => i.traceId === asked[0]?.traceId)).toMatchObject({ source: 'sample', reason: 'shadow check: answered "pin_blocked" locally, the large model said "card_arrival"' });
    // "card stuck" again is the same question; the hour holds 2 of "intents"; the day 3.
    expect(new Set(items.map((i) => i.traceId))).toEqual(new Set([asked[0], asked[2], asked[3], later[0]].map((d) => d?.traceId)));
  });

  it('logs a failed enqueue, counts nothing for it, and queues the next', async () => {
    const { local, queued, logs } = setup({ failFirst: true });
    const [first, second, third] = [disagreement(), disagreement(), disagreement()];
    for (const d of [first, second, third]) local.disagreed(d as ShadowDisagreement);
    await local.settled();
    expect(logs).toEqual(['review: could not queue a shadow disagreement on intents: database is locked']);
    expect((await queued()).map((i) => i.traceId).sort()).toEqual([second?.traceId, third?.traceId].sort());
  });

  it('flags the request whose shadow check demoted a model, whatever the caps', async () => {
    const { local, queued } = setup();
    for (const d of [disagreement(), disagreement(), disagreement()]) local.disagreed(d);
    local.demoted('intents', 'live precision 80.0% (40/50, interval 66.9%–88.8%) is credibly below the bar of 95.0%', 'tr_tipped');
    local.demoted('intents', 'no trace to show', null);
    await local.settled();
    const items = await queued();
    expect(items.find((i) => i.source === 'flag')).toMatchObject({ traceId: 'tr_tipped', source: 'flag', reason: 'intents: local model demoted, live precision 80.0% (40/50, interval 66.9%–88.8%) is credibly below the bar of 95.0%' });
    expect(items).toHaveLength(3); // two disagreements (the hour’s cap) and the flag
  });

  it('flags a demotion by hand without a trace, with its reason', async () => {
    const { local, queued } = setup();
    local.demoted('intents', 'v2 (labels are being redefined)', null, true);
    await local.settled();
    expect(await queued()).toEqual([expect.objectContaining({ traceId: null, source: 'flag', reason: 'intents: local model demoted by hand, v2 (labels are being redefined)' })]);
  });
});
