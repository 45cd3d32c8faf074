import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, simProviders, startHarness } from '../../src/test-support/gateway-harness.js';

// A key's team was fixed at creation. `keys update NAME --team T` and PATCH /api/keys/NAME move it:
// what it spent stays booked to the old team, its calls from now on count against the new one.
const BIN = resolve(import.meta.dirname, '../../bin/switchyard.js');
const ADMIN = { authorization: 'Bearer admin-key-key-move', 'content-type': 'application/json' };
const dir = mkdtempSync(join(tmpdir(), 'sy-key-move-'));
const db = join(dir, 'sy.db');
const run = (...args: string[]) => promisify(execFile)(process.execPath, [BIN, ...args, '--db', db]);
const failure = (...args: string[]) => run(...args).then(() => ({ code: 0, stderr: '' }), (error: { code: number; stderr: string }) => error);
let h: Harness;
let secret: string;

beforeAll(async () => {
  h = await startHarness('', (simUrl) => `${simProviders(simUrl)}\nmodels:\n  small: { provider: sim, model: standin-small, price: { input_per_mtok: 3, output_per_mtok: 15 } }\nserver: { admin_key: admin-key-key-move }\nretry: { max_attempts: 1 }\nlimits: { keys_poll_ms: 100 }\n`, { sqlite: db });
}, 60_000);
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${h.gateway.url}${path}`, { method, headers: ADMIN, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
const ask = () => h.openai(secret).chat.completions.create({ model: 'small', max_tokens: 20, messages: [{ role: 'user', content: 'Say something brief' }] });
type Team = { name: string; usage: { spendUsd: number } | null };
const teamSpend = async (name: string) => ((await admin('GET', '/api/teams')).json.teams as Team[]).find((t) => t.name === name)?.usage?.spendUsd;
const messageOf = (r: { json: Record<string, unknown> }) => (r.json.error as { message: string }).message;

describe('moving a key to another team', () => {
  it('keeps what it spent booked to the old team and charges the new team from the move on, through the CLI and the admin API', async () => {
    await admin('PUT', '/api/teams/care', { budget: { usd: 20, period: 'monthly' } });
    await admin('PUT', '/api/teams/billing', { budget: { usd: 20, period: 'monthly' } });
    // A budget no call fits in: the gateway refuses before anything is sent, naming the team.
    await admin('PUT', '/api/teams/frozen', { budget: { usd: 0.000001, period: 'monthly' } });
    secret = (await admin('POST', '/api/keys', { name: 'care-bot', team: 'care' })).json.key as string;
    await ask();
    await h.waitForTrace((t) => t.keyName === 'care-bot');
    const careBefore = await teamSpend('care');
    expect(careBefore).toBeGreaterThan(0);

    const moved = await run('keys', 'update', 'care-bot', '--team', 'billing');
    expect(moved.stdout).toBe(
      'Key "care-bot" moved from team "care" to team "billing": its spend so far stays booked to team "care"; its calls from now on count against team "billing"\'s budget and rate limit (every replica within limits.keys_poll_ms).\n',
    );
    // The gateway polls the store every 100 ms here; its next call is billing's.
    await expect.poll(async () => ((await admin('GET', '/api/keys')).json.keys as { name: string; team: string }[]).find((k) => k.name === 'care-bot')?.team, { timeout: 5_000 }).toBe('billing');
    await ask();
    await h.waitForTrace((t) => t.keyName === 'care-bot' && t.team === 'billing');
    expect(await teamSpend('care')).toBe(careBefore);
    expect(await teamSpend('billing')).toBeGreaterThan(0);

    // The admin API: a team whose budget no call fits in refuses the key's next call, naming that team.
    const patched = await admin('PATCH', '/api/keys/care-bot', { team: 'frozen' });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ name: 'care-bot', team: 'frozen', previousTeam: 'billing', note: expect.stringContaining('its spend so far stays booked to team "billing"') });
    const refused = await ask().catch((error: { status: number; message: string }) => error);
    expect(refused).toMatchObject({ status: expect.any(Number) });
    expect((refused as { message: string }).message).toContain('frozen');
    expect((await admin('PATCH', '/api/keys/care-bot', { team: null })).json).toMatchObject({ team: null, previousTeam: 'frozen' });
    await ask();

    // The export books each call to the team it was made in (read from the rollups, which the
    // trace writer fills just after it stores the batch: flushed, as the export of a day would find it).
    await h.waitForTrace((t) => t.keyName === 'care-bot' && t.team === null);
    await h.gateway.traces.flush();
    const spend = JSON.parse((await run('spend', '--json')).stdout) as { rows: { team: string | null; key: string; requests: number }[] };
    expect(spend.rows.map((r) => [r.team, r.key, r.requests])).toEqual([
      [null, 'care-bot', 1],
      ['billing', 'care-bot', 1],
      ['care', 'care-bot', 1],
      ['frozen', 'care-bot', 1],
    ]);
  });

  it('refuses an unknown team or key, a revoked key and a body without a team, saying which and what there is', async () => {
    await admin('POST', '/api/keys', { name: 'ops-bot', team: 'ops' });
    const typo = await failure('keys', 'update', 'ops-bot', '--team', 'biling');
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('no team named "biling"; did you mean "billing"? (teams: billing, care, frozen, ops); create it first (switchyard teams create biling, or PUT /api/teams/biling) to move key "ops-bot" into it');
    const noKey = await admin('PATCH', '/api/keys/ops-bott', { team: 'care' });
    expect(noKey.status).toBe(404);
    expect(messageOf(noKey)).toContain('no key named "ops-bott" was created at runtime (keys in the config file are changed there); did you mean "ops-bot"?');
    const noTeam = await admin('PATCH', '/api/keys/ops-bot', { teem: 'care' });
    expect([noTeam.status, messageOf(noTeam)]).toEqual([400, expect.stringContaining('teem')]);
    const wrongType = await admin('PATCH', '/api/keys/ops-bot', { team: 5 });
    expect(messageOf(wrongType)).toBe('"team" must be a team\'s name, or null for no team, got 5');
    expect((await failure('keys', 'update', 'ops-bot')).stderr).toContain('keys update needs --team TEAM (or --no-team to take key "ops-bot" out of its team)');
    await run('keys', 'revoke', 'ops-bot');
    const revoked = await admin('PATCH', '/api/keys/ops-bot', { team: 'care' });
    expect([revoked.status, messageOf(revoked)]).toEqual([409, 'key "ops-bot" is revoked; create a new key instead of moving it']);
  });
});
