import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/seeded-random.js';
import { openSqliteStores } from '../../store/sqlite/open-sqlite-stores.js';
import { makeSignal } from '../test-signals.js';
import { topicReport, topicTraces } from './topic-report.js';
import { upkeepTopics } from './topic-upkeep.js';
import { turnsDuring } from '../../test-support/event-loop-turns.js';

describe('topic report', () => {
  it('lets the event loop in between slices of a large assignment backlog', async () => {
    const stores = openSqliteStores(':memory:');
    const hour = 3_600_000;
    const prompt = (i: number) => (i % 2 ? `my pin is blocked after ${i} attempts, how do I unblock the pin` : `what exchange rate do you use for order ${i} and is there a fee`);
    const options = { minTraces: 20, maxTraces: 1000, k: 2, now: 10 * hour, random: seededRandom(4) };
    await stores.monitor.putSignals(Array.from({ length: 40 }, (_, i) => makeSignal({ traceId: `f${i}`, ts: hour + i, prompt: prompt(i) })));
    await upkeepTopics(stores.monitor, 'support', options);
    // A minute of busy traffic, all waiting for a topic: requests must get turns while it is assigned.
    await stores.monitor.putSignals(Array.from({ length: 1_000 }, (_, i) => makeSignal({ traceId: `b${i}`, ts: 2 * hour + i, prompt: prompt(i) })));
    const { result: done, turns } = await turnsDuring(() => upkeepTopics(stores.monitor, 'support', options));
    expect(done.assigned).toBe(1_000);
    expect(turns).toBeGreaterThanOrEqual(3);
  });

  it('fits topics once enough prompts arrived, assigns later ones incrementally, and sums volume, cost, errors and quality per topic over time', async () => {
    const stores = openSqliteStores(':memory:');
    const hour = 3_600_000;
    const now = 10 * hour;
    const pin = (i: number) => `my pin is blocked after ${['three', 'too many', 'wrong'][i % 3]} attempts, how do I unblock the pin`;
    const fx = (i: number) => `what exchange rate do you use for ${['euros', 'dollars', 'yen'][i % 3]} and is there an exchange fee`;
    const early = Array.from({ length: 30 }, (_, i) => makeSignal({ traceId: `e${i}`, ts: hour + i, prompt: i % 2 ? pin(i) : fx(i), costUsd: i % 2 ? 0.002 : 0.001 }));
    await stores.monitor.putSignals(early.slice(0, 10));
    const options = { minTraces: 20, maxTraces: 1000, k: 2, now, random: seededRandom(4) };
    expect((await upkeepTopics(stores.monitor, 'support', options)).model).toBeNull();
    await stores.monitor.putSignals(early.slice(10));
    const first = await upkeepTopics(stores.monitor, 'support', options);
    expect(first).toMatchObject({ fitted: true, assigned: 30 });
    // Later traffic: assigned to the stored model, not refitted; some pin requests fail, fx ones are scored.
    await stores.monitor.putSignals(Array.from({ length: 10 }, (_, i) => makeSignal({ traceId: `l${i}`, ts: 5 * hour + i, prompt: i < 5 ? pin(i) : fx(i), status: i < 2 ? 502 : 200, scores: i >= 5 ? { helpful: 0.5 } : null })));
    const later = await upkeepTopics(stores.monitor, 'support', options);
    expect(later).toMatchObject({ fitted: false, assigned: 10 });

    // People reviewed two pin requests: a pass (1) and a 2 of 5 (0.25).
    const report = await topicReport(stores.monitor, 'support', { since: 0, until: now, stepMs: hour }, new Map([['l0', 1], ['l1', 0.25]]));
    expect(report.pending).toBe(0);
    const pinTopic = report.topics.find((t) => t.label.includes('pin'));
    const fxTopic = report.topics.find((t) => t.label.includes('exchange'));
    expect(pinTopic).toMatchObject({ requests: 20, errors: 2, quality: null, share: 0.5, review: 0.625, reviewed: 2 });
    expect(fxTopic).toMatchObject({ requests: 20, errors: 0, quality: 0.5, scored: 5, review: null, reviewed: 0 });
    expect(pinTopic?.series[1]).toBe(15);
    expect(pinTopic?.series[5]).toBe(5);
    expect(pinTopic?.costSeries[1]).toBeCloseTo(0.03, 10);
    expect(fxTopic?.qualitySeries[5]).toBe(0.5);
    expect(fxTopic?.qualitySeries[1]).toBeNull();

    // Body retention blanks the early prompts: their topics and numbers still count, the text is
    // no longer shown or sent anywhere, and nothing is refitted or reassigned from it.
    await stores.monitor.stripTexts({ from: 0, before: 2 * hour, limit: 1_000 });
    expect(await upkeepTopics(stores.monitor, 'support', options)).toMatchObject({ fitted: false, assigned: 0 });
    const blanked = await topicReport(stores.monitor, 'support', { since: 0, until: now, stepMs: hour });
    expect(blanked.topics.find((t) => t.label.includes('pin'))).toMatchObject({ requests: 20, errors: 2 });
    expect(blanked.topics.flatMap((t) => t.examples).every((e) => e.traceId.startsWith('l'))).toBe(true);
    const sendable = await topicTraces(stores.monitor, 'support', pinTopic?.topic ?? 0, { since: 0, until: now }, 50);
    expect(sendable.traceIds.sort()).toEqual(['l0', 'l1', 'l2', 'l3', 'l4']);
    await stores.close();
  });
});
