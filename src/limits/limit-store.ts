import { SwitchyardError } from '../core/errors.js';
import { usd } from '../core/usd.js';
import type { Budget, RateLimit, VirtualKey } from './keys.js';

/** How much of its limits a key has used, for the dashboard and 429 messages. */
export interface KeyUsage {
  requestsLastMinute: number;
  tokensLastMinute: number;
  /** Settled spend in the key's budget period. */
  spendUsd: number;
  /** Held by requests in flight: released or turned into spend when they settle. */
  reservedUsd: number;
  periodStart: number;
}

/** What a request asks of its key's limits before it is sent. */
export interface AdmitRequest {
  /** Counts against the token limit until `settle` gives the real figure. */
  estimatedTokens: number;
  /** The most this request can cost: held against every budget it falls under until it settles. */
  reserveUsd: number;
}

/** An admitted request's hold on its limits; give it back to `settle`. */
export interface Admission {
  id: string;
  estimatedTokens: number;
  reservedUsd: number;
  /** After this, a reservation that was never settled (its replica died) stops counting. */
  expiresAt: number;
}

/**
 * Rate limits and budgets. A budget admits a request only when its worst-case cost fits beside
 * what was spent and what requests in flight hold (`spent + reserved + reserveUsd ≤ budget`),
 * so concurrent requests — on any number of replicas sharing the store — cannot overspend:
 * total spend stays within the budget as long as no request costs more than it reserved.
 * The memory store is exact in one process; the Redis store across replicas.
 */
export interface LimitStore {
  /** Admits one request or throws a 429 SwitchyardError naming the key (or team) and the limit. */
  admit(key: VirtualKey, request: AdmitRequest, now: number): Promise<Admission>;
  /**
   * After the call (also when it failed): releases the reservation, adds the real cost and tokens.
   * A store may finish synchronously (nothing to wait for) and return nothing.
   */
  settle(key: VirtualKey, admission: Admission, usedTokens: number, costUsd: number, now: number): Promise<void> | undefined;
  /**
   * Adds what a call served without an admission cost (the store could not be reached and
   * `limits.on_error` is `open`) to every budget its key falls under. A store that still cannot
   * be reached keeps the amount and adds it once it can, so an outage's calls count against the
   * budgets afterwards. Never rejects.
   */
  chargeUnadmitted(key: VirtualKey, costUsd: number, now: number): Promise<void>;
  usage(key: VirtualKey, now: number): Promise<KeyUsage>;
  /** A budget's settled spend in its current period and what calls in flight hold (team budgets on the dashboard). */
  budgetUsage(scope: BudgetScope, now: number): Promise<{ spendUsd: number; reservedUsd: number; periodStart: number }>;
  /** A rate window's requests and tokens in the last minute (team rate limits on the dashboard). */
  rateUsage(scope: RateScope, now: number): Promise<RateUsage>;
}

/** What a rate window holds now. */
export type RateUsage = Pick<KeyUsage, 'requestsLastMinute' | 'tokensLastMinute'>;

export const WINDOW_MS = 60_000;

/** How long an unsettled reservation holds budget: longer than any request may run. */
export const DEFAULT_RESERVATION_TTL_MS = 15 * 60_000;

/** One budget a request falls under: its key's, or its team's. */
export interface BudgetScope {
  /**
   * `key:<key id>` or `team:<name>`: where its spend is kept. A key's is its identity, never its
   * name: a key made under a removed key's name (or a config key given a new secret) is a new
   * budget, and a rotation keeps the key's spend.
   */
  id: string;
  kind: 'key' | 'team';
  /** The key's or team's name, which 429s and the dashboard show. */
  name: string;
  budget: Budget;
  /** A key scope's key, whose traces seed its spend (`seedFromTraces`). */
  key?: KeyIdentity;
}

/** What a key's spend is found by in the traces: its identity, and for traces older than identities its name. */
export type KeyIdentity = Pick<VirtualKey, 'id' | 'name' | 'createdAt'>;

/** A sliding window a key's requests count in: its own, and its team's when the team has a rate limit. */
export interface RateScope {
  /** `key:<key id>` or `team:<name>`, as a budget's. */
  id: string;
  kind: 'key' | 'team';
  name: string;
  /** Null: counted (for usage) but not limited. */
  limit: RateLimit | null;
}

/**
 * A key's scopes, worked out once per key object: the admit and settle steps of every request ask
 * for them, and building them built two `key:<id>` strings and their arrays each time. A key is
 * never changed in place (a changed key or team is a new object, `KeyRegistry.replaceStored`), so
 * its scopes cannot go stale.
 */
const scopesOfKey = new WeakMap<VirtualKey, { rate: readonly RateScope[]; budget: readonly BudgetScope[] }>();

function scopesOf(key: VirtualKey): { rate: readonly RateScope[]; budget: readonly BudgetScope[] } {
  let scopes = scopesOfKey.get(key);
  if (!scopes) {
    const rate: RateScope[] = [{ id: `key:${key.id}`, kind: 'key', name: key.name, limit: key.rateLimit }];
    if (key.team && key.teamRateLimit) rate.push({ id: `team:${key.team}`, kind: 'team', name: key.team, limit: key.teamRateLimit });
    const budget: BudgetScope[] = [];
    if (key.budget) budget.push({ id: `key:${key.id}`, kind: 'key', name: key.name, budget: key.budget, key: { id: key.id, name: key.name, createdAt: key.createdAt } });
    if (key.team && key.teamBudget) budget.push({ id: `team:${key.team}`, kind: 'team', name: key.team, budget: key.teamBudget });
    scopes = { rate: Object.freeze(rate), budget: Object.freeze(budget) };
    scopesOfKey.set(key, scopes);
  }
  return scopes;
}

/** The windows a key's requests count in, key first. */
export function rateScopes(key: VirtualKey): readonly RateScope[] {
  return scopesOf(key).rate;
}

/** The budgets a key's requests count against, key first. */
export function budgetScopes(key: VirtualKey): readonly BudgetScope[] {
  return scopesOf(key).budget;
}

/**
 * What a scope had spent since a time before this store started counting (from the traces), so
 * a restart never hands a key a fresh budget. Asked once per scope and period.
 */
export type SeedSpend = (scope: BudgetScope, since: number) => Promise<number>;

export const noSeed: SeedSpend = async () => 0;

/** A seed from fixed figures per scope id (tests, and spend read once at start). */
export function seedFrom(spend: ReadonlyMap<string, number>): SeedSpend {
  return async (scope) => spend.get(scope.id) ?? 0;
}

/** Start of the budget period that contains `now` (UTC calendar days and months). */
export function periodStart(period: 'total' | 'monthly' | 'daily', now: number): number {
  if (period === 'total') return 0;
  const date = new Date(now);
  if (period === 'daily') return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/** The 429 for a request that does not fit its budget, the same from every store. */
export function budgetExceeded(scope: BudgetScope, spent: number, reserved: number, reserveUsd: number): SwitchyardError {
  const { budget } = scope;
  const who = `${scope.kind} "${scope.name}"`;
  if (reserveUsd > budget.usd) {
    // No amount of waiting helps: say so rather than refusing as if the budget were spent.
    return new SwitchyardError(
      'budget_exceeded',
      `${who}: its $${budget.usd} ${budget.period} budget is below the worst-case cost of this request (${usd(reserveUsd)}); lower max_tokens or raise the budget`,
      { status: 429 },
    );
  }
  const held = reserved > 0 ? ` and requests in flight hold ${usd(reserved)}` : '';
  const detail = spent + reserved < budget.usd ? `; this request may cost up to ${usd(reserveUsd)}` : '';
  return new SwitchyardError('budget_exceeded', `${who} has spent ${usd(spent)} of its $${budget.usd} ${budget.period} budget${held}${detail}`, { status: 429 });
}

/**
 * A per-minute limit as the 429 names it, in the singular for one: "1 request per minute".
 *
 * @example perMinute(1, 'request') // '1 request per minute'
 */
export function perMinute(count: number | null | undefined, unit: 'request' | 'token'): string {
  return `${count} ${count === 1 ? unit : `${unit}s`} per minute`;
}

/**
 * The 429 for a key over a rate limit; `oldest` is when the oldest counted entry arrived. `per`
 * is the limit that was hit, which OpenAI clients read as the error's type (`requests` or
 * `tokens`, as OpenAI's own rate limits say).
 */
export function rateLimited(scope: RateScope, per: 'requests' | 'tokens', limit: string, oldest: number | undefined, now: number): SwitchyardError {
  const waitMs = oldest === undefined ? WINDOW_MS : Math.max(oldest + WINDOW_MS - now, 1);
  return new SwitchyardError('rate_limited', `${scope.kind} "${scope.name}" is over its rate limit of ${limit}; retry in ${Math.ceil(waitMs / 1000)} s`, {
    retryAfter: waitMs / 1000,
    vendorType: per,
  });
}
