import { execFile } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from '../test-support/fake-upstream.js';
import { printProviders } from './providers-report.js';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/switchyard.js');

// What /api/providers reports for the README's simulator config after a few calls, one target open.
// The report's clock is fixed at NOW: reading Date.now() again while printing made "probe in 60 s" read
// "59 s" on a loaded machine.
const NOW = Date.now();
const target = (name: string, overrides: Record<string, unknown> = {}) => ({
  target: name, state: 'closed', retryAt: null, consecutiveFailures: 0, windowFailures: 0, windowAttempts: 1,
  latencyMs: 33, inFlight: 0, headroom: 1, opened: 0, windowMs: 30_000, ...overrides,
});
const report = {
  targets: [target('sim-anthropic/claude-sonnet-4-6'), target('sim-openai/gpt-5.4-mini', { state: 'open', retryAt: NOW + 60_000, consecutiveFailures: 3, windowFailures: 3, windowAttempts: 4, opened: 1 })],
  cache: { store: 'memory', entries: 0, bytes: 0, maxBytes: 67_108_864, evictions: 0 },
  cachedNames: [] as string[],
};

describe('switchyard providers', () => {
  let server: FakeUpstream;
  let url: string;
  const saved = process.env.COLUMNS;
  beforeAll(async () => {
    // A gateway's /health first (the command checks it is one), then the report.
    server = await startFakeUpstream((req, _body, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(req.url === '/health' ? { status: 'ok', models: 2 } : report)));
    url = server.url;
  });
  afterAll(() => server.close());
  afterEach(() => {
    vi.restoreAllMocks();
    if (saved === undefined) delete process.env.COLUMNS;
    else process.env.COLUMNS = saved;
  });

  /** The header's column names, each put back together from the lines it wraps over. */
  function header(lines: readonly string[]): string[] {
    const rows: string[][] = [];
    for (const line of lines.slice(1)) {
      if (line.includes('sim-')) break;
      rows.push(line.split('│').slice(1, -1).map((cell) => cell.trim()));
    }
    // "30 s" is joined by a no-break space, so it wraps as one word.
    return (rows[0] ?? []).map((_, i) => rows.map((row) => row[i] ?? '').filter(Boolean).join(' ').replaceAll('\u00a0', ' '));
  }

  async function printed(columns: number): Promise<string[]> {
    process.env.COLUMNS = String(columns);
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((text: unknown) => void lines.push(...String(text).split('\n')));
    await printProviders({ gateway: url }, () => NOW);
    return lines;
  }

  it('fits 80 columns with each target’s failures on one line, naming the columns left out', async () => {
    const lines = await printed(80);
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(80);
    expect(lines.some((l) => /│ sim-openai\/gpt-5\.4-mini +│ open, probe in 60 s │ 3 of 4 +│ 33 ms +│/.test(l))).toBe(true);
    expect(lines.some((l) => /│ sim-anthropic\/claude-sonnet-4-6 │ closed +│ 0 of 1 +│ 33 ms +│/.test(l))).toBe(true);
    // The note wraps at 80 columns like the cache line under it.
    expect(lines.join(' ')).toContain('(not shown to fit 80 columns: opened, in flight, rate limit left, failures in a row)');
    // The window's length is in the heading, so "3 of 4" reads as a rate over a known time.
    expect(header(lines)).toEqual(['target', 'circuit', 'failures in last 30 s', 'latency']);
    expect(lines.filter((l) => /^│ +│ +│ 30\u00a0s +│/.test(l))).toHaveLength(1);
  });

  it('names the failure columns as the dashboard does: failures in a row, failures in the last 30 s', async () => {
    // Before: one column headed "failed: row / 30 s" over cells such as "3 / 3 of 4".
    const lines = await printed(100);
    expect(header(lines)).toEqual(['target', 'circuit', 'failures in a row', 'failures in last 30 s', 'latency', 'rate limit left']);
    expect(lines.some((l) => /│ sim-openai\/gpt-5\.4-mini +│ open, probe in 60 s │ 3 +│ 3 of 4 +│ 33 ms +│ 100% +│$/.test(l))).toBe(true);
    expect(lines).toContain('(not shown to fit 100 columns: opened, in flight)');
  });

  it('says the cache is off and how to turn it on when nothing opts in, else what it caches', async () => {
    // `npm start` has no cache.routes: "cache (memory): 0 entries, 0.0 MB of 64 MB" read as a cache that never hit.
    expect(await printed(200)).toContain('cache: off, no model or route opts in (list them under cache.routes in the config, "*" for every one)');
    report.cachedNames = ['small', 'support'];
    report.cache.entries = 3;
    try {
      expect(await printed(200)).toContain('cache (memory) for small, support: 3 entries, 0.0 MB of 64 MB, 0 evicted');
      report.cachedNames = ['*'];
      expect(await printed(200)).toContain('cache (memory) for every model and route: 3 entries, 0.0 MB of 64 MB, 0 evicted');
      // What this process holds beside the store, from a gateway that says (a shared Redis store's entries are every replica's).
      (report as { cacheHeld?: unknown }).cacheHeld = { answers: 1, questions: 2 };
      expect(await printed(200)).toContain("cache (memory) for every model and route: 3 entries, 0.0 MB of 64 MB, 0 evicted; in this gateway's memory: 1 answer decoded, 2 questions in the semantic index");
      (report as { cacheHeld?: unknown }).cacheHeld = { answers: 'lots', questions: 2 };
      expect((await printed(200)).join('\n')).not.toContain("gateway's memory");
    } finally {
      report.cachedNames = [];
      report.cache.entries = 0;
      delete (report as { cacheHeld?: unknown }).cacheHeld;
    }
  });

  it('writes a latency over a second in seconds, as the dashboard does: 1.21 s, not 1207 ms', async () => {
    const first = report.targets[0] as { latencyMs: number | null };
    first.latencyMs = 1207;
    try {
      const lines = await printed(120);
      expect(lines.some((l) => /│ sim-anthropic\/claude-sonnet-4-6 │ closed +│ 0 +│ 0 of 1 +│ 1\.21 s +│/.test(l))).toBe(true);
      expect(lines.join('\n')).not.toContain('1207');
      first.latencyMs = 0.214;
      expect((await printed(120)).some((l) => /│ 0 of 1 +│ 0\.21 ms +│/.test(l))).toBe(true);
    } finally {
      first.latencyMs = 33;
    }
  });

  it('shows every column in a wide terminal', async () => {
    const lines = await printed(120);
    expect(lines.some((l) => l.includes('not shown'))).toBe(false);
    expect(lines.some((l) => /│ 3 +│ 3 of 4 +│ 33 ms +│ 0 +│ 100% +│ 1 +│$/.test(l))).toBe(true);
  });

  it('to a pipe keeps every column and each target on one line, as the trace list does; only the header wraps', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.COLUMNS;
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'providers', '--gateway', url], { env, timeout: 30_000 });
    const lines = stdout.split('\n');
    // Before: fitted to 100 columns by wrapping values, "open, probe in 60 s" over three lines.
    expect(lines.some((l) => /│ sim-openai\/gpt-5\.4-mini +│ open, probe in \d+ s │ 3 +│ 3 of 4 +│ 33 ms +│ 0 +│ 100% +│ 1 +│$/.test(l))).toBe(true);
    expect(lines.some((l) => /│ sim-anthropic\/claude-sonnet-4-6 │ closed +│ 0 +│ 0 of 1 +│ 33 ms +│ 0 +│ 100% +│ 0 +│$/.test(l))).toBe(true);
    expect(lines.filter((l) => l.includes('sim-'))).toHaveLength(2);
    expect(stdout).not.toContain('not shown');
  });
});
