import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { type Harness, referenceConfig, startHarness } from '../../src/test-support/gateway-harness.js';

// A key's budget and rate window are its own, counted by its identity, not its name: a config key
// given a new secret under the same name starts anew (restarted on the same SQLite file, and with
// Redis limits on the same prefix, where the first key's counters are still there); a runtime key
// rotated keeps its spend, through a restart too. Team budgets stay the team's, and the spend
// export still reads by name, which is what people look for.
const ADMIN = 'admin-key-limits-identity-1';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisPrefix = `switchyard-test-keyleft:${process.pid}:${Date.now()}`;
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${redisPrefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

// $1000 per million tokens: a capped call's worst case is about $0.1, so $0.25 lasts two or three calls.
const DEAR = 'dear: { provider: standin-openai, model: standin-small, price: { input_per_mtok: 1000, output_per_mtok: 1000 } }';
const capped = { model: 'dear', max_tokens: 16, messages: [{ role: 'user' as const, content: 'hello' }] };

for (const store of ['memory', 'redis'] as const) {
  describe(`a key's limits follow its identity (limits.store: ${store})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-key-limits-'));
    dirs.push(dir);
    const sqlite = join(dir, 'shared.db');
    const limits = store === 'redis' ? `limits: { store: redis, redis_url: "${redisUrl}", redis_prefix: "${redisPrefix}:${store}" }` : '';
    const gateway = (keys: string): Promise<Harness> =>
      startHarness('', (sim, dead) => referenceConfig(sim, dead, `server: { admin_key: ${ADMIN} }\n${limits}`).replace('  small:', `  ${DEAR}\n  small:`).replace('keys:\n  - key: sk-sy-test\n    name: compat\n', `keys:\n${keys}`), { sqlite });
    const call = (h: Harness, secret: string) => h.openai(secret).chat.completions.create(capped).then(() => undefined, (e: unknown) => e as InstanceType<typeof OpenAI.APIError>);
    /** Calls until the key is refused; how many were answered and the refusal. */
    const spendAll = async (h: Harness, secret: string) => {
      for (let answered = 0; answered < 20; answered++) {
        const refusal = await call(h, secret);
        if (refusal) return { answered, refusal };
      }
      throw new Error('the budget never stopped the key');
    };
    const admin = async (h: Harness, path: string, method = 'GET', body?: unknown) => {
      const response = await fetch(`${h.gateway.url}${path}`, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return (await response.json()) as Record<string, unknown>;
    };
    const usageOf = async (h: Harness, name: string) => ((await admin(h, '/api/keys')).keys as { name: string; usage: { spendUsd: number; requestsLastMinute: number } }[]).find((k) => k.name === name)?.usage;
    const team = '  - { key: sk-sy-team-mate, name: mate, team: crew }\nteams:\n  - { name: crew, budget: { usd: 100 } }\n';
    let firstSpend = 0;

    it('a config key given a new secret under its name starts with its own budget and minute', async () => {
      const one = await gateway(`  - { key: sk-sy-app-one, name: app, team: crew, budget: { usd: 0.25 } }\n  - { key: sk-sy-rl-one, name: rl, rate_limit: { requests_per_minute: 1 } }\n${team}`);
      try {
        const { answered, refusal } = await spendAll(one, 'sk-sy-app-one');
        expect(answered).toBeGreaterThan(1);
        expect(refusal).toMatchObject({ status: 429, code: 'insufficient_quota' });
        expect(refusal.message).toMatch(/^429 key "app" has spent \$0\.\d+ of its \$0\.25 total budget/);
        expect(await call(one, 'sk-sy-rl-one')).toBeUndefined();
        expect(await call(one, 'sk-sy-rl-one')).toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
        await one.waitForTrace((t) => t.keyName === 'rl' && t.status === 429);
        firstSpend = (await usageOf(one, 'app'))?.spendUsd ?? 0;
        expect(firstSpend).toBeGreaterThan(0.1);
      } finally {
        await one.close();
      }
      // Restarted with other secrets under the same names (a key replaced in the config file),
      // within the same minute: the old keys' spend and window (in Redis still) are not theirs.
      const restarted = Date.now();
      const two = await gateway(`  - { key: sk-sy-app-two, name: app, team: crew, budget: { usd: 0.25 } }\n  - { key: sk-sy-rl-two, name: rl, rate_limit: { requests_per_minute: 1 } }\n${team}`);
      try {
        expect(await usageOf(two, 'app')).toMatchObject({ spendUsd: 0 });
        expect(await call(two, 'sk-sy-app-two')).toBeUndefined();
        expect(await call(two, 'sk-sy-rl-two')).toBeUndefined();
        expect(await call(two, 'sk-sy-app-one')).toMatchObject({ status: 401 });
        // The team counts both keys' calls, and its other key's.
        expect(await call(two, 'sk-sy-team-mate')).toBeUndefined();
        for (const name of ['app', 'rl', 'mate']) await two.waitForTrace((t) => t.keyName === name && t.ts >= restarted);
        const crew = ((await admin(two, '/api/teams')).teams as { name: string; usage?: { spendUsd: number } }[]).find((t) => t.name === 'crew');
        expect(crew?.usage?.spendUsd).toBeGreaterThan(firstSpend);
        // The spend export books by name, as people read it: one "app" line for both keys' calls.
        const secondSpend = (await usageOf(two, 'app'))?.spendUsd ?? 0;
        expect(secondSpend).toBeGreaterThan(0);
        const rows = (await admin(two, '/api/spend')).rows as { key: string | null; costUsd: number }[];
        const app = rows.filter((r) => r.key === 'app');
        expect(app).toHaveLength(1);
        expect(app[0]?.costUsd).toBeCloseTo(firstSpend + secondSpend, 6);
      } finally {
        await two.close();
      }
    });

    it('a runtime key keeps its spend through a rotation and a restart', async () => {
      const keys = '  - { key: sk-sy-keep, name: keep }\n';
      const one = await gateway(keys);
      try {
        const created = await admin(one, '/api/keys', 'POST', { name: 'runner', budget: { usd: 0.25, period: 'total' } });
        const { refusal } = await spendAll(one, created.key as string);
        const spent = /has spent (\$[\d.]+)/.exec(refusal.message)?.[1];
        const rotated = await admin(one, '/api/keys/runner/rotate', 'POST', { grace_seconds: 0 });
        const after = await call(one, rotated.key as string);
        expect(after).toMatchObject({ status: 429, code: 'insufficient_quota' });
        expect(after?.message).toContain(`key "runner" has spent ${spent} of its $0.25 total budget`);
        await one.waitForTrace((t) => t.keyName === 'runner' && t.status === 429 && t.ts > Date.now() - 5_000);
        await one.close();
        const again = await gateway(keys);
        try {
          expect(await call(again, rotated.key as string)).toMatchObject({ status: 429, message: expect.stringContaining(`has spent ${spent} of`) });
        } finally {
          await again.close();
        }
      } catch (error) {
        await one.close().catch(() => undefined);
        throw error;
      }
    });
  });
}
