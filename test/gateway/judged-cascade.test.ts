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
import { judgedCascadeYaml } from '../../src/test-support/judged-cascade.js';

// A cascade whose judge decides: what the route saved against its last target alone is net of the
// judge's calls (before 2026-12-07 no report counted them: ~60% on top of the cheap call), and the
// judge's scores train a learned router (`router train --from-judged`). On SQLite and PostgreSQL.
const ADMIN = 'admin-key-judged-cascade';
const dir = mkdtempSync(join(tmpdir(), 'sy-judged-cascade-'));
const schemas: string[] = [];
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 0 });
  // The judge passes the cheap model's password answers and fails its proofs.
  sim.addScript({ model: 'standin-grader', match: 'password', reply: '5', usage: { prompt_tokens: 120, completion_tokens: 1, cached_tokens: 0 } });
  sim.addScript({ model: 'standin-grader', match: 'induction', reply: '2', usage: { prompt_tokens: 120, completion_tokens: 1, cached_tokens: 0 } });
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
  if (schemas.length > 0) await dropSchemas(TEST_POSTGRES_URL, schemas);
});

// mini and large, as the router is trained on them (--weak mini --strong large).
const judged = judgedCascadeYaml({ route: 'extract', names: { cheap: 'mini', strong: 'large' }, prices: { cheap: [0.2, 0.8], grader: [1, 4] } });
const config = (store: string) =>
  parseConfig(
    `
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up }
models:
${judged.models}
routes:
${judged.routes}
server: { admin_key: ${ADMIN} }
traces: { flush_interval_ms: 5 }
store: ${store}
`,
    'judged-cascade',
  );

const easy = (i: number) => `How do I reset the password of account ${i}?`;
const hard = (i: number) => `Prove by induction that the sum of the first ${i} odd numbers is a perfect square.`;
const CALLS = 12;

const backends: [string, () => { store: string; db: string }][] = [
  ['sqlite', () => { const db = join(mkdtempSync(join(dir, 'db-')), 'sy.db'); return { store: `{ sqlite: ${db} }`, db }; }],
  ['postgres', () => { const schema = uniqueSchema(); schemas.push(schema); const db = `${TEST_POSTGRES_URL}?schema=${schema}`; return { store: `{ postgres: "${db}" }`, db }; }],
];

describe('a judged cascade through the gateway', () => {
  for (const [backend, newStore] of backends) {
    it(`counts the judge's calls against the cascade's saving, and trains a router from its scores (${backend})`, async () => {
      const { store, db } = newStore();
      const gateway: RunningServer = await startServer(config(store), { port: 0, host: '127.0.0.1' });
      try {
        const client = openaiTo(gateway, 'any');
        for (let i = 0; i < CALLS; i++) {
          for (const prompt of [easy(i), hard(i)]) {
            const { response } = await client.chat.completions.create({ model: 'extract', messages: [{ role: 'user', content: prompt }] }).withResponse();
            expect(response.headers.get('x-switchyard-route')).toMatch(prompt.includes('password') ? /^extract>mini \(step 1 accepted: judge 1\.00 >= 0\.5\)$/ : /^extract>mini \(step 1 escalated on judge: score 0\.25 < 0\.5\); extract>large /);
          }
        }
        await gateway.traces.flush();
        // What the judge's own calls cost, from their traces.
        const graded = await gateway.store.selectTraces({ model: 'grader', limit: 1_000 });
        expect(graded).toHaveLength(2 * CALLS);
        const judgeUsd = graded.reduce((sum, t) => sum + t.costUsd, 0);
        expect(graded[0]?.decisions).toMatchObject({ internal: { feature: 'cascade-judge', route: 'extract' } });

        const answer = await fetch(`${gateway.url}/api/routes?range=1h`, { headers: { authorization: `Bearer ${ADMIN}` } });
        const report = ((await answer.json()) as { routes: RouteReport[] }).routes.find((r) => r.route === 'extract');
        // The judge's calls are the route's cost, not its traffic.
        expect(report?.requests).toBe(2 * CALLS);
        expect(report?.branches.map((b) => [b.branch, b.requests]).sort()).toEqual([['large', CALLS], ['mini', CALLS]]);
        expect(report?.judgeCalls.requests).toBe(2 * CALLS);
        expect(report?.judgeCalls.costUsd).toBeCloseTo(judgeUsd, 12);
        const saving = report?.cascadeSaving;
        expect(saving?.against).toBe('large');
        expect(saving?.calls).toBe(2 * CALLS);
        expect(saving?.savedUsd).toBeCloseTo((saving?.grossSavedUsd ?? Number.NaN) - judgeUsd, 12);
        expect(saving?.savedUsd ?? Number.NaN).toBeLessThan(saving?.grossSavedUsd ?? Number.NaN);
        // Exact since 2026-12-07: what large cost each call (its step) or would have (its price at the easy calls' tokens), less every step's cost.
        const routed = await gateway.store.selectTraces({ model: 'extract', limit: 1_000 });
        const alone = routed.reduce((sum, t) => sum + ((t.decisions as { route: { alone: { costUsd: number } } }).route.alone.costUsd), 0);
        expect(saving).toMatchObject({ exact: true, pricedCalls: CALLS, atMostBecause: null });
        expect(saving?.savedUsd).toBeCloseTo(alone - routed.reduce((sum, t) => sum + t.costUsd, 0) - judgeUsd, 12);

        // The same in `switchyard routes`.
        const { stdout } = await promisify(execFile)(process.execPath, ['bin/switchyard.js', 'routes', '--gateway', gateway.url, '--admin-key', ADMIN], { env: { ...process.env, COLUMNS: '400' }, timeout: 30_000 });
        expect(stdout).toContain(`large alone (${2 * CALLS} calls, every step paid; large priced at its price for the ${CALLS} that stopped earlier)`);
        expect(stdout).toContain(`on ${2 * CALLS} judge calls`);

        // 3. The judge's scores as a router's training data: the easy prompts good enough, the proofs not.
        const out = join(dir, `${backend}.router.json`);
        const trained = await promisify(execFile)(process.execPath, ['bin/switchyard.js', 'router', 'train', '--from-judged', '--weak', 'mini', '--strong', 'large', '--db', db, '--out', out, '--since', '1h', '--validation', '0.25', '--json'], { timeout: 60_000 });
        expect(trained.stderr).toContain(`training a router on ${2 * CALLS} outcome records of judged calls since 1h (${2 * CALLS} records; cheap mini: cascade judge ${CALLS} at or above 0.75, ${CALLS} below;`);
        const summary = JSON.parse(trained.stdout) as { trainingRecords: number; validationRecords: number };
        expect(summary.trainingRecords + summary.validationRecords).toBe(2 * CALLS);
      } finally {
        await gateway.close();
      }
    }, 120_000);
  }
});
