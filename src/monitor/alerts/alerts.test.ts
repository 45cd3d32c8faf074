import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRuleSchema, webhookSchema } from '../../config/monitor-schema.js';
import type { Clock } from '../../core/clock.js';
import { openSqliteStores } from '../../store/sqlite/open-sqlite-stores.js';
import { type FakeUpstream, startFakeUpstream } from '../../test-support/fake-upstream.js';
import { makeSignal } from '../test-signals.js';
import { type AlertEvent, ruleScope, scopeText } from './alert-state.js';
import { evaluateAlerts, ruleStatuses, sendTestAlert } from './evaluate-alerts.js';

/** A webhook receiver that records bodies and answers with the next status in `script` (then 200). */
function receiver() {
  const bodies: unknown[] = [];
  const script: number[] = [];
  let server: FakeUpstream | undefined;
  return {
    bodies,
    script,
    url: () => `${server?.url}/hook`,
    start: async () => {
      server = await startFakeUpstream((_req, text, res) => {
        const status = script.shift() ?? 200;
        if (status === 200) bodies.push(JSON.parse(text));
        res.writeHead(status).end();
      });
    },
    stop: () => server?.close(),
  };
}

function manualClock(start: number): Clock & { set(t: number): void } {
  let now = start;
  return { now: () => now, sleep: async () => undefined, set: (t) => void (now = t) };
}

describe('alerts', () => {
  const hook = receiver();
  beforeAll(() => hook.start());
  afterAll(() => hook.stop());

  it('fires once when the error rate passes the threshold, resolves once it recovers, and never alarms on quiet traffic', async () => {
    const stores = openSqliteStores(':memory:');
    const t0 = Date.UTC(2026, 0, 1, 12);
    const clock = manualClock(t0);
    const config = {
      webhooks: { slack: webhookSchema.parse({ url: hook.url() }), raw: webhookSchema.parse({ url: hook.url(), format: 'json' }) },
      alerts: [alertRuleSchema.parse({ name: 'errors', metric: 'error_rate', threshold: 0.05, window_minutes: 5, route: 'support', notify: ['slack', 'raw'] })],
    };
    const traffic = async (from: number, count: number, errors: number) =>
      stores.monitor.putSignals(Array.from({ length: count }, (_, i) => makeSignal({ traceId: `t${from}-${i}`, ts: from + i * 1_000, status: i < errors ? 502 : 200 })));
    hook.bodies.length = 0;

    // Healthy traffic: 2% errors, nothing sent.
    await traffic(t0 - 200_000, 50, 1);
    expect(await evaluateAlerts({ store: stores.monitor, config, clock })).toEqual([]);

    // Errors jump to 30%: one "firing" event per webhook, in Slack's and the generic shape.
    clock.set(t0 + 300_000);
    await traffic(t0 + 100_000, 40, 12);
    const fired = await evaluateAlerts({ store: stores.monitor, config, clock });
    expect(fired.map((e) => e.status)).toEqual(['firing']);
    expect(fired[0]?.message).toMatch(/^FIRING errors: error_rate 0\.3 > 0\.05 over 5 min \(route support, 40 requests\)/);
    expect(fired[0]?.deliveries.every((d) => d.ok)).toBe(true);
    expect(hook.bodies).toHaveLength(2);
    expect(hook.bodies).toContainEqual(expect.objectContaining({ text: expect.stringContaining('FIRING errors'), blocks: expect.any(Array) }));
    expect(hook.bodies).toContainEqual(expect.objectContaining({ type: 'switchyard.alert', rule: 'errors', status: 'firing', value: 0.3 }));

    // Still failing a minute later: deduplicated, nothing new sent.
    clock.set(t0 + 360_000);
    expect(await evaluateAlerts({ store: stores.monitor, config, clock })).toEqual([]);
    expect(hook.bodies).toHaveLength(2);
    expect((await ruleStatuses(stores.monitor, config.alerts))[0]?.state?.status).toBe('firing');

    // Recovered: one "resolved" message.
    clock.set(t0 + 900_000);
    await traffic(t0 + 700_000, 40, 0);
    const resolved = await evaluateAlerts({ store: stores.monitor, config, clock });
    expect(resolved.map((e) => e.status)).toEqual(['resolved']);
    expect(hook.bodies).toHaveLength(4);
    const history = await stores.monitor.listDocs<AlertEvent>('alert-event');
    expect(history.map((d) => d.body.status)).toEqual(['resolved', 'firing']);
    await stores.close();
  });

  it('groups the alerts of one pass into one message per webhook, resolves likewise, and keeps a lone alert as it was', async () => {
    const stores = openSqliteStores(':memory:');
    const t0 = Date.UTC(2026, 0, 4, 12);
    const clock = manualClock(t0);
    const config = {
      webhooks: { slack: webhookSchema.parse({ url: hook.url() }), raw: webhookSchema.parse({ url: hook.url(), format: 'json' }) },
      alerts: [
        alertRuleSchema.parse({ name: 'errors', metric: 'error_rate', threshold: 0.05, window_minutes: 5 }),
        alertRuleSchema.parse({ name: 'slow', metric: 'latency_p95_ms', threshold: 2_000, window_minutes: 5 }),
        alertRuleSchema.parse({ name: 'busy', metric: 'requests', threshold: 30, window_minutes: 5, notify: ['raw'] }),
      ],
    };
    const traffic = (from: number, count: number, errors: number, latencyMs: number) =>
      stores.monitor.putSignals(Array.from({ length: count }, (_, i) => makeSignal({ traceId: `g${from}-${i}`, ts: from + i * 1_000, status: i < errors ? 502 : 200, latencyMs })));
    hook.bodies.length = 0;

    // A bad minute: errors, latency and volume all cross at once.
    await traffic(t0 - 60_000, 40, 12, 5_000);
    const fired = await evaluateAlerts({ store: stores.monitor, config, clock });
    expect(fired.map((e) => [e.rule, e.status])).toEqual([['errors', 'firing'], ['slow', 'firing'], ['busy', 'firing']]);
    // One message per webhook, not one per rule: Slack gets the two rules routed to it, JSON all three.
    expect(hook.bodies).toHaveLength(2);
    const slack = hook.bodies.find((b) => (b as { blocks?: unknown }).blocks) as { text: string; blocks: { type: string; text?: { text: string } }[] };
    expect(slack.text.split('\n')).toEqual([':red_circle: 2 alerts: 2 firing', expect.stringMatching(/^FIRING errors: error_rate 0\.3 > 0\.05/), expect.stringMatching(/^FIRING slow: latency_p95_ms 5000 > 2000/)]);
    expect(slack.blocks.filter((b) => b.type === 'section').map((b) => b.text?.text.split('\n')[0])).toEqual([':red_circle: *2 alerts: 2 firing*', ':red_circle: *errors* firing', ':red_circle: *slow* firing']);
    const raw = hook.bodies.find((b) => (b as { type?: string }).type === 'switchyard.alert-group') as { status: string; firing: number; alerts: { type: string; rule: string; status: string; value: number }[] };
    expect(raw).toMatchObject({ status: 'firing', firing: 3, resolved: 0 });
    expect(raw.alerts.map((a) => [a.type, a.rule, a.status, a.value])).toEqual([['switchyard.alert', 'errors', 'firing', 0.3], ['switchyard.alert', 'slow', 'firing', 5_000], ['switchyard.alert', 'busy', 'firing', 40]]);
    // Every event records the deliveries of the messages that carried it.
    expect(fired.map((e) => e.deliveries.map((d) => d.webhook))).toEqual([['slack', 'raw'], ['slack', 'raw'], ['raw']]);

    // Errors and latency recover while volume stays high: the two resolves travel together.
    hook.bodies.length = 0;
    clock.set(t0 + 600_000);
    await traffic(t0 + 300_000, 40, 0, 300);
    const resolved = await evaluateAlerts({ store: stores.monitor, config, clock });
    expect(resolved.map((e) => [e.rule, e.status])).toEqual([['errors', 'resolved'], ['slow', 'resolved']]);
    expect(hook.bodies).toHaveLength(2);
    expect(hook.bodies).toContainEqual(expect.objectContaining({ text: expect.stringMatching(/^:large_green_circle: 2 alerts: 2 resolved\nRESOLVED errors/) }));
    expect(hook.bodies).toContainEqual(expect.objectContaining({ type: 'switchyard.alert-group', status: 'resolved', resolved: 2, alerts: [expect.objectContaining({ rule: 'errors' }), expect.objectContaining({ rule: 'slow' })] }));

    // Traffic stops: errors and latency keep their state (too few requests), volume resolves alone.
    // A group of one is the single alert's body, as before grouping.
    hook.bodies.length = 0;
    clock.set(t0 + 1_200_000);
    const quiet = await evaluateAlerts({ store: stores.monitor, config, clock });
    expect(quiet.map((e) => [e.rule, e.status])).toEqual([['busy', 'resolved']]);
    expect(hook.bodies).toEqual([expect.objectContaining({ type: 'switchyard.alert', rule: 'busy', status: 'resolved', value: 0 })]);
    await stores.close();
  });

  it('names what a rule is scoped to wherever the rule is named (the CLI listing, the dashboard, notifications)', () => {
    expect(scopeText({ key: 'support' })).toBe(' (key support)');
    expect(scopeText({ route: 'support', team: 'care' })).toBe(' (route support, team care)');
    expect(scopeText({})).toBe('');
    expect(ruleScope({ team: 'care' })).toEqual(['team care']);
  });

  it('retries a webhook that fails with 503, and records one that stays down without throwing', async () => {
    const stores = openSqliteStores(':memory:');
    const clock = manualClock(Date.UTC(2026, 0, 2));
    const config = {
      webhooks: { slack: webhookSchema.parse({ url: hook.url() }), down: webhookSchema.parse({ url: 'http://127.0.0.1:1/nothing' }) },
      alerts: [alertRuleSchema.parse({ name: 'spend', metric: 'spend_usd', threshold: 10, key: 'support' })],
    };
    hook.bodies.length = 0;
    hook.script.push(503, 503);
    const event = await sendTestAlert('spend', { store: stores.monitor, config, clock });
    // The rule watches one key's spend, and the notification says whose.
    expect(event.message).toBe('TEST spend: a test notification for spend_usd above 10 over 5 min (key support)');
    const slack = event.deliveries.find((d) => d.webhook === 'slack');
    const down = event.deliveries.find((d) => d.webhook === 'down');
    expect(slack).toMatchObject({ ok: true, attempts: 3 });
    expect(down).toMatchObject({ ok: false, attempts: 4 });
    expect(hook.bodies).toHaveLength(1);
    expect((await stores.monitor.getDoc<AlertEvent>('alert-event', event.id))?.body.deliveries).toHaveLength(2);
    await expect(sendTestAlert('nope', { store: stores.monitor, config, clock })).rejects.toThrow(/unknown alert rule "nope" \(known: spend\)/);
    // A typo names the rule meant, as a mistyped flag or config field is named.
    await expect(sendTestAlert('spnd', { store: stores.monitor, config, clock })).rejects.toThrow('unknown alert rule "spnd" (did you mean "spend"?) (known: spend)');
    await stores.close();
  });

  it('reads the window before for quality_drop, the key budget for budget_burn_rate and the writer for trace_backlog', async () => {
    const stores = openSqliteStores(':memory:');
    const t0 = Date.UTC(2026, 0, 3, 12);
    const clock = manualClock(t0);
    const config = {
      webhooks: {},
      alerts: [
        alertRuleSchema.parse({ name: 'judge-drop', metric: 'quality_drop', threshold: 0.15, window_minutes: 60, min_requests: 5, route: 'support' }),
        alertRuleSchema.parse({ name: 'burn', metric: 'budget_burn_rate', threshold: 2, window_minutes: 60, key: 'app' }),
        alertRuleSchema.parse({ name: 'backlog', metric: 'trace_backlog', threshold: 1_000 }),
      ],
    };
    // The hour before: judged 0.9; this hour: judged 0.6 and $0.50 spent against $2 a day.
    await stores.monitor.putSignals([
      ...Array.from({ length: 8 }, (_, i) => makeSignal({ traceId: `b${i}`, ts: t0 - 90 * 60_000 + i * 1_000, scores: { helpful: 0.9 }, costUsd: 0 })),
      ...Array.from({ length: 8 }, (_, i) => makeSignal({ traceId: `n${i}`, ts: t0 - 30 * 60_000 + i * 1_000, scores: { helpful: 0.6 }, costUsd: 0.5 / 8 })),
    ]);
    let backlog = 10;
    const context = { store: stores.monitor, config, clock, budgets: { keys: { app: { usd: 2, period: 'daily' as const } }, teams: {} }, traceBacklog: () => backlog };
    const fired = await evaluateAlerts(context);
    expect(fired.map((e) => e.rule).sort()).toEqual(['burn', 'judge-drop']);
    expect(fired.find((e) => e.rule === 'judge-drop')?.value).toBeCloseTo(0.3, 10);
    // $0.50 in an hour is $12 a day against $2: six times the pace.
    expect(fired.find((e) => e.rule === 'burn')?.value).toBeCloseTo(6, 10);
    backlog = 5_000;
    clock.set(t0 + 60_000);
    expect((await evaluateAlerts(context)).map((e) => [e.rule, e.status, e.value])).toEqual([['backlog', 'firing', 5_000]]);
    await stores.close();
  });
});
