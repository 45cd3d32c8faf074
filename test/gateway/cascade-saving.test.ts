import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import type { RouteReport } from '../../src/monitor/route-report.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';
import { TEST_POSTGRES_URL, uniqueSchema } from '../../src/store/contract/backends.js';
import { dropSchemas } from '../../src/store/contract/drop-schemas.js';
import { openaiTo } from '../../src/test-support/gateway-harness.js';
import { lookupPrice } from '../../src/tokens/price-table.js';
import { computeCost } from '../../src/tokens/cost.js';
import { ZERO_USAGE } from '../../src/tokens/usage.js';

// The README's `extract` cascade on the simulator: gpt-5.4-mini's prose never passes the schema, so
// every call pays both steps. Before 2026-12-07 its saving against gpt-5.4 alone could only be
// bounded ("at most $0"): the route rollups booked a call to the step that answered, and what
// gpt-5.4-mini cost each call was on the traces only. Now each call records what gpt-5.4 cost it,
// and the saving is exact: less than nothing by the sum of the cheap steps' costs. A second route
// whose cheap step answers some calls prices gpt-5.4 for those at their tokens. On SQLite and PostgreSQL.
const ADMIN = 'admin-key-cascade-saving';
const dir = mkdtempSync(join(tmpdir(), 'sy-cascade-saving-'));
const schemas: string[] = [];
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 0 });
  // mixed: the cheap model answers the invoices in JSON that passes the schema, and prose to the rest.
  sim.addScript({ model: 'gpt-5.4-mini', match: 'invoice', reply: '{"name":"Ann","amount":30}' });
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
  if (schemas.length > 0) await dropSchemas(TEST_POSTGRES_URL, schemas);
});

const config = (store: string) =>
  parseConfig(
    `
providers:
  sim-openai: { type: openai, base_url: "${sim.url}/v1", api_key: sk-simulated, simulated: true }
models:
  gpt-5.4-mini: { provider: sim-openai, model: gpt-5.4-mini }
  gpt-5.4: { provider: sim-openai, model: gpt-5.4 }
routes:
  extract:
    policy: cascade
    targets: [gpt-5.4-mini, gpt-5.4]
    escalate_on:
      validation: { json_schema: { type: object, required: [name, amount] } }
      confidence: { min_mean_logprob: -0.5 }
  mixed:
    policy: cascade
    targets: [gpt-5.4-mini, gpt-5.4]
    escalate_on:
      validation: { json_schema: { type: object, required: [name, amount] } }
server: { admin_key: ${ADMIN} }
traces: { flush_interval_ms: 5 }
store: ${store}
`,
    'cascade-saving',
  );

const backends: [string, () => string][] = [
  ['sqlite', () => `{ sqlite: ${join(mkdtempSync(join(dir, 'db-')), 'sy.db')} }`],
  ['postgres', () => { const schema = uniqueSchema(); schemas.push(schema); return `{ postgres: "${TEST_POSTGRES_URL}?schema=${schema}" }`; }],
];

interface Step {
  target: string;
  action: string;
  costUsd: number | null;
}
interface Alone {
  target: string;
  costUsd: number | null;
  latencyMs: number | null;
  from: 'step' | 'price';
}

describe("a cascade's saving against its last target alone, exact", () => {
  for (const [backend, newStore] of backends) {
    it(`is the cheap steps' cost below zero when every call escalated, and prices the last target for calls that stopped earlier (${backend})`, async () => {
      const gateway: RunningServer = await startServer(config(newStore()), { port: 0, host: '127.0.0.1' });
      try {
        const client = openaiTo(gateway, 'any');
        for (const content of ['Ann paid 30', 'Bo paid 12', 'Cy paid 7', 'Di paid 99']) await client.chat.completions.create({ model: 'extract', messages: [{ role: 'user', content }] });
        for (const content of ['invoice: Ann paid 30', 'invoice: Bo paid 12', 'a story about Cy']) await client.chat.completions.create({ model: 'mixed', messages: [{ role: 'user', content }] });
        await gateway.traces.flush();
        const traces = async (model: string) => (await gateway.store.selectTraces({ model, limit: 100 })).map((t) => ({ ...t, route: (t.decisions as { route: { cascade: Step[]; alone: Alone } }).route }));
        const extract = await traces('extract');
        expect(extract).toHaveLength(4);
        // Every call escalated: gpt-5.4-mini's step, then gpt-5.4's, whose own cost is the call's `alone`.
        for (const t of extract) {
          expect(t.route.cascade.map((s) => s.action)).toEqual(['escalate', 'final']);
          expect(t.route.alone).toMatchObject({ target: 'gpt-5.4', from: 'step', costUsd: t.route.cascade[1]?.costUsd });
        }
        const cheapSteps = extract.reduce((sum, t) => sum + (t.route.cascade[0]?.costUsd ?? Number.NaN), 0);
        expect(cheapSteps).toBeGreaterThan(0);

        const answer = await fetch(`${gateway.url}/api/routes?range=1h`, { headers: { authorization: `Bearer ${ADMIN}` } });
        const reports = ((await answer.json()) as { routes: RouteReport[] }).routes;
        const saving = reports.find((r) => r.route === 'extract')?.cascadeSaving;
        // Before: `at most $0 vs gpt-5.4 alone`, atMostBecause "gpt-5.4-mini".
        expect(saving).toMatchObject({ against: 'gpt-5.4', exact: true, calls: 4, pricedCalls: 0, unpricedCalls: 0, atMostBecause: null, since: null });
        expect(saving?.savedUsd).toBeCloseTo(-cheapSteps, 12);
        expect(saving?.series?.savedUsd.at(-1)).toBeCloseTo(-cheapSteps, 12);

        // mixed: the invoices stopped at gpt-5.4-mini, so gpt-5.4 is priced at their tokens; the story escalated.
        const mixed = await traces('mixed');
        const early = mixed.filter((t) => t.route.cascade.length === 1);
        expect(early).toHaveLength(2);
        const price = lookupPrice('gpt-5.4');
        for (const t of early) expect(t.route.alone).toMatchObject({ target: 'gpt-5.4', from: 'price', latencyMs: null, costUsd: computeCost(price, { ...ZERO_USAGE, inputTokens: t.inputTokens, outputTokens: t.outputTokens }) });
        const alone = mixed.reduce((sum, t) => sum + (t.route.alone.costUsd ?? Number.NaN), 0);
        const paid = mixed.reduce((sum, t) => sum + t.costUsd, 0);
        const mixedSaving = reports.find((r) => r.route === 'mixed')?.cascadeSaving;
        expect(mixedSaving).toMatchObject({ exact: true, calls: 3, pricedCalls: 2 });
        expect(mixedSaving?.savedUsd).toBeCloseTo(alone - paid, 12);

        // The same in `switchyard routes`, as a table and as JSON.
        const sy = (...args: string[]) => promisify(execFile)(process.execPath, ['bin/switchyard.js', 'routes', '--gateway', gateway.url, '--admin-key', ADMIN, ...args], { env: { ...process.env, COLUMNS: '400' }, timeout: 30_000 });
        const { stdout } = await sy();
        expect(stdout).toContain(`more than gpt-5.4 alone (4 calls, every step paid)`);
        // Its sign is the simulator's answers' lengths': the wording follows it.
        expect(stdout).toContain(`${(mixedSaving?.savedUsd ?? 0) < 0 ? 'more than' : 'vs'} gpt-5.4 alone (3 calls, every step paid; gpt-5.4 priced at its price for the 2 that stopped earlier)`);
        const json = JSON.parse((await sy('--json')).stdout) as RouteReport[] | { routes: RouteReport[] };
        const listed = Array.isArray(json) ? json : json.routes;
        expect(listed.find((r) => r.route === 'extract')?.cascadeSaving?.savedUsd).toBeCloseTo(-cheapSteps, 12);
      } finally {
        await gateway.close();
      }
    }, 120_000);
  }
});
