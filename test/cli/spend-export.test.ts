import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, simProviders, startHarness } from '../../src/test-support/gateway-harness.js';

// Finance asks for spend as a spreadsheet: per UTC day, team, key and model. `switchyard spend`
// and GET /api/spend read the store a real gateway wrote after real calls.
const BIN = resolve(import.meta.dirname, '../../bin/switchyard.js');
const ADMIN = { authorization: 'Bearer admin-key-spend-export', 'content-type': 'application/json' };
const dir = mkdtempSync(join(tmpdir(), 'sy-spend-export-'));
const db = join(dir, 'sy.db');
const run = (...args: string[]) => promisify(execFile)(process.execPath, [BIN, ...args, '--db', db]);
const cli = async (...args: string[]) => (await run(...args)).stdout;
const today = new Date().toISOString().slice(0, 10);
let h: Harness;

beforeAll(async () => {
  h = await startHarness('', (simUrl) => `${simProviders(simUrl)}\nmodels:\n  small: { provider: sim, model: standin-small, price: { input_per_mtok: 3, output_per_mtok: 15 } }\n  "=cmd|calc": { provider: sim, model: standin-small, price: { input_per_mtok: 3, output_per_mtok: 15 } }\nserver: { admin_key: admin-key-spend-export }\nretry: { max_attempts: 1 }\n`, { sqlite: db });
  const admin = async (method: string, path: string, body?: unknown) => (await fetch(`${h.gateway.url}${path}`, { method, headers: ADMIN, body: JSON.stringify(body) })).json() as Promise<{ key: string }>;
  await admin('PUT', '/api/teams/care', { budget: { usd: 20, period: 'monthly' } });
  const care = (await admin('POST', '/api/keys', { name: 'care-bot', team: 'care' })).key;
  const solo = (await admin('POST', '/api/keys', { name: 'solo-bot' })).key;
  const ask = (apiKey: string, model: string) => new OpenAI({ baseURL: h.baseURL, apiKey, maxRetries: 0 }).chat.completions.create({ model, messages: [{ role: 'user', content: 'Say something brief' }] });
  for (const [key, model] of [[care, 'small'], [care, 'small'], [care, '=cmd|calc'], [solo, 'small']] as const) await ask(key, model);
  await h.waitForTrace((t) => t.keyName === 'solo-bot');
  await h.gateway.traces.flush();
}, 60_000);
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

type Row = { date: string; team: string | null; key: string | null; model: string; requests: number; inputTokens: number; outputTokens: number; costUsd: number };

describe('switchyard spend and GET /api/spend', () => {
  it('give the same rows per day, team, key and model, summing to what the traces cost', async () => {
    const traces = (await h.gateway.store.listTraces({ limit: 50 })).traces;
    const json = JSON.parse(await cli('spend', '--json')) as { from: string; to: string; rows: Row[]; totalUsd: number };
    expect(json.from).toBe(`${today.slice(0, 8)}01`);
    expect(json.to).toBe(today);
    expect(json.rows.map((r) => [r.date, r.team, r.key, r.model, r.requests])).toEqual([
      [today, null, 'solo-bot', 'small', 1],
      [today, 'care', 'care-bot', '=cmd|calc', 1],
      [today, 'care', 'care-bot', 'small', 2],
    ]);
    const careSmall = traces.filter((t) => t.keyName === 'care-bot' && t.requestedModel === 'small');
    expect(json.rows[2]?.costUsd).toBeCloseTo(careSmall.reduce((sum, t) => sum + t.costUsd, 0), 12);
    expect(json.rows[2]?.inputTokens).toBe(careSmall.reduce((sum, t) => sum + t.inputTokens, 0));
    expect(json.totalUsd).toBeCloseTo(traces.reduce((sum, t) => sum + t.costUsd, 0), 12);

    const api = await fetch(`${h.gateway.url}/api/spend?from=${today}&to=${today}`, { headers: ADMIN });
    expect(((await api.json()) as { rows: Row[] }).rows).toEqual(json.rows);
  });

  it('keeps every call once retention deleted its trace: the export reads the spend rollup, not the traces', async () => {
    const before = JSON.parse(await cli('spend', '--json')) as { rows: Row[]; totalUsd: number };
    expect(before.rows).toHaveLength(3);
    // Retention's delete, as the gateway's retention pass makes it: every trace of the day goes.
    const pruned = await h.gateway.store.pruneTraces({ deleteBefore: Date.now() + 1, limit: 1_000 });
    expect(pruned.deleted).toBeGreaterThanOrEqual(4);
    expect((await h.gateway.store.listTraces({ limit: 50 })).traces).toEqual([]);
    const after = JSON.parse(await cli('spend', '--json')) as { rows: Row[]; totalUsd: number };
    expect(after).toEqual(before);
    const api = await fetch(`${h.gateway.url}/api/spend?from=${today}&to=${today}`, { headers: ADMIN });
    expect(((await api.json()) as { rows: Row[] }).rows).toEqual(before.rows);
  });

  it('exports CSV with the formula a client named as a model escaped, from the CLI and as a download', async () => {
    const csv = await cli('spend', '--csv', '--from', today, '--to', today);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('date,team,key,model,requests,input_tokens,output_tokens,cost_usd');
    expect(lines[2]).toMatch(new RegExp(`^${today},care,care-bot,'=cmd\\|calc,1,\\d+,\\d+,0\\.\\d{8}$`));
    expect(lines).toHaveLength(5);

    const download = await fetch(`${h.gateway.url}/api/spend?from=${today}&to=${today}&format=csv`, { headers: ADMIN });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="switchyard-spend-${today}-to-${today}.csv"`);
    expect(await download.text()).toBe(csv);

    const out = join(dir, 'spend.csv');
    const written = await run('spend', '--from', today, '--out', out);
    expect(readFileSync(out, 'utf8')).toBe(csv);
    expect(written.stderr).toMatch(new RegExp(`^wrote 3 rows \\(${today} to ${today}, \\$0\\.\\d+\\) to ${out.replace(/[.]/g, '\\.')}\\n$`));
  });

  it('refuses bad dates and a first day after the last with the flag or parameter, the value and what was expected', async () => {
    const failure = await run('spend', '--from', '2026-02-30').catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain('--from "2026-02-30" is no calendar day (February 2026 has 28 days)');
    const reversed = await run('spend', '--from', '2026-12-05', '--to', '2026-12-01', '--csv').catch((error: { stderr: string }) => error);
    expect((reversed as { stderr: string }).stderr).toContain('--from 2026-12-05 is after --to 2026-12-01: give a first day no later than the last (both are included)');
    // Two forms asked for: CSV came out and --json was ignored without a word.
    for (const [flag, named] of [[['--csv'], '--csv'], [['--out', join(dir, 'spend.csv')], '--out']] as const) {
      const both = await run('spend', '--json', ...flag).catch((error: { code: number; stdout: string; stderr: string }) => error);
      expect(both).toMatchObject({ code: 1, stdout: '' });
      expect((both as { stderr: string }).stderr).toContain(`give one of --json (JSON on stdout) and ${named} (CSV), not both`);
    }

    const bad = await fetch(`${h.gateway.url}/api/spend?from=12/01/2026&format=csv`, { headers: ADMIN });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string; param: string } }).error).toMatchObject({ message: 'from must be an ISO date, YYYY-MM-DD (a UTC day, such as 2026-12-01), got "12/01/2026"', param: 'from' });
    const format = await fetch(`${h.gateway.url}/api/spend?format=xlsx`, { headers: ADMIN });
    expect(((await format.json()) as { error: { message: string } }).error.message).toContain('format must be one of json, csv');
    expect((await fetch(`${h.gateway.url}/api/spend`)).status).toBe(401);
  });
});
