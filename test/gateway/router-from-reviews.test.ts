import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { bearer, callApi } from '../../src/test-support/api-call.js';
import { type Harness, simProviders, startHarness } from '../../src/test-support/gateway-harness.js';

// The whole loop issue #9 describes for a learned route: traffic through a gateway, people's
// verdicts in the review queue, `router train --from-reviews`, and a learned route using the file.
const ADMIN_KEY = 'admin-key-router-from-reviews';
const dir = mkdtempSync(join(tmpdir(), 'sy-router-reviews-gw-'));
const db = join(dir, 'sy.db');
const routerFile = join(dir, 'support.router.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = (routes: string) => (simUrl: string) =>
  `${simProviders(simUrl)}
models:
  mini: { provider: sim, model: standin-small, price: { input_per_mtok: 0.2, output_per_mtok: 0.8 } }
  large: { provider: sim, model: standin-large, price: { input_per_mtok: 3, output_per_mtok: 15 } }
server: { admin_key: ${ADMIN_KEY} }
routes:
${routes}
`;
const easy = (i: number) => `How do I reset the password of account ${i}?`;
const hard = (i: number) => `Prove step by step that the sum of the first ${i} odd numbers is a perfect square, with a formal induction.`;

describe('a learned route trained on the review queue', () => {
  it('learns from reviewed answers of a split between the cheap and the strong model, and routes by them', async () => {
    // 1. Traffic: an A/B split of the two models, sticky per user, every call traced.
    let h: Harness = await startHarness('', config('  support: { policy: split, sticky: user, arms: [ { target: mini, weight: 2 }, { target: large, weight: 1 } ] }'), { sqlite: db });
    const admin = bearer(ADMIN_KEY);
    const verdicts: { traceId: string; score: number }[] = [];
    try {
      const client = h.openai('any');
      for (let i = 0; i < 40; i++) {
        for (const [kind, prompt] of [['easy', easy(i)], ['hard', hard(i)]] as const) {
          const { response } = await client.chat.completions.create({ model: 'support', user: `${kind}-${i}`, messages: [{ role: 'user', content: prompt }] }).withResponse();
          const trace = await h.traceOf(response);
          const model = (trace.decisions?.route as { model: string }).model;
          // The reviewers' judgement: the cheap model gets the password questions right and the proofs wrong.
          verdicts.push({ traceId: trace.id, score: model === 'mini' && kind === 'hard' ? 2 : 5 });
        }
      }
      // 2. Reviews, through the admin API as a reviewer's script sends them.
      const queued = await callApi(h, 'POST', '/api/review/items', admin, { trace_ids: verdicts.map((v) => v.traceId), reason: 'router training' });
      expect(queued.status).toBe(201);
      const items = queued.json.items as { id: string; traceId: string }[];
      for (const item of items) {
        const score = verdicts.find((v) => v.traceId === item.traceId)?.score;
        expect((await callApi(h, 'POST', `/api/review/items/${item.id}/reviews`, admin, { score })).status).toBe(201);
      }
    } finally {
      await h.close();
    }

    // 3. Training from the store the gateway wrote.
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['bin/switchyard.js', 'router', 'train', '--from-reviews', '--weak', 'mini', '--strong', 'large', '--db', db, '--out', routerFile, '--validation', '0.25', '--json']);
    // At most every call: the strong arm's reviews alone are no records (the split is the sticky hash's).
    const calls = verdicts.length;
    const trained = JSON.parse(stdout) as { trainingRecords: number; validationRecords: number };
    expect(trained.trainingRecords + trained.validationRecords).toBeGreaterThanOrEqual(20);
    expect(trained.trainingRecords + trained.validationRecords).toBeLessThan(calls);
    expect(stderr).toMatch(/^training a router on (\d+) outcome records of reviews \(\1 records; cheap mini: \d+ accepted, \d+ rejected; strong large: \d+ reviewed \(0 paired with a cheap answer\); other models: none; 0 pending; 0 without a stored answer\)/);

    // 4. The learned route loads the file and sends each kind of prompt where the reviews said.
    h = await startHarness('', config(`  support: { policy: learned, router: ${routerFile}, cheap: mini, strong: large, threshold: 0.25 }`), { sqlite: db });
    try {
      const client = h.openai('any');
      const routeOf = async (prompt: string) => (await client.chat.completions.create({ model: 'support', messages: [{ role: 'user', content: prompt }] }).withResponse()).response.headers.get('x-switchyard-route');
      expect(await routeOf(easy(123))).toMatch(/^support>mini \(router score [0-9.]+ >= 0\.250 \(configured threshold\): cheap\)$/);
      expect(await routeOf(hard(123))).toMatch(/^support>large \(router score [0-9.]+ < 0\.250 \(configured threshold\): strong\)$/);
    } finally {
      await h.close();
    }
  }, 120_000);
});
