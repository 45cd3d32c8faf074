import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RouteReport } from '../monitor/route-report.js';
import { openSqliteStores } from '../store/sqlite/open-sqlite-stores.js';
import { type FakeUpstream, startFakeUpstream } from '../test-support/fake-upstream.js';
import { cascadeSavingText, latencySavedText, printRoutes } from './routes-report.js';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/switchyard.js');

// What /api/routes reports for a cascade whose local model answers most requests.
const routes: RouteReport[] = [
  {
    route: 'support-intent',
    policy: 'cascade',
    requests: 400,
    branches: [
      { branch: '(local)', requests: 250, share: 0.625, costUsd: 0, meanLatencyMs: 4 },
      { branch: 'standin-small', requests: 150, share: 0.375, costUsd: 0.01, meanLatencyMs: 300 },
    ],
    localShare: 0.625,
    savedUsd: 0.0123,
    grossSavedUsd: 0.0123,
    savedUsdPerLocalRequest: 0.01 / 150,
    shadowChecks: { requests: 0, costUsd: 0 },
    savedLatencyMsPerLocalRequest: null,
    local: { liveVersion: 3, heldOut: { precision: 0.961, coverage: 0.7, accuracy: 0.9, examples: 800 }, live: null, examples: 1200, training: false, waiting: null },
    // As a gateway from before cascade steps answers: no column for them.
    cascade: null,
    judgeCalls: { requests: 0, costUsd: 0 },
    cascadeSaving: null,
  },
];
// Too wide for 100 columns on one line, narrow enough with the branches wrapped at their words.
// Before 2026-12-07 (leftovers15): "62.5% (v3)", read as v3's share when earlier versions had answered some of it.
const ROW = /^│ support-intent │ cascade +│ 400 +│ \(local\) 62\.5%, standin-small 37\.5% │ 62\.5% \(live v3\) │ – \/ 96\.1% +│ \$0\.0123 +│$/;

describe('switchyard routes', () => {
  let server: FakeUpstream;
  let url: string;
  const saved = process.env.COLUMNS;
  beforeAll(async () => {
    // A gateway's /health first (the command checks it is one), then the report.
    server = await startFakeUpstream((req, _body, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(req.url === '/health' ? { status: 'ok', models: 2 } : { routes })));
    url = server.url;
  });
  afterAll(() => server.close());
  afterEach(() => {
    vi.restoreAllMocks();
    if (saved === undefined) delete process.env.COLUMNS;
    else process.env.COLUMNS = saved;
  });

  it('to a pipe keeps each route on one line, every column with it; only the header wraps', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.COLUMNS;
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'routes', '--gateway', url], { env, timeout: 30_000 });
    const lines = stdout.split('\n');
    // Before: "served by" and "local" wrapped at the 100 columns assumed for a pipe, the route over three lines.
    expect(lines.filter((l) => ROW.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /standin|37\.5%|v3/.test(l))).toHaveLength(1);
    expect(stdout).not.toContain('not shown');
  });

  it('from the store, says where live precision is known when a route has a live local model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-routes-'));
    const db = join(dir, 'routes.db');
    const stores = openSqliteStores(db);
    await stores.models.register({ route: 'support-intent', dataVersion: 'd', metrics: { accuracy: 0.97, coverage: 0.8, precision: 0.99, examples: 300 }, model: Uint8Array.of(1), createdAt: 1 });
    await stores.models.promote('support-intent', 1, { minPrecision: 0.95, minCoverage: 0.5 }, 2);
    await stores.close();
    const config = join(dir, 'routes.yaml');
    writeFileSync(config, `providers: { sim: { type: openai, base_url: "http://127.0.0.1:9/v1", api_key: sk-sim } }
models: { large: { provider: sim, model: gpt-4o-mini } }
routes:
  support-intent: { policy: static, target: large, options: { task: { type: classify } } }
  plain: { policy: static, target: large }
`);
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((text: unknown) => void lines.push(...String(text).split('\n')));
    await printRoutes({ config, db, range: '24h' });
    expect(lines.some((l) => /^│ support-intent .*│ – \/ 99\.0% /.test(l))).toBe(true);
    expect(lines.at(-1)).toBe('live precision (of the shadow checks) is known only to a running gateway: switchyard routes --gateway URL');
    lines.length = 0;
    await printRoutes({ gateway: url, range: '24h' });
    expect(lines.join('\n')).not.toContain('known only to a running gateway');
    rmSync(dir, { recursive: true, force: true });
  });

  it('names how many more branches served the rest, and their share, beyond the three it lists', async () => {
    process.env.COLUMNS = '200';
    const route = routes[0] as RouteReport;
    const before = route.branches;
    route.branches = ['a', 'b', 'c', 'd', 'e'].map((branch, i) => ({ branch, requests: 100 - i * 20, share: [0.4, 0.3, 0.2, 0.06, 0.04][i] as number, costUsd: 0, meanLatencyMs: 1 }));
    try {
      const lines: string[] = [];
      vi.spyOn(console, 'log').mockImplementation((text: unknown) => void lines.push(...String(text).split('\n')));
      await printRoutes({ gateway: url, range: '24h' });
      // Before: "a 40.0%, b 30.0%, c 20.0%", the tenth of the traffic d and e served unsaid.
      expect(lines.some((l) => l.includes('│ a 40.0%, b 30.0%, c 20.0%, 2 more 10.0% │'))).toBe(true);
    } finally {
      route.branches = before;
    }
  });

  it('names a fourth branch rather than "1 more": the README\'s support route beside Monitoring\'s read "1 more 12.5%"', async () => {
    process.env.COLUMNS = '200';
    const route = routes[0] as RouteReport;
    const before = route.branches;
    route.branches = ['gpt-5.4', 'claude-sonnet-4-6', 'gpt-5.4-mini', 'small'].map((branch, i) => ({ branch, requests: 1, share: [0.375, 0.25, 0.25, 0.125][i] as number, costUsd: 0, meanLatencyMs: 1 }));
    try {
      const lines: string[] = [];
      vi.spyOn(console, 'log').mockImplementation((text: unknown) => void lines.push(...String(text).split('\n')));
      await printRoutes({ gateway: url, range: '24h' });
      expect(lines.some((l) => l.includes('│ gpt-5.4 37.5%, claude-sonnet-4-6 25.0%, gpt-5.4-mini 25.0%, small 12.5% │'))).toBe(true);
      expect(lines.join('\n')).not.toContain('1 more');
    } finally {
      route.branches = before;
    }
  });

  it('writes a local answer slower than the paid branch as slower, not as a negative saving', () => {
    // Before: "-1.97 ms/request" in the saved column (the README's routes.yaml, its teacher the simulator).
    expect(latencySavedText(-1.97)).toBe('2 ms slower/request');
    expect(latencySavedText(1207)).toBe('1.21 s/request');
  });

  it('writes a cascade\'s saving as at most its figure when no call stopped before the last step', () => {
    const saving = { against: 'gpt-5.4', calls: 4, lastTargetCostUsd: 0.000523, stepsCostUsd: 0.002094, grossSavedUsd: 0, judge: { requests: 0, costUsd: 0 }, savedUsd: 0, exact: false, pricedCalls: 0, unpricedCalls: 0, since: null, savedLatencyMsPerCall: null, series: null };
    // Before: "$0 vs gpt-5.4 alone", though every call had paid gpt-5.4-mini on top of gpt-5.4.
    expect(cascadeSavingText({ ...saving, atMostBecause: 'gpt-5.4-mini' })).toBe("at most $0 vs gpt-5.4 alone (no call stopped at gpt-5.4-mini: what it cost each call is in gpt-5.4's figure, so the cascade saved less)");
    expect(cascadeSavingText({ ...saving, atMostBecause: null })).toBe('$0 vs gpt-5.4 alone');
  });

  it("writes a cascade's exact saving, a negative one as what it cost more, with the calls priced, left out and from when", () => {
    const exact = { against: 'gpt-5.4', calls: 4, lastTargetCostUsd: 0.0005, stepsCostUsd: 0.00288, grossSavedUsd: -0.00088, judge: { requests: 0, costUsd: 0 }, savedUsd: -0.00088, atMostBecause: null, exact: true, pricedCalls: 0, unpricedCalls: 0, since: null, savedLatencyMsPerCall: -950, series: null };
    // Before 2026-12-07: "at most $0 vs gpt-5.4 alone (…)" for this cascade, whose every call paid both steps.
    expect(cascadeSavingText(exact)).toBe('$0.000880 more than gpt-5.4 alone (4 calls, every step paid), 950 ms slower/request');
    expect(cascadeSavingText({ ...exact, savedUsd: 0.0122, grossSavedUsd: 0.0183, judge: { requests: 24, costUsd: 0.0061 }, pricedCalls: 3, unpricedCalls: 1, savedLatencyMsPerCall: 400, since: Date.UTC(2026, 11, 7, 23, 52) })).toBe(
      '$0.0122 vs gpt-5.4 alone (4 calls, every step paid; gpt-5.4 priced at its price for the 3 that stopped earlier), net of $0.006100 on 24 judge calls, 400 ms/request; 1 call left out: gpt-5.4 has no price; since 2026-12-07 23:52 UTC (older calls were stored without the figure)',
    );
    expect(cascadeSavingText({ ...exact, judge: { requests: 1, costUsd: 0.0002 } })).toContain('more than gpt-5.4 alone (4 calls, every step paid), $0.000200 on 1 judge call included');
  });

  it('writes the latency a local answer saved as the dashboard does, in seconds from one: "1.21 s/request"', async () => {
    process.env.COLUMNS = '200';
    const route = routes[0] as RouteReport;
    route.savedLatencyMsPerLocalRequest = 1207;
    try {
      const lines: string[] = [];
      vi.spyOn(console, 'log').mockImplementation((text: unknown) => void lines.push(...String(text).split('\n')));
      await printRoutes({ gateway: url, range: '24h' });
      expect(lines.some((l) => /│ \$0\.0123, 1\.21 s\/request +│$/.test(l))).toBe(true);
    } finally {
      route.savedLatencyMsPerLocalRequest = null;
    }
  });

  it('writes the money saved as every dollar amount is written (usd): four decimals, three significant digits below a ten-thousandth', async () => {
    process.env.COLUMNS = '200';
    const route = routes[0] as RouteReport;
    const before = route.savedUsd;
    try {
      for (const [saved, shown] of [[12.3456, '$12.3456'], [0.000042, '$0.0000420']] as const) {
        route.savedUsd = saved;
        const lines: string[] = [];
        vi.spyOn(console, 'log').mockImplementation((text: unknown) => void lines.push(...String(text).split('\n')));
        await printRoutes({ gateway: url, range: '24h' });
        // Before: "$12.35" (two decimals from a dollar up) and "$0.0000" (four below it).
        expect(lines.some((l) => l.includes(`│ ${shown} `))).toBe(true);
        vi.restoreAllMocks();
      }
    } finally {
      route.savedUsd = before;
    }
  });

  it('writes the saving net of the shadow checks, with what they cost of it', async () => {
    process.env.COLUMNS = '200';
    const route = routes[0] as RouteReport;
    const before = { ...route };
    Object.assign(route, { savedUsd: 0.0563, grossSavedUsd: 0.0626, shadowChecks: { requests: 63, costUsd: 0.0063 } });
    try {
      const lines: string[] = [];
      vi.spyOn(console, 'log').mockImplementation((text: unknown) => void lines.push(...String(text).split('\n')));
      await printRoutes({ gateway: url, range: '24h' });
      // Before: "$0.0626", what 63 calls to the teacher had cost of it unsaid.
      expect(lines.some((l) => l.includes('│ $0.0563 net of $0.006300 on 63 shadow checks │'))).toBe(true);
      // The checks can cost more than the local answers saved: a loss, written as one.
      Object.assign(route, { savedUsd: -0.0001, grossSavedUsd: 0.0002, shadowChecks: { requests: 1, costUsd: 0.0003 } });
      lines.length = 0;
      await printRoutes({ gateway: url, range: '24h' });
      expect(lines.some((l) => l.includes('│ -$0.000100 net of $0.000300 on 1 shadow check │'))).toBe(true);
    } finally {
      Object.assign(route, before);
    }
  });

  it('writes the saving of a gateway from before shadow checks were counted as it sends it', async () => {
    process.env.COLUMNS = '200';
    const route = routes[0] as Partial<RouteReport>;
    const { shadowChecks, grossSavedUsd } = route;
    delete route.shadowChecks;
    delete route.grossSavedUsd;
    try {
      const lines: string[] = [];
      vi.spyOn(console, 'log').mockImplementation((text: unknown) => void lines.push(...String(text).split('\n')));
      await printRoutes({ gateway: url, range: '24h' });
      expect(lines.some((l) => /│ \$0\.0123 +│$/.test(l))).toBe(true);
    } finally {
      Object.assign(route, { shadowChecks, grossSavedUsd });
    }
  });

  it('on an 80-column terminal wraps the branches at their words, the route’s name whole', async () => {
    process.env.COLUMNS = '80';
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((text: unknown) => void lines.push(...String(text).split('\n')));
    await printRoutes({ gateway: url, range: '24h' });
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(80);
    expect(lines.some((l) => l.startsWith('│ support-intent │'))).toBe(true);
    // "served by" at its words: each branch's name whole, its share beside it or on the next line.
    const servedBy = lines.filter((l) => /\(local\)|62\.5%,|standin-small|37\.5%/.test(l)).map((l) => l.split('│')[3]?.trim());
    expect(servedBy).toEqual(['(local)', '62.5%,', 'standin-small', '37.5%']);
    expect(lines.some((l) => l.includes('…'))).toBe(false);
  });
});
