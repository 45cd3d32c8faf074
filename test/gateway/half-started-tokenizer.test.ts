import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { openGatewayCore } from '../../src/server.js';
import { openStores } from '../../src/store/open-stores.js';

// The token-count thread whose tokenizer fails to load (a worker file missing from a broken
// install, a thread killed for memory): the route slot asks for it once its local models are open.
vi.mock('../../src/tokens/token-count-thread.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/tokens/token-count-thread.js')>();
  const failing = { ready: () => Promise.reject(new Error('the token count thread exited with code 1: Cannot find module token-count-worker.js')), count: () => Promise.reject(new Error('no tokenizer')), loadWhenIdle: () => undefined, loaded: false };
  return { ...real, tokenCountThread: () => failing };
});

/** The kinds of handle the process holds (sockets, timers, threads, files), counted. */
function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

describe('a gateway whose tokenizer thread fails once its route slot is open', () => {
  it('releases the route slot: the demotion it was retrying stops (kept for the next start) and nothing is left open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-half-tokenizer-'));
    const db = join(dir, 'switchyard.db');
    // A route whose live v1 an earlier run pulled, the registry not recording it yet: this start
    // resumes the demotion, the registry refuses it again, and a retry waits on a timer.
    const stores = await openStores({ sqlite: db });
    const v1 = await stores.models.register({ route: 'intent', dataVersion: 'd', metrics: { accuracy: 0.9, coverage: 0.8, precision: 0.95, examples: 300 }, model: Uint8Array.of(1), createdAt: 1_800_000_000_000 });
    await stores.models.promote('intent', 1, { minPrecision: 0, minCoverage: 0 }, 1_800_000_000_001);
    await stores.close();
    const sqlite = new Database(db);
    sqlite.exec("CREATE TRIGGER refuse_demotion BEFORE UPDATE OF status ON local_model_versions WHEN NEW.status = 'demoted' BEGIN SELECT RAISE(ABORT, 'database is locked'); END");
    sqlite.close();
    const pending = join(dir, 'switchyard.db-pending-demotions.json');
    writeFileSync(pending, JSON.stringify({ intent: { version: 1, createdAt: v1.createdAt, reason: 'live precision 40%', traceId: null, at: 1 } }));
    const config = parseConfig(
      [
        'providers: { sim: { type: openai, base_url: "http://127.0.0.1:4201/v1", api_key: sk-up } }',
        'models: { teacher: { provider: sim, model: t } }',
        'routes: { intent: { policy: static, target: teacher, options: { task: { type: classify, labels: [a, b], min_examples: 100000, retrain_every: 100000 } } } }',
        `store: { sqlite: ${db} }`,
      ].join('\n'),
    );
    const logs: string[] = [];
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = handles();
    await expect(openGatewayCore(config, (line) => void logs.push(line))).rejects.toThrow('the token count thread exited with code 1');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const left: Record<string, number> = {};
    for (const [kind, count] of Object.entries(handles())) if (count > (before[kind] ?? 0)) left[kind] = count - (before[kind] ?? 0);
    // Before: the retry's timer (and its retries against the closed store) kept the process alive.
    expect(left).toEqual({});
    expect(logs).toContain(`local model intent: stopped retrying v1's demotion, which the registry never recorded: shutting down; kept in ${pending}, so this gateway's next start does not serve v1 and retries (other replicas serve it until it is recorded)`);
    expect(JSON.parse(readFileSync(pending, 'utf8'))).toMatchObject({ intent: { version: 1 } });
  });
});
