import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usd } from '../../src/core/usd.js';
import { type Harness, simProviders, startHarness } from '../../src/test-support/gateway-harness.js';

// `keys list` and `teams list` showed no spend: only the dashboard and GET /api/keys did. The CLI
// reads the store the gateway writes, so it is run beside a real gateway that has served calls.
const BIN = resolve(import.meta.dirname, '../../bin/switchyard.js');
const ADMIN = { authorization: 'Bearer admin-key-spend', 'content-type': 'application/json' };
const dir = mkdtempSync(join(tmpdir(), 'sy-keys-spend-'));
const db = join(dir, 'sy.db');
const cli = async (...args: string[]) => (await promisify(execFile)(process.execPath, [BIN, ...args, '--db', db])).stdout;
let h: Harness;

beforeAll(async () => {
  h = await startHarness('', (simUrl) => `${simProviders(simUrl)}\nmodels:\n  small: { provider: sim, model: standin-small, price: { input_per_mtok: 3, output_per_mtok: 15 } }\nserver: { admin_key: admin-key-spend }\nretry: { max_attempts: 1 }\n`, { sqlite: db });
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

async function admin(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${h.gateway.url}${path}`, { method, headers: ADMIN, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return (await res.json()) as Record<string, unknown>;
}

type Usage = { spendUsd: number; periodStart: number; spendPeriod: string };

describe('switchyard keys list and teams list with spend', () => {
  it('show what each key and team spent this period, as GET /api/keys and /api/teams count it', async () => {
    await admin('PUT', '/api/teams/care', { budget: { usd: 20, period: 'monthly' } });
    const budgeted = (await admin('POST', '/api/keys', { name: 'care-bot', team: 'care', budget: { usd: 5, period: 'daily' } })).key as string;
    const plain = (await admin('POST', '/api/keys', { name: 'plain-bot' })).key as string;
    await admin('POST', '/api/keys', { name: 'idle-bot', budget: { usd: 1, period: 'total' } });
    const ask = (apiKey: string) => new OpenAI({ baseURL: h.baseURL, apiKey, maxRetries: 0 }).chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'Say something brief' }] });
    for (const key of [budgeted, budgeted, plain]) await ask(key);
    await h.waitForTrace((t) => t.keyName === 'plain-bot');
    await h.gateway.traces.flush();
    const traces = (await h.gateway.store.listTraces({ limit: 50 })).traces;
    expect(traces.filter((t) => t.keyName === 'care-bot')).toHaveLength(2);

    const api = (await admin('GET', '/api/keys')).keys as { name: string; usage: Usage }[];
    const apiUsage = (name: string) => api.find((k) => k.name === name)?.usage;
    const listed = JSON.parse(await cli('keys', 'list', '--json')).keys as { name: string; usage: Usage }[];
    for (const name of ['care-bot', 'plain-bot', 'idle-bot']) {
      const shown = listed.find((k) => k.name === name)?.usage;
      const served = apiUsage(name);
      expect(shown, name).toEqual({ spendUsd: served?.spendUsd, periodStart: served?.periodStart, spendPeriod: served?.spendPeriod });
    }
    const care = listed.find((k) => k.name === 'care-bot')?.usage as Usage;
    const plainUsage = listed.find((k) => k.name === 'plain-bot')?.usage as Usage;
    expect(care.spendUsd).toBeGreaterThan(0);
    expect(care.spendPeriod).toBe('daily');
    expect(plainUsage).toMatchObject({ spendPeriod: 'monthly' });
    expect(plainUsage.spendUsd).toBeGreaterThan(0);
    expect(listed.find((k) => k.name === 'idle-bot')?.usage).toMatchObject({ spendUsd: 0, spendPeriod: 'total', periodStart: 0 });

    const table = await cli('keys', 'list');
    expect(table).toMatch(/│ spent +│/);
    expect(table).toMatch(new RegExp(`│ care-bot [^\\n]*│ ${usd(care.spendUsd).replace('$', '\\$')} today +│`));
    expect(table).toMatch(new RegExp(`│ plain-bot [^\\n]*│ ${usd(plainUsage.spendUsd).replace('$', '\\$')} this month +│`));
    expect(table).toMatch(/│ idle-bot [^\n]*│ \$1 total +│ \$0 in total +│/);

    // The team: its keys' calls together, over its budget's period.
    const apiTeam = ((await admin('GET', '/api/teams')).teams as { name: string; usage: { spendUsd: number; periodStart: number } }[]).find((t) => t.name === 'care');
    const team = (JSON.parse(await cli('teams', 'list', '--json')).teams as { name: string; usage: Usage }[]).find((t) => t.name === 'care');
    expect(team?.usage).toEqual({ spendUsd: apiTeam?.usage.spendUsd, periodStart: apiTeam?.usage.periodStart, spendPeriod: 'monthly' });
    expect(team?.usage.spendUsd).toBe(care.spendUsd);
    expect(await cli('teams', 'list')).toMatch(new RegExp(`│ care +│ ${usd(care.spendUsd).replace('$', '\\$')} / \\$20 monthly +│`));
  });
});
