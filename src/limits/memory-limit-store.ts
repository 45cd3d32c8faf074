import { randomUUID } from 'node:crypto';
import type { VirtualKey } from './keys.js';
import {
  type Admission,
  type AdmitRequest,
  type BudgetScope,
  budgetExceeded,
  budgetScopes,
  DEFAULT_RESERVATION_TTL_MS,
  type KeyUsage,
  type LimitStore,
  type RateUsage,
  noSeed,
  periodStart,
  perMinute,
  rateLimited,
  type RateScope,
  rateScopes,
  type SeedSpend,
  WINDOW_MS,
} from './limit-store.js';

const NO_STATES: readonly SpendState[] = [];

/** Timestamps (and amounts) in arrival order; old entries are dropped from the front. */
class SlidingWindow {
  private times: number[] = [];
  private amounts: number[] = [];
  private head = 0;
  private sum = 0;
  /** The length at which `add` drops expired entries itself. */
  private trimAt = 1024;

  add(time: number, amount: number): void {
    this.times.push(time);
    this.amounts.push(amount);
    this.sum += amount;
    // A key without limits is never checked, so only reading its usage would drop what expired:
    // without this its window kept every request since start (~32 bytes each).
    if (this.times.length >= this.trimAt) {
      this.total(time);
      this.trimAt = this.times.length + 1024;
    }
  }

  /** Entries held, expired ones included (for tests). */
  get held(): number {
    return this.times.length;
  }

  /** Sum of amounts newer than `now - WINDOW_MS`, and when the oldest counted one expires. */
  total(now: number): { sum: number; count: number; oldest: number | undefined } {
    const cutoff = now - WINDOW_MS;
    while (this.head < this.times.length && (this.times[this.head] as number) <= cutoff) {
      this.sum -= this.amounts[this.head] as number;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.amounts = this.amounts.slice(this.head);
      this.head = 0;
    }
    return { sum: this.sum, count: this.times.length - this.head, oldest: this.times[this.head] };
  }
}

interface WindowState {
  requests: SlidingWindow;
  tokens: SlidingWindow;
}

interface SpendState {
  periodStart: number;
  spend: number;
  /** Reservations of requests in flight, by admission id. */
  held: Map<string, { usd: number; expiresAt: number }>;
}

/**
 * Exact sliding-window limits and budgets inside one process. A request is admitted only when
 * fewer than the limit were admitted in the last 60 s, so no window of 60 s ever holds more,
 * and only when its worst-case cost fits beside the spend and the reservations of its key's
 * (and team's) budget. Spend starts from what the trace store says was spent in the period.
 */
export class MemoryLimitStore implements LimitStore {
  private readonly windows = new Map<string, WindowState>();
  private readonly spends = new Map<string, SpendState>();
  /** One seed read per scope and period, shared by requests that arrive while it runs. */
  private readonly seeding = new Map<string, Promise<number>>();

  constructor(
    private readonly seed: SeedSpend = noSeed,
    private readonly reservationTtlMs = DEFAULT_RESERVATION_TTL_MS,
  ) {}

  async admit(key: VirtualKey, request: AdmitRequest, now: number): Promise<Admission> {
    const scopes = budgetScopes(key);
    // A key with no budget (most) waits for nothing here.
    const states = scopes.length === 0 ? NO_STATES : await Promise.all(scopes.map((scope) => this.spendState(scope, now)));
    // From here to the end nothing awaits: the checks and the admission are one step.
    const reserveUsd = scopes.length > 0 ? Math.max(request.reserveUsd, 0) : 0;
    scopes.forEach((scope, i) => {
      const state = states[i] as SpendState;
      const reserved = heldUsd(state, now);
      if (state.spend + reserved + reserveUsd > scope.budget.usd || state.spend >= scope.budget.usd) {
        throw budgetExceeded(scope, state.spend, reserved, reserveUsd);
      }
    });
    const estimatedTokens = Math.max(Math.round(request.estimatedTokens), 0);
    const scopesOfKey = rateScopes(key);
    for (const scope of scopesOfKey) {
      const limits = scope.limit;
      if (!limits) continue;
      const window = this.window(scope);
      if (limits.requestsPerMinute) {
        const total = window.requests.total(now);
        if (total.count >= limits.requestsPerMinute) {
          throw rateLimited(scope, 'requests', perMinute(limits.requestsPerMinute, 'request'), total.oldest, now);
        }
      }
      if (limits.tokensPerMinute) {
        const total = window.tokens.total(now);
        if (total.sum + estimatedTokens > limits.tokensPerMinute && total.count > 0) {
          throw rateLimited(scope, 'tokens', `${perMinute(limits.tokensPerMinute, 'token')} (${total.sum} used)`, total.oldest, now);
        }
      }
    }
    for (const scope of scopesOfKey) {
      const window = this.window(scope);
      window.requests.add(now, 1);
      if (estimatedTokens > 0) window.tokens.add(now, estimatedTokens);
    }
    const admission: Admission = { id: randomUUID(), estimatedTokens, reservedUsd: reserveUsd, expiresAt: now + this.reservationTtlMs };
    if (reserveUsd > 0) for (const state of states) state.held.set(admission.id, { usd: reserveUsd, expiresAt: admission.expiresAt });
    return admission;
  }

  /** Synchronous for a key without budgets (most): its settling then waits on no promise. */
  settle(key: VirtualKey, admission: Admission, usedTokens: number, costUsd: number, now: number): Promise<void> | undefined {
    const scopes = budgetScopes(key);
    if (scopes.length === 0) {
      this.correctTokens(key, admission, usedTokens, now);
      return undefined;
    }
    return (async () => {
      for (const scope of scopes) {
        const state = await this.spendState(scope, now);
        state.held.delete(admission.id);
        state.spend += costUsd;
      }
      this.correctTokens(key, admission, usedTokens, now);
    })();
  }

  /** The tokens a call used, against the estimate it was admitted with. */
  private correctTokens(key: VirtualKey, admission: Admission, usedTokens: number, now: number): void {
    const correction = Math.round(usedTokens - admission.estimatedTokens);
    if (correction !== 0) for (const scope of rateScopes(key)) this.window(scope).tokens.add(now, correction);
  }

  async chargeUnadmitted(key: VirtualKey, costUsd: number, now: number): Promise<void> {
    if (!(costUsd > 0)) return;
    for (const scope of budgetScopes(key)) (await this.spendState(scope, now)).spend += costUsd;
  }

  async usage(key: VirtualKey, now: number): Promise<KeyUsage> {
    const window = this.window(rateScopes(key)[0] as RateScope);
    const scope = budgetScopes(key).find((s) => s.kind === 'key');
    const state = scope ? await this.spendState(scope, now) : undefined;
    return {
      requestsLastMinute: window.requests.total(now).count,
      tokensLastMinute: window.tokens.total(now).sum,
      spendUsd: state?.spend ?? 0,
      reservedUsd: state ? heldUsd(state, now) : 0,
      periodStart: periodStart(key.budget?.period ?? 'total', now),
    };
  }

  async budgetUsage(scope: BudgetScope, now: number): Promise<{ spendUsd: number; reservedUsd: number; periodStart: number }> {
    const state = await this.spendState(scope, now);
    return { spendUsd: state.spend, reservedUsd: heldUsd(state, now), periodStart: state.periodStart };
  }

  async rateUsage(scope: RateScope, now: number): Promise<RateUsage> {
    const window = this.window(scope);
    return { requestsLastMinute: window.requests.total(now).count, tokensLastMinute: window.tokens.total(now).sum };
  }

  private window(scope: RateScope): WindowState {
    let state = this.windows.get(scope.id);
    if (!state) this.windows.set(scope.id, (state = { requests: new SlidingWindow(), tokens: new SlidingWindow() }));
    return state;
  }

  private async spendState(scope: BudgetScope, now: number): Promise<SpendState> {
    const start = periodStart(scope.budget.period, now);
    const existing = this.spends.get(scope.id);
    if (existing && existing.periodStart === start) return existing;
    const seedKey = `${scope.id}@${start}`;
    let seeding = this.seeding.get(seedKey);
    if (!seeding) {
      this.seeding.set(seedKey, (seeding = this.seed(scope, start)));
      // A failed read (the trace store down) is not kept: it refused the key's every call until a restart.
      seeding.catch(() => this.seeding.delete(seedKey));
    }
    const spend = await seeding;
    // Another request may have created the state while the seed was read.
    const current = this.spends.get(scope.id);
    if (current && current.periodStart === start) return current;
    const state: SpendState = { periodStart: start, spend, held: new Map() };
    this.spends.set(scope.id, state);
    return state;
  }
}

/**
 * What requests in flight hold. A reservation whose request never settled lapses into spend at
 * its worst case: what the provider billed for it is unknown (as in the Redis store).
 */
function heldUsd(state: SpendState, now: number): number {
  let sum = 0;
  for (const [id, held] of state.held) {
    if (held.expiresAt <= now) {
      state.held.delete(id);
      state.spend += held.usd;
    } else sum += held.usd;
  }
  return sum;
}
