import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { printRoutes } from '../../src/cli/routes-report.js';
import type { RouteReport } from '../../src/monitor/route-report.js';
import { type Harness, simProviders, startHarness } from '../../src/test-support/gateway-harness.js';

// `switchyard routes` gives a cascade's steps: how many calls came to each target, how many it
// answered and what a call it answered cost, from the report /api/routes serves the Routes page
// (a running gateway) and from the store the same way.
const dir = mkdtempSync(join(tmpdir(), 'sy-routes-cascade-'));
const sqlite = join(dir, 'sy.db');
const CONFIG = (simUrl: string) => `
${simProviders(simUrl)}
models:
  cheap:  { provider: sim,  model: standin-cheap,  price: { input_per_mtok: 0.1, output_per_mtok: 0.4 } }
  strong: { provider: anth, model: claude-standin, price: { input_per_mtok: 3,   output_per_mtok: 15 } }
routes:
  triage:
    policy: cascade
    targets: [ cheap, strong ]
    escalate_on: { validation: { labels: [billing, shipping, other] } }
  plain: { policy: static, target: cheap }
retry: { max_attempts: 1 }
`;
let h: Harness;
let config = '';

beforeAll(async () => {
  h = await startHarness('', (simUrl) => {
    config = CONFIG(simUrl);
    return config;
  }, { sqlite });
  writeFileSync(join(dir, 'config.yaml'), `${config}\nstore: { sqlite: ${sqlite} }\n`);
  // The cheap model labels an invoice (accepted) and answers a story with prose (escalated); the strong one labels it.
  h.sim.addScript({ match: 'story', model: 'standin-cheap', reply: 'Once upon a time', usage: { prompt_tokens: 100, completion_tokens: 10, cached_tokens: 0 } });
  h.sim.addScript({ match: 'story', model: 'claude-standin', reply: 'other', usage: { prompt_tokens: 120, completion_tokens: 3, cached_tokens: 0, cache_creation_tokens: 0 } });
  h.sim.addScript({ match: 'invoice', model: 'standin-cheap', reply: 'billing', usage: { prompt_tokens: 90, completion_tokens: 1, cached_tokens: 0 } });
  const client = h.openai('sk-sy-test');
  const ids: string[] = [];
  for (const content of ['an invoice', 'another invoice', 'a story', 'one more invoice']) {
    const { response } = await client.chat.completions.create({ model: 'triage', messages: [{ role: 'user', content }] }).withResponse();
    ids.push(response.headers.get('x-switchyard-trace-id') ?? '');
  }
  for (const id of ids) await h.traceOf(id);
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

async function printed(flags: Parameters<typeof printRoutes>[0]): Promise<string> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    await printRoutes(flags);
    return log.mock.calls.map((c) => String(c[0])).join('\n');
  } finally {
    log.mockRestore();
  }
}

const INVOICE_USD = (90 * 0.1 + 1 * 0.4) / 1e6;
const STORY_USD = (100 * 0.1 + 10 * 0.4) / 1e6 + (120 * 3 + 3 * 15) / 1e6;

describe('switchyard routes on a cascade', () => {
  it('reports each step as the Routes page’s /api/routes does: reached, answered, passed on, mean cost', async () => {
    const api = (await (await fetch(`${h.gateway.url}/api/routes?range=1h`)).json()) as { routes: RouteReport[] };
    const triage = api.routes.find((r) => r.route === 'triage');
    expect(triage?.cascade).toEqual([
      { step: 1, target: 'cheap', reached: 4, answered: 3, passedOn: 1, answeredShare: 0.75, meanCostUsd: expect.closeTo(INVOICE_USD, 12) },
      { step: 2, target: 'strong', reached: 1, answered: 1, passedOn: 0, answeredShare: 1, meanCostUsd: expect.closeTo(STORY_USD, 12) },
    ]);
    expect(api.routes.find((r) => r.route === 'plain')?.cascade).toBeNull();
    // --json is that report, from the gateway and from its store alike.
    for (const flags of [{ gateway: h.gateway.url }, { config: join(dir, 'config.yaml') }]) {
      const json = JSON.parse(await printed({ ...flags, range: '1h', json: true })) as { routes: RouteReport[] };
      expect(json.routes.find((r) => r.route === 'triage')?.cascade).toEqual(triage?.cascade);
    }
  });

  it('prints the steps in the table, to a pipe on the route’s one line, and a dash for a route that is no cascade', async () => {
    const saved = process.env.COLUMNS;
    delete process.env.COLUMNS;
    try {
      const text = await printed({ gateway: h.gateway.url, range: '1h' });
      const head = text.split('\n').find((l) => l.includes('cascade steps'));
      expect(head).toBeDefined();
      const row = text.split('\n').find((l) => l.startsWith('│ triage '));
      expect(row).toContain('│ 1 cheap 3 of 4 (75.0%, $0.00000940 each), 2 strong 1 of 1 (100.0%, $0.000419 each) │');
      expect(text.split('\n').find((l) => l.startsWith('│ plain '))).toMatch(/│ – +│$/);
    } finally {
      if (saved !== undefined) process.env.COLUMNS = saved;
    }
  });
});
