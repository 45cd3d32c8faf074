import { describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.js';
import { SwitchyardError } from '../../core/errors.js';
import type { ModelClient } from '../../gateway/model-client.js';
import { openSqliteStores } from '../../store/sqlite/open-sqlite-stores.js';
import { runLadder } from './run-ladder.js';

describe('runLadder', () => {
  it("runs each rung's first case alone, so a one-time cost (opening a knowledge base) is paid by one case", async () => {
    const stores = openSqliteStores(':memory:');
    try {
      const dataset = await stores.datasets.commit('qa', Array.from({ length: 6 }, (_, i) => ({ id: `q${i}`, input: `question ${i}`, expected: 'yes' })));
      let inFlight = 0;
      const started: { rung: string; alongside: number }[] = [];
      const models = {
        chat: async (_request: unknown, options: { metadata: { rung: string } }) => {
          started.push({ rung: options.metadata.rung, alongside: inFlight++ });
          await new Promise((resolve) => setTimeout(resolve, 5));
          inFlight--;
          return { value: { choices: [{ message: { content: 'yes' } }] }, latencyMs: 5, costUsd: 0, traceId: null, decisions: {} };
        },
      } as unknown as ModelClient;
      const report = await runLadder({
        route: 'qa', routeConfig: { policy: 'static', target: 'small', options: { knowledge: { base: 'handbook' } } } as never,
        models, runs: stores.runs, datasets: stores.datasets, dataset, tolerance: 0.02, scorer: 'contains', concurrency: 4,
        requestsPerMonth: null, trafficSource: 'none', clock: systemClock,
      });
      expect(report.rungs.map((r) => r.name)).toEqual(['prompt', 'rag:handbook']);
      // The first call of each rung had nothing beside it; the rest ran four at a time.
      for (const rung of ['prompt', 'rag:handbook']) expect(started.find((s) => s.rung === rung)?.alongside).toBe(0);
      expect(Math.max(...started.map((s) => s.alongside))).toBe(3);
      expect(started).toHaveLength(12);
      // Stored with the checkout's commit, as eval runs are (`eval show` printed "git unknown").
      expect((await stores.runs.get(report.runId)).gitCommit).toMatch(/^[0-9a-f]{40}(\+dirty)?$/);
    } finally {
      await stores.close();
    }
  });

  it('names no rung when no call was answered, and says why (it read "prompt pays" at $0.0000 with the provider down)', async () => {
    const stores = openSqliteStores(':memory:');
    try {
      const dataset = await stores.datasets.commit('qa', Array.from({ length: 3 }, (_, i) => ({ id: `q${i}`, input: `question ${i}`, expected: 'yes' })));
      const models = {
        chat: async () => {
          throw new SwitchyardError('upstream_unreachable', 'cannot connect to provider "sim" (http://127.0.0.1:9300): ECONNREFUSED');
        },
      } as unknown as ModelClient;
      const report = await runLadder({
        route: 'qa', routeConfig: { policy: 'static', target: 'small', options: { knowledge: { base: 'handbook' } } } as never,
        models, runs: stores.runs, datasets: stores.datasets, dataset, tolerance: 0.02, scorer: 'contains', concurrency: 2,
        requestsPerMonth: null, trafficSource: 'none', clock: systemClock,
      });
      expect(report.rungs.map((r) => [r.name, r.errors])).toEqual([['prompt', 3], ['rag:handbook', 3]]);
      expect(report.pays).toBeNull();
      expect(report.reason).toBe('no rung answered a case, so none can pay: every call failed; 6 × cannot connect to provider "sim" (http://127.0.0.1:9300): ECONNREFUSED');
    } finally {
      await stores.close();
    }
  });
});
