import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { printRoutes } from '../routes-report.js';
import { progressLine, runLocalDemo, tooShortToTakeOver } from './local-demo.js';

const dir = mkdtempSync(join(tmpdir(), 'sy-demo-local-'));

describe('switchyard demo local', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says the dashboard stops with the run, and --keep leaves it serving until stopped', async () => {
    const plain: string[] = [];
    await runLocalDemo({ port: 0, rate: 500, limit: 5, db: join(dir, 'plain.db'), teacherLatencyMs: 0, log: (line) => plain.push(line) });
    expect(plain[0]).toMatch(/dashboard: http:\/\/127\.0\.0\.1:\d+\/, while the demo runs; --keep leaves it up after/);
    expect(plain[1]).toBe(tooShortToTakeOver(5));
    expect(plain.at(-1)).toBe('the gateway and its dashboard have stopped (--keep leaves them up)');

    const kept: string[] = [];
    let dashboardStatus = 0;
    await runLocalDemo({
      port: 0, rate: 500, limit: 5, db: join(dir, 'kept.db'), teacherLatencyMs: 0, keep: true, log: (line) => kept.push(line),
      // Stands in for Ctrl-C: the dashboard still answers once the traffic is done.
      untilStopped: async () => {
        const url = /stays up at (http:\/\/\S+?)\/ /.exec(kept.at(-1) ?? '')?.[1];
        dashboardStatus = (await fetch(`${url}/`)).status;
      },
    });
    expect(kept[0]).toContain('kept up after the run until Ctrl-C');
    expect(kept.at(-1)).toMatch(/^the dashboard stays up at http:\/\/127\.0\.0\.1:\d+\/ \(Routes: support-intent\); Ctrl-C stops it$/);
    expect(dashboardStatus).toBe(200);
  }, 60_000);

  it('prints nothing after "stopped": a version trained on the last labels is reported before it', async () => {
    const lines: string[] = [];
    // 2,000 labels: the first training starts as the traffic ends, and the gateway waits for it on close.
    await runLocalDemo({ port: 0, rate: 2000, limit: 2000, db: join(dir, 'trained.db'), teacherLatencyMs: 0, log: (line) => lines.push(line) });
    const trained = lines.findIndex((line) => /^local model support-intent v1: /.test(line));
    expect(trained).toBeGreaterThan(-1);
    expect(lines.at(-1)).toBe('the gateway and its dashboard have stopped (--keep leaves them up)');
    expect(trained).toBeLessThan(lines.length - 1);
  }, 120_000);

  it('stopped by Ctrl-C, says after how many of the requests instead of "done."', async () => {
    const lines: string[] = [];
    const ctrlC = new AbortController();
    const log = (line: string) => {
      lines.push(line);
      // Ctrl-C once the traffic is under way (the 5 s progress line is the first sign of it).
      if (/^\s*\d+\/\d+ sent/.test(line)) ctrlC.abort();
    };
    const outcome = await runLocalDemo({ port: 0, rate: 200, limit: 20_000, db: join(dir, 'stopped.db'), teacherLatencyMs: 0, stop: ctrlC.signal, log });
    expect(outcome).toEqual({ stopped: true });
    expect(lines).toContain('Ctrl-C: no more requests are sent; waiting for those in flight and a training still running…');
    expect(lines.some((l) => l.startsWith('done.'))).toBe(false);
    expect(lines.find((l) => l.startsWith('stopped after'))).toMatch(/^stopped after \d+ of 13083 requests\. The traces and the model registry are in /);
  }, 60_000);

  it('leaves its config beside its store, so `switchyard routes` reads the route the run served', async () => {
    const lines: string[] = [];
    await runLocalDemo({ port: 0, rate: 500, limit: 5, db: join(dir, 'routes.db'), teacherLatencyMs: 0, log: (line) => lines.push(line) });
    const config = join(dir, 'routes.yaml');
    const done = lines.find((l) => l.startsWith('done.'));
    expect(done).toContain(`; switchyard routes --config ${config}`);
    expect(done).not.toContain('npx');
    const printed = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await printRoutes({ config, range: '24h', json: true });
      const { routes } = JSON.parse(String(printed.mock.calls[0]?.[0])) as { routes: { route: string; policy: string; requests: number; branches: { branch: string }[] }[] };
      expect(routes.map((r) => [r.route, r.policy, r.requests])).toEqual([['support-intent', 'static', 5]]);
      expect(routes[0]?.branches.map((b) => b.branch)).toEqual(['teacher']); // the route's target by its config name
      // At 80 columns the route's name stays whole (it was cut to "support-in…").
      printed.mockClear();
      const columns = process.env.COLUMNS;
      process.env.COLUMNS = '80';
      try {
        await printRoutes({ config, range: '24h' });
      } finally {
        if (columns === undefined) delete process.env.COLUMNS;
        else process.env.COLUMNS = columns;
      }
      const table = printed.mock.calls.map((c) => String(c[0])).join('\n').split('\n');
      expect(Math.max(...table.map((l) => [...l].length))).toBeLessThanOrEqual(80);
      expect(table.some((l) => /^│ support-intent │ (static │ )?5 +│ teacher/.test(l))).toBe(true);
      expect(table.some((l) => l.includes('…'))).toBe(false);
      // Without --config, the refusal names the demo's file when it is there.
      await expect(printRoutes({ db: join(dir, 'routes.db'), range: '24h' })).rejects.toThrow(`; the demo's: switchyard routes --config ${config}`);
    } finally {
      printed.mockRestore();
    }
  }, 60_000);

  it('warns before a run too short for the first local model to answer, not before a longer one', () => {
    expect(tooShortToTakeOver(2000)).toMatch(/^note: --limit 2000: a fresh --db trains its first local model after 2,000 teacher answers/);
    expect(tooShortToTakeOver(2001)).toBeUndefined();
    expect(tooShortToTakeOver(13_083)).toBeUndefined();
  });
});

describe('the demo\'s progress line', () => {
  const counters = { sent: 100, local: 40, teacher: 60, errors: 0, localRight: 38, saved: { savedUsd: 0.000042, shadowChecks: { requests: 0, costUsd: 0 } } };

  it('writes the money saved as every dollar amount is written (usd), a small saving not as $0.0000', () => {
    expect(progressLine(counters, 5000)).toBe('   100/5000 sent · local 40.0% (40) · precision of local answers 95.0% · saved ~$0.0000420 · errors 0');
    expect(progressLine({ ...counters, saved: { ...counters.saved, savedUsd: 0 } }, 5000)).toContain('· saved ~$0 ·');
  });

  it('writes the saving net of the shadow checks, with what they cost, as `switchyard routes` does', () => {
    // Before: "saved ~$0.0626", counted by the client, which never sees the gateway's checks.
    const saved = { savedUsd: 0.0563, shadowChecks: { requests: 63, costUsd: 0.0063 } };
    expect(progressLine({ ...counters, saved }, 4000)).toContain('· saved ~$0.0563 net of $0.006300 on 63 shadow checks · errors 0');
  });
});
