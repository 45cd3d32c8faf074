import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteModelRegistry } from '../../store/sqlite/sqlite-model-registry.js';
import type { PromotionMetrics } from './decide-promotion.js';
import { demoteRoute, promoteVersion, rollbackRoute } from './manage-models.js';
import type { ModelRegistry } from './model-registry.js';

const ROUTE = 'support-intent';
const BAR = { minPrecision: 0.95, minCoverage: 0.5 };
const GOOD: PromotionMetrics = { accuracy: 0.97, coverage: 0.8, precision: 0.99, examples: 300 };

/** Versions 1 and 2 promoted in turn (2 live), 3 a fresh candidate that meets the bar. */
async function registryWithCandidate(): Promise<SqliteModelRegistry> {
  const registry = new SqliteModelRegistry(new Database(':memory:'));
  for (let i = 1; i <= 3; i++) await registry.register({ route: ROUTE, dataVersion: 'd', metrics: GOOD, model: Uint8Array.of(i), createdAt: i });
  await registry.promote(ROUTE, 1, BAR, 10);
  await registry.promote(ROUTE, 2, BAR, 11);
  return registry;
}

/**
 * The registry with retraining finishing at the worst moment: each promote, demote or rollback
 * commits, then retraining's automatic promotion of version 3 runs before the caller hears back.
 * `automatic` collects that promotion's reasons.
 */
function retrainingRacing(registry: ModelRegistry, automatic: string[]): ModelRegistry {
  return new Proxy(registry, {
    get(target, name) {
      const value = Reflect.get(target, name, target);
      if (typeof value !== 'function') return value;
      if (name !== 'promote' && name !== 'demote' && name !== 'rollback') return value.bind(target);
      return async (...args: unknown[]) => {
        const result = await value.apply(target, args);
        automatic.push((await target.promote(ROUTE, 3, BAR, 99, { unlessPinned: true })).reason);
        return result;
      };
    },
  });
}

describe('a change by hand against retraining that finishes at the same moment', () => {
  it.each([
    ['rollback', (r: ModelRegistry) => rollbackRoute(r, ROUTE, 20), 1],
    ['promote', (r: ModelRegistry) => promoteVersion(r, ROUTE, 1, BAR, 20), 1],
    ['demote', (r: ModelRegistry) => demoteRoute(r, ROUTE, 'labels changed', 20), undefined],
  ] as const)('%s: the operator\'s choice stays live, retraining registers without promoting', async (_, change, live) => {
    const registry = await registryWithCandidate();
    const automatic: string[] = [];
    await change(retrainingRacing(registry, automatic));
    expect(automatic).toEqual([expect.stringMatching(/^not promoted: the route is pinned \(/)]);
    expect((await registry.live(ROUTE))?.version).toBe(live);
    expect(await registry.get(ROUTE, 3)).toMatchObject({ status: 'candidate' });
  });
});
