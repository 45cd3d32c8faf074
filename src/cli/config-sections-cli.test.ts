import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openSqliteStores } from '../store/sqlite/open-sqlite-stores.js';
import { configTask } from './local/config-route.js';
import { modelsAction } from './local/models-action.js';
import { alertsAction, alertTestAction, driftAction, topicsAction } from './monitor/monitor-actions.js';
import { printRoutes } from './routes-report.js';

// The commands that read routes or monitoring from --config (routes, models, local train, drift,
// topics, alerts) check the sections they use, as serve checks them, and not the rest of the
// file: examples/gateway.yaml's metrics token, set only in the gateway's shell, stopped them all.
const dir = mkdtempSync(join(tmpdir(), 'sy-config-sections-'));
const db = join(dir, 'sy.db');
const GATEWAY_ONLY = 'SY_TEST_GATEWAY_SHELL_ONLY_TOKEN';

function config(sections: string): string {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `store: { sqlite: ${JSON.stringify(db)} }\n${sections}\n`);
  return file;
}

const ROUTING = `providers:
  sim: { type: openai, base_url: "http://127.0.0.1:9/v1", api_key: "\${SY_TEST_PROVIDER_KEY_NOT_HERE}" }
models:
  small: { provider: sim, model: gpt-4o-mini }
routes:
  support: { policy: static, target: small }`;
const MONITORING = `monitoring:
  drift: { alpha: 0.02, min_samples: 5 }
  alerts:
    - { name: errors, metric: error_rate, threshold: 0.05, window_minutes: 5 }`;
// What only the gateway's shell sets, and a section no command here reads, written wrong.
const ELSEWHERE = `metrics: { token: "\${${GATEWAY_ONLY}}" }\nkeys: nonsense\nserver: { prot: 80 }`;

async function printed(run: () => Promise<unknown>): Promise<string> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    await run();
    return log.mock.calls.map((c) => String(c[0])).join('\n');
  } finally {
    log.mockRestore();
  }
}

beforeAll(async () => {
  expect(process.env[GATEWAY_ONLY]).toBeUndefined();
  await openSqliteStores(db).close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('commands given --config read only the sections they use', () => {
  const file = () => config(`${ROUTING}\n${MONITORING}\n${ELSEWHERE}`);

  it('routes, models and local train read the routes, the models and providers they name, and the store', async () => {
    const report = JSON.parse(await printed(() => printRoutes({ config: file(), range: '24h', json: true })));
    expect(report.routes.map((r: { route: string }) => r.route)).toEqual(['support']);
    expect(await printed(() => modelsAction({ config: file(), json: true }))).toBe('[]');
    expect(await configTask(file(), 'support', '--route')).toBeUndefined();
  });

  it('drift, topics and alerts read monitoring and the store', async () => {
    expect(JSON.parse(await printed(() => alertsAction({ config: file(), json: true }))).rules.map((r: { rule: { name: string } }) => r.rule.name)).toEqual(['errors']);
    const drift = JSON.parse(await printed(() => driftAction({ config: file(), json: true, current: '24h', reference: '7d' })));
    expect(drift.drifted).toBe(false);
    expect(await printed(() => topicsAction({ config: file(), route: 'support', range: '24h' }))).toMatch(/^route support: no prompts recorded for it/);
  });

  it('still gives the errors serve gives for those sections: a target no model is, a provider no one configured, a variable unset there', async () => {
    const badRoute = config(`${ROUTING.replace('target: small', 'target: smal')}\n${ELSEWHERE}`);
    await expect(printRoutes({ config: badRoute, range: '24h' })).rejects.toThrow(/routes\.support\.target: unknown target "smal" \(did you mean "small"\?\)/);
    const badProvider = config(`${ROUTING.replace('provider: sim,', 'provider: sims,')}\n${ELSEWHERE}`);
    await expect(configTask(badProvider, 'support', '--route')).rejects.toThrow(/models\.small\.provider: unknown provider "sims" \(known: sim\)/);
    const typo = config(`${ROUTING.replace('policy: static', 'polcy: static')}`);
    await expect(modelsAction({ config: typo })).rejects.toThrow(/routes\.support/);
    const unsetModel = config(ROUTING.replace('model: gpt-4o-mini', 'model: "${SY_TEST_MODEL_NOT_HERE}"'));
    await expect(configTask(unsetModel, 'support', '--route')).rejects.toThrow(/models\.small\.model: environment variable SY_TEST_MODEL_NOT_HERE is not set/);
    await expect(driftAction({ config: config('monitoring: { drift: { alpa: 0.02 } }'), current: '24h', reference: '7d' })).rejects.toThrow(/monitoring\.drift: .*alpa/);
  });

  it('runs drift, topics and alerts on when a webhook uses a variable unset here, warning once naming it; alerts test still refuses', async () => {
    const unsetHook = config(`${MONITORING}\n  webhooks:\n    slack: { url: "\${SY_TEST_HOOK_NOT_HERE}" }\n    ops: { url: "http://127.0.0.1:9/hook" }`);
    const warned = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      // Before 2026-12-07 each of these stopped with "environment variable SY_TEST_HOOK_NOT_HERE is not set".
      expect(JSON.parse(await printed(() => alertsAction({ config: unsetHook, json: true }))).rules.map((r: { rule: { name: string } }) => r.rule.name)).toEqual(['errors']);
      expect(JSON.parse(await printed(() => driftAction({ config: unsetHook, json: true, current: '24h', reference: '7d' }))).drifted).toBe(false);
      expect(await printed(() => topicsAction({ config: unsetHook, route: 'support', range: '24h' }))).toMatch(/^route support: no prompts recorded/);
      const lines = warned.mock.calls.map((c) => String(c[0]));
      expect(lines).toHaveLength(3);
      for (const line of lines) expect(line).toMatch(/^warning: monitoring\.webhooks\.slack\.url: environment variable SY_TEST_HOOK_NOT_HERE is not set .*; (alerts|drift|topics) runs on without webhook slack \(it sends to none; serve and alerts test need it\)$/);
    } finally {
      warned.mockRestore();
    }
    // A command that sends to the webhooks still needs every one of them.
    await expect(alertTestAction('errors', { config: unsetHook })).rejects.toThrow(/monitoring\.webhooks\.slack\.url: environment variable SY_TEST_HOOK_NOT_HERE is not set/);
  });

  it('reads examples/gateway.yaml in a shell without its $SWITCHYARD_METRICS_TOKEN', async () => {
    const { loadRouting, loadConfigSection } = await import('../config/load-config.js');
    expect(Object.keys(loadRouting('examples/gateway.yaml', {}).routes)).toEqual(['support']);
    expect(loadConfigSection('examples/gateway.yaml', 'monitoring', {}).alerts.map((rule) => rule.name)).toContain('drift');
    // A provider whose URL and key only the gateway's shell sets: its blank URL is no error here.
    const blank = config(ROUTING.replace('"http://127.0.0.1:9/v1"', '"\${SY_TEST_PROVIDER_URL_NOT_HERE}"'));
    expect(Object.keys(loadRouting(blank, {}).models)).toEqual(['small']);
  });
});
