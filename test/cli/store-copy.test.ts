import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';
import { TEST_POSTGRES_URL, uniqueSchema } from '../../src/store/contract/backends.js';
import { dropSchemas } from '../../src/store/contract/drop-schemas.js';
import { deleteRedisKeys } from '../../src/test-support/redis-keys.js';

// `switchyard migrate --from FILE.db` moves one process on SQLite to a PostgreSQL store: runtime
// keys keep their secrets, traces stay searchable, spend and budgets read the same, the local
// model registry keeps its versions' bytes. The SQLite store is filled by a real gateway.
const BIN = resolve(import.meta.dirname, '../../bin/switchyard.js');
const ADMIN_KEY = 'admin-key-store-copy';
const dir = mkdtempSync(join(tmpdir(), 'sy-store-copy-'));
const file = join(dir, 'sy.db');
const schema = uniqueSchema();
const target = `${TEST_POSTGRES_URL}?schema=${schema}`;
const replicas = join(dir, 'replicas.yaml');
const prefix = `switchyard-test:store-copy:${process.pid}:${Date.now()}`;
let sim: Simulator;

const run = promisify(execFile);
async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    return { ...(await run(process.execPath, [BIN, ...args])), code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

const gatewayConfig = (store: string, limits = '') =>
  parseConfig(
    `providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up }
models:
  small: { provider: sim, model: standin-small, price: { input_per_mtok: 2000, output_per_mtok: 4000 } }
server: { admin_key: ${ADMIN_KEY} }
traces: { flush_interval_ms: 5 }
retry: { max_attempts: 1 }
store: ${store}
${limits}
`,
    'store-copy',
  );

async function admin(gateway: RunningServer, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${gateway.url}${path}`, { method, headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return (await res.json()) as Record<string, unknown>;
}

const ask = (gateway: RunningServer, apiKey: string, content: string) =>
  new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey, maxRetries: 0 }).chat.completions.create({ model: 'small', messages: [{ role: 'user', content }], max_tokens: 16 });

type Usage = { spendUsd: number };
const usageOf = (list: Record<string, unknown>, field: 'keys' | 'teams', name: string) => (list[field] as { name: string; usage: Usage }[]).find((k) => k.name === name)?.usage.spendUsd;

interface Before {
  secret: string;
  keySpend: number;
  teamSpend: number;
  found: string[];
  spend: unknown;
  overview: unknown;
  bytes: Buffer;
  queue: unknown;
}
let before: Before;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 0 });
  writeFileSync(replicas, `store: { postgres: "${target}" }\n`);
  const gateway = await startServer(gatewayConfig(`{ sqlite: ${file} }`), { port: 0, host: '127.0.0.1' });
  try {
    await admin(gateway, 'PUT', '/api/teams/care', { budget: { usd: 1, period: 'monthly' } });
    const secret = (await admin(gateway, 'POST', '/api/keys', { name: 'care-bot', team: 'care' })).key as string;
    const { response } = await new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: secret, maxRetries: 0 }).chat.completions
      .create({ model: 'small', messages: [{ role: 'user', content: 'Tell me about the zephyrquartz crystal' }], max_tokens: 16 })
      .withResponse();
    await ask(gateway, secret, 'Something else entirely');
    await gateway.traces.flush();
    // Feedback queues the call for review: feedback, review_items and review_reasons rows.
    const traceId = response.headers.get('x-switchyard-trace-id') as string;
    await admin(gateway, 'POST', '/api/feedback', { trace_id: traceId, thumbs: 'down', comment: 'wrong crystal' });
    // A native model's Responses answer, stored as it passed through: found later by OpenAI's item id.
    await gateway.stores.responses.put({ id: 'resp_native', owner: null, createdAt: Date.now(), input: [], response: { id: 'resp_native', object: 'response', output: [{ id: 'msg_openai_1', type: 'message', role: 'assistant', content: [] }] } });
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256));
    await gateway.stores.models.register({ route: 'support', dataVersion: 'd1', metrics: { accuracy: 0.9, coverage: 0.8, precision: 0.95, examples: 300 }, model: bytes, createdAt: Date.now() });
    before = {
      secret,
      keySpend: usageOf(await admin(gateway, 'GET', '/api/keys'), 'keys', 'care-bot') as number,
      teamSpend: usageOf(await admin(gateway, 'GET', '/api/teams'), 'teams', 'care') as number,
      found: [],
      spend: undefined,
      overview: (await admin(gateway, 'GET', '/api/overview?range=24h')).totals,
      bytes,
      queue: (await admin(gateway, 'GET', '/api/review/queue')).items,
    };
  } finally {
    await gateway.close();
  }
  before.found = (JSON.parse((await cli('traces', '--search', 'zephyrquartz', '--json', '--db', file)).stdout) as { id: string }[]).map((t) => t.id);
  before.spend = JSON.parse((await cli('spend', '--json', '--db', file)).stdout);
}, 60_000);

afterAll(async () => {
  await sim.close();
  await dropSchemas(TEST_POSTGRES_URL, [schema]);
  await deleteRedisKeys(`${prefix}:*`);
  rmSync(dir, { recursive: true, force: true });
});

describe('switchyard migrate --from FILE.db (to PostgreSQL and Redis)', () => {
  it('copies a SQLite store into an empty PostgreSQL store that a gateway then serves as it was', async () => {
    expect(before.keySpend).toBeGreaterThan(0);
    expect(before.teamSpend).toBeCloseTo(before.keySpend, 10);
    expect(before.found).toHaveLength(1);
    expect(before.queue).toMatchObject([{ traceId: before.found[0], source: 'feedback' }]);

    const copied = await cli('migrate', '--from', file, '--config', replicas);
    expect(copied.stderr).toBe('');
    expect(copied.code).toBe(0);
    expect(copied.stdout).toMatch(new RegExp(`^copied ${file.replace(/[.]/g, '\\.')} into postgres .*schema=${schema}: \\d+ rows in \\d+ tables\\n`));
    expect(copied.stdout).toMatch(/\n {2}virtual_keys +1\n/);
    expect(copied.stdout).toMatch(/\n {2}key_teams +1\n/);
    expect(copied.stdout).toMatch(/\n {2}local_model_versions +1\n/);
    expect(copied.stdout).toMatch(/\n {2}traces +2 {2}through the trace store\n/);
    expect(copied.stdout).toMatch(/\nrebuilt trace_word_blocks: 1 row from the copied traces \(the search index\)\n/);
    expect(copied.stdout).toMatch(/\nrebuilt stored_responses\.item_ids: 1 row from the copied responses \(their output item ids\)\n/);
    expect(copied.stdout).toMatch(/\nnot copied, SQLite's own derived data: rollup_state, stored_response_items, trace_search_ids, trace_search_queue, traces_fts\*\n$/);

    // The CLI on PostgreSQL finds the old call and the same spend.
    const found = JSON.parse((await cli('traces', '--search', 'zephyrquartz', '--json', '--db', target)).stdout) as { id: string }[];
    expect(found.map((t) => t.id)).toEqual(before.found);
    expect(JSON.parse((await cli('spend', '--json', '--db', target)).stdout)).toEqual(before.spend);

    // As replicas run: budgets in Redis, which seeds each one's spend from the copied traces.
    const limits = `limits: { store: redis, redis_url: "redis://127.0.0.1:6379", redis_prefix: "${prefix}" }`;
    const gateway = await startServer(gatewayConfig(`{ postgres: "${target}" }`, limits), { port: 0, host: '127.0.0.1' });
    try {
      expect(gateway.stores.backend).toBe('postgres');
      expect(usageOf(await admin(gateway, 'GET', '/api/keys'), 'keys', 'care-bot')).toBeCloseTo(before.keySpend, 10);
      expect(usageOf(await admin(gateway, 'GET', '/api/teams'), 'teams', 'care')).toBeCloseTo(before.teamSpend, 10);
      expect((await admin(gateway, 'GET', '/api/overview?range=24h')).totals).toEqual(before.overview);
      expect((await admin(gateway, 'GET', '/api/review/queue')).items).toEqual(before.queue);
      expect((await gateway.stores.responses.holdingItem(null, 'msg_openai_1'))?.id).toBe('resp_native');
      const versions = await gateway.stores.models.list('support');
      expect(versions).toMatchObject([{ route: 'support', version: 1, dataVersion: 'd1' }]);
      expect(Buffer.from(await gateway.stores.models.modelBytes('support', 1))).toEqual(before.bytes);
      // The same secret, not a new one: the client app changes nothing.
      const answer = await ask(gateway, before.secret, 'Still me');
      expect(answer.choices[0]?.message.content).toBeTruthy();
      // The team's budget goes on from what it had spent: calls stop before it passes $1.
      let refused: Error | undefined;
      let calls = 0;
      for (; calls < 60 && !refused; calls++) await ask(gateway, before.secret, 'Spend some more of the budget please').catch((error: Error) => (refused = error));
      expect(refused?.message).toMatch(/^429 team "care"/);
      await gateway.traces.flush();
      const spent = usageOf(await admin(gateway, 'GET', '/api/teams'), 'teams', 'care') as number;
      expect(spent).toBeGreaterThan(before.teamSpend);
      expect(spent).toBeLessThanOrEqual(1);
    } finally {
      await gateway.close();
    }
  }, 120_000);

  it('refuses a target that already holds data, naming the table and its rows', async () => {
    const again = await cli('migrate', '--from', file, '--config', replicas);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already holds data: .*key_teams \(1 row\).*traces \(\d+ rows\).*virtual_keys \(1 row\); --from copies only into an empty store/);
  });

  it('refuses a SQLite file that is missing or not a Switchyard store, and a SQLite target', async () => {
    const missing = await cli('migrate', '--from', join(dir, 'nope.db'), '--config', replicas);
    expect(missing.stderr).toContain(`--from ${join(dir, 'nope.db')}: no such file`);
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'hello, not a database at all, padded to be longer than a SQLite header........................................');
    expect((await cli('migrate', '--from', text, '--config', replicas)).stderr).toContain(`--from ${text}: not a SQLite database`);
    const other = join(dir, 'other.db');
    new Database(other).exec('CREATE TABLE t (a)');
    expect((await cli('migrate', '--from', other, '--config', replicas)).stderr).toContain(`--from ${other}: a SQLite database but not a Switchyard store`);
    expect((await cli('migrate', '--from', file, '--db', join(dir, 'target.db'))).stderr).toContain(`--from copies into a PostgreSQL store, but --db is the SQLite file ${join(dir, 'target.db')}`);
  });
});
