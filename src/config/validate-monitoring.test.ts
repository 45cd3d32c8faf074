import { describe, expect, it } from 'vitest';
import { parseConfig } from './load-config.js';

const base = `
providers: { p: { type: openai, base_url: "http://127.0.0.1:9/v1" } }
models: { support: { provider: p, model: m } }
keys: [ { key: sk-sy-12345678, name: app, team: web } ]
`;

describe('monitoring config', () => {
  it('accepts rules that name known routes, keys, teams and webhooks, with defaults filled in', () => {
    const config = parseConfig(`${base}
monitoring:
  webhooks: { ops: { url: "https://hooks.example.com/x" } }
  alerts:
    - { name: errors, metric: error_rate, threshold: 0.05, route: support, notify: [ops] }
    - { name: team-spend, metric: spend_usd, threshold: 10, window_minutes: 1440, team: web }
  online_eval: [ { route: support, sample: 0.1, scorers: [ { type: contains, value: "x" } ] } ]
`, 'test');
    expect(config.monitoring.alerts[0]).toMatchObject({ when: 'above', window_minutes: 5, min_requests: 10 });
    expect(config.monitoring.webhooks.ops?.format).toBe('slack');
    expect(config.monitoring.drift).toMatchObject({ alpha: 0.01, current_hours: 24, reference_hours: 168 });
  });

  it('names each unknown route, key, team, webhook and metric, and duplicate rule names', () => {
    const bad = () =>
      parseConfig(`${base}
monitoring:
  webhooks: { ops: { url: "https://hooks.example.com/x" } }
  alerts:
    - { name: a, metric: error_rate, threshold: 0.05, route: suport, notify: [opps] }
    - { name: a, metric: spend_usd, threshold: 1, key: nobody, team: mobile }
  online_eval: [ { route: nowhere, sample: 0.1, scorers: [ { type: contains, value: "x" } ] } ]
  topics: { embedding_model: embedz }
`, 'test');
    expect(bad).toThrow('monitoring.alerts[0].route: unknown model or route "suport" (did you mean "support"?) (known: support)');
    expect(bad).toThrow('monitoring.alerts[0].notify[0]: unknown webhook "opps" (did you mean "ops"?) (known: ops)');
    expect(bad).toThrow(/monitoring\.alerts\[1\]\.name: duplicate rule name "a"/);
    expect(bad).toThrow(/monitoring\.alerts\[1\]\.key: unknown key name "nobody" \(known: app\)/);
    expect(bad).toThrow(/monitoring\.alerts\[1\]\.team: unknown team "mobile" \(known: web\)/);
    expect(bad).toThrow(/monitoring\.online_eval\[0\]\.route: unknown model or route "nowhere"/);
    expect(bad).toThrow(/monitoring\.topics\.embedding_model: unknown model "embedz" \(known: support\)/);
    expect(bad).not.toThrow(/"nowhere" \(did you mean/);
    expect(() => parseConfig(`${base}\nmonitoring: { alerts: [ { name: x, metric: p99, threshold: 1 } ] }\n`, 'test')).toThrow(/monitoring\.alerts\[0\]\.metric.*error_rate/);
  });

  it('names the team or key a mistyped one meant, a doubled letter typed once included', () => {
    const typo = () => parseConfig(`${base}
teams: [ { name: billing, budget: { usd: 5, period: monthly } } ]
monitoring:
  alerts: [ { name: burn, metric: spend_usd, threshold: 1, team: bilin }, { name: own, metric: spend_usd, threshold: 1, key: ap } ]
`, 'test');
    expect(typo).toThrow('monitoring.alerts[0].team: unknown team "bilin" (did you mean "billing"?) (known: billing, web)');
    expect(typo).toThrow('monitoring.alerts[1].key: unknown key name "ap" (did you mean "app"?) (known: app)');
  });

  it('names the model or route a mistyped one meant everywhere the config references one, and lists at most 20 known names', () => {
    const models = Array.from({ length: 30 }, (_, i) => `m${String(i).padStart(2, '0')}: { provider: p, model: m }`).join(', ');
    const typo = () => parseConfig(`
providers: { p: { type: openai, base_url: "http://127.0.0.1:9/v1" } }
models: { support: { provider: p, model: m }, ${models} }
keys: [ { key: sk-sy-12345678, name: app, models: [suport] } ]
cache: { routes: { suport: {} } }
guardrails:
  policies: { strict: { pii: { default_action: redact } } }
  apply: { routes: { suport: strict } }
`, 'test');
    expect(typo).toThrow('keys[0].models[0]: unknown model or route "suport" (did you mean "support"?) (known: m00, m01,');
    expect(typo).toThrow('cache.routes.suport: unknown model or route "suport" (did you mean "support"?)');
    expect(typo).toThrow('guardrails.apply.routes.suport: unknown model or route "suport" (did you mean "support"?)');
    expect(typo).toThrow('m19, … and 11 more)');
    expect(typo).not.toThrow(/m2[0-9], m/);
  });

  it('lets budget_burn_rate watch only a key or team with a daily or monthly budget, and trace_backlog take no scope', () => {
    const config = `${base}
teams: [ { name: ops, budget: { usd: 100, period: monthly } } ]
`;
    const ok = parseConfig(`${config}monitoring: { alerts: [ { name: burn, metric: budget_burn_rate, threshold: 2, team: ops }, { name: q, metric: trace_backlog, threshold: 1000 } ] }\n`, 'test');
    expect(ok.monitoring.alerts.map((a) => a.metric)).toEqual(['budget_burn_rate', 'trace_backlog']);
    const bad = () =>
      parseConfig(`${config}monitoring: { alerts: [ { name: a, metric: budget_burn_rate, threshold: 2, key: app }, { name: b, metric: budget_burn_rate, threshold: 2 }, { name: c, metric: trace_backlog, threshold: 1, route: support } ] }\n`, 'test');
    expect(bad).toThrow(/monitoring\.alerts\[0\]\.metric: budget_burn_rate needs a key or team with a daily or monthly budget; app has none/);
    expect(bad).toThrow(/monitoring\.alerts\[1\]\.metric: budget_burn_rate needs "key" or "team"/);
    expect(bad).toThrow(/monitoring\.alerts\[2\]: trace_backlog is the whole writer's/);
  });
});
