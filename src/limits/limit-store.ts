import { SwitchyardError } from '../core/errors.js';
import type { VirtualKey } from './keys.js';

/** How much of its limits a key has used, for the dashboard and 429 messages. */
export interface KeyUsage {
  requestsLastMinute: number;
  tokensLastMinute: number;
  spendUsd: number;
  periodStart: number;
}

/**
 * Rate limits and budgets. In one process the memory store is exact; a later issue backs the
 * same interface with Redis so limits hold across replicas.
 */
export interface LimitStore {
  /**
   * Admits one request or throws a 429 SwitchyardError naming the key and the limit.
   * `estimatedTokens` counts against the token limit until `record` gives the real figure.
   */
  admit(key: VirtualKey, estimatedTokens: number, now: number): Promise<void>;
  /** After the call: replaces the estimate with the tokens used and adds the cost. */
  record(key: VirtualKey, estimatedTokens: number, usedTokens: number, costUsd: number, now: number): Promise<void>;
  usage(key: VirtualKey, now: number): Promise<KeyUsage>;
}

export const WINDOW_MS = 60_000;

/** Start of the budget period that contains `now` (UTC calendar days and months). */
export function periodStart(period: 'total' | 'monthly' | 'daily', now: number): number {
  if (period === 'total') return 0;
  const date = new Date(now);
  if (period === 'daily') return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/** The 429 for a key over its budget, the same from every store. */
export function budgetExceeded(key: VirtualKey, spent: number): SwitchyardError {
  const budget = key.budget as NonNullable<VirtualKey['budget']>;
  return new SwitchyardError('budget_exceeded', `key "${key.name}" has spent $${spent.toFixed(4)} of its $${budget.usd} ${budget.period} budget`, {
    status: 429,
  });
}

/** The 429 for a key over a rate limit; `oldest` is when the oldest counted entry arrived. */
export function rateLimited(key: VirtualKey, limit: string, oldest: number | undefined, now: number): SwitchyardError {
  const waitMs = oldest === undefined ? WINDOW_MS : Math.max(oldest + WINDOW_MS - now, 1);
  return new SwitchyardError('rate_limited', `key "${key.name}" is over its rate limit of ${limit}; retry in ${Math.ceil(waitMs / 1000)} s`, {
    retryAfter: Math.ceil(waitMs / 1000),
  });
}
