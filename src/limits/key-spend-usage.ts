import type { KeySpendStore } from './key-spend.js';
import type { VirtualKey } from './keys.js';
import { type KeyUsage, type LimitStore, type SeedSpend, periodStart } from './limit-store.js';

/** A key's usage with the period its spend is counted over: its budget's, else the calendar month (UTC). */
export type KeyUsageWithPeriod = KeyUsage & { spendPeriod: 'total' | 'monthly' | 'daily' };

/**
 * What each key has used, as `GET /api/keys` and `switchyard keys list` show it. A key with a
 * budget reads the limit store (what the gateway holds it to); one without is not counted there,
 * so its spend this calendar month (UTC) comes from its own traces (`spendOfKey`: by its identity,
 * not another key's under its name). Null: the limit store did not answer.
 *
 * @example const usageOf = keyUsageReader({ limits, spend }, Date.now()); await usageOf(key) // { spendUsd: 0.0012, spendPeriod: 'monthly', … }
 */
export function keyUsageReader(deps: { limits?: LimitStore; spend?: KeySpendStore }, at: number): (key: VirtualKey) => Promise<KeyUsageWithPeriod | null> {
  const monthStart = periodStart('monthly', at);
  return async (key) => {
    const usage = deps.limits ? await deps.limits.usage(key, at).catch(() => null) : null;
    if (key.budget) return usage && { ...usage, spendPeriod: key.budget.period };
    const spendUsd = deps.spend ? await deps.spend.spendOfKey(key, monthStart).catch(() => usage?.spendUsd ?? 0) : 0;
    return { requestsLastMinute: 0, tokensLastMinute: 0, reservedUsd: 0, ...usage, spendUsd, periodStart: monthStart, spendPeriod: 'monthly' };
  };
}

/**
 * Budgets start from what the traces say each key (by its identity, `spendOfKey`) or team spent
 * in the current period, read the first time a scope is used, so a restart never hands out a
 * fresh budget, and a key made under a removed key's name is not handed the removed key's spend.
 *
 * @example new MemoryLimitStore(seedFromTraces(stores.spend))
 */
export function seedFromTraces(store: KeySpendStore): SeedSpend {
  return async (scope, since) => {
    if (scope.kind === 'key') return scope.key ? store.spendOfKey(scope.key, since) : 0;
    return (await store.spendByTeam(since)).get(scope.name) ?? 0;
  };
}
