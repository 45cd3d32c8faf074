import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLocalDemo, tooShortToTakeOver } from './local-demo.js';

const dir = mkdtempSync(join(tmpdir(), 'sy-demo-local-'));

describe('switchyard demo local', () => {
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

  it('warns before a run too short for the first local model to answer, not before a longer one', () => {
    expect(tooShortToTakeOver(2000)).toMatch(/^note: --limit 2000: a fresh --db trains its first local model after 2,000 teacher answers/);
    expect(tooShortToTakeOver(2001)).toBeUndefined();
    expect(tooShortToTakeOver(13_083)).toBeUndefined();
  });
});
