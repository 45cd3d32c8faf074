import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitoringSchema } from '../config/monitor-schema.js';
import type { Clock } from '../core/clock.js';
import { seededRandom, shuffled } from '../core/seeded-random.js';
import { banking77 } from '../local/__fixtures__/banking77-sample.js';
import { openSqliteStores } from '../store/sqlite/open-sqlite-stores.js';
import { type FakeUpstream, startFakeUpstream } from '../test-support/fake-upstream.js';
import { MonitorWorker } from './monitor-worker.js';
import { makeSignal } from './test-signals.js';

const HOUR = 3_600_000;
let hook: FakeUpstream;
const received: { status?: string; rule?: string; message?: string }[] = [];

beforeAll(async () => {
  hook = await startFakeUpstream((_req, body, res) => {
    received.push(JSON.parse(body));
    res.writeHead(204).end();
  });
});
afterAll(() => hook.close());

describe('monitor worker', () => {
  it('writes a scheduled drift report per route and alerts on its drift score only when the traffic changed', async () => {
    const stores = openSqliteStores(':memory:');
    const now = Date.UTC(2026, 2, 1);
    const clock: Clock = { now: () => now, sleep: async () => undefined };
    const config = monitoringSchema.parse({
      topics: { min_traces: 50 },
      drift: { every_minutes: 60, current_hours: 1, reference_hours: 24 },
      webhooks: { ops: { url: `${hook.url}/`, format: 'json' } },
      alerts: [{ name: 'support-drift', metric: 'drift_score', threshold: 0, window_minutes: 90, route: 'support' }],
    });
    const random = seededRandom(3);
    const usual = shuffled(banking77('test', ['card_arrival', 'exchange_rate', 'pin_blocked', 'top_up_failed', 'lost_or_stolen_card'], 40).map((e) => e.text), random);
    const fresh = banking77('test', ['beneficiary_not_allowed', 'cancel_transfer'], 40).map((e) => e.text);
    const put = (route: string, prompts: readonly string[], from: number, span: number) =>
      stores.monitor.putSignals(prompts.map((prompt, i) => makeSignal({ traceId: `${route}-${from}-${i}`, route, prompt, inputChars: prompt.length, ts: from + Math.floor((i * span) / prompts.length), latencyMs: 100 + (i % 40) })));
    // "steady" gets the same kind of requests all day; "support" gets new ones in the last hour.
    await put('steady', usual.slice(0, 120), now - 20 * HOUR, 18 * HOUR);
    await put('steady', usual.slice(120, 200), now - HOUR + 1, HOUR - 2);
    await put('support', usual.slice(0, 120), now - 20 * HOUR, 18 * HOUR);
    await put('support', [...usual.slice(120, 160), ...fresh], now - HOUR + 1, HOUR - 2);
    const worker = new MonitorWorker({ config, monitor: stores.monitor, traces: stores.traces, routes: () => ['steady', 'support', 'quiet'], evaluators: [], clock, random: seededRandom(1) });

    const pass = await worker.runOnce();
    expect(pass.topicModelsFitted.sort()).toEqual(['steady', 'support']);
    const byRoute = new Map(pass.driftReports.map((r) => [r.route, r]));
    // A route without traffic in the current window gets no report.
    expect([...byRoute.keys()].sort()).toEqual(['steady', 'support']);
    expect(byRoute.get('steady')?.features.filter((f) => f.drifted && f.feature !== 'latency_ms').map((f) => f.summary)).toEqual([]);
    expect(byRoute.get('support')?.drifted).toBe(true);
    expect(pass.alerts).toBe(1);
    expect(received).toEqual([expect.objectContaining({ rule: 'support-drift', status: 'firing' })]);

    // Within the hour, no new report and no repeated notification.
    const again = await worker.runOnce();
    expect(again.driftReports).toEqual([]);
    expect(again.alerts).toBe(0);
    await stores.close();
  });
});
