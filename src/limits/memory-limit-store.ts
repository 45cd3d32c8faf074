import type { VirtualKey } from './keys.js';
import { budgetExceeded, type KeyUsage, type LimitStore, periodStart, rateLimited, WINDOW_MS } from './limit-store.js';

/** Timestamps (and amounts) in arrival order; old entries are dropped from the front. */
class SlidingWindow {
  private times: number[] = [];
  private amounts: number[] = [];
  private head = 0;
  private sum = 0;

  add(time: number, amount: number): void {
    this.times.push(time);
    this.amounts.push(amount);
    this.sum += amount;
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

interface KeyState {
  requests: SlidingWindow;
  tokens: SlidingWindow;
  spend: number;
  periodStart: number;
}

/**
 * Exact sliding-window limits and budgets inside one process. A request is admitted only when
 * fewer than the limit were admitted in the last 60 s, so no window of 60 s ever holds more.
 * Spend starts from what the trace store says was spent in the current period.
 */
export class MemoryLimitStore implements LimitStore {
  private readonly states = new Map<string, KeyState>();

  constructor(private readonly initialSpend: ReadonlyMap<string, number> = new Map()) {}

  async admit(key: VirtualKey, estimatedTokens: number, now: number): Promise<void> {
    const state = this.state(key, now);
    if (key.budget && state.spend >= key.budget.usd) throw budgetExceeded(key, state.spend);
    const limits = key.rateLimit;
    if (limits?.requestsPerMinute) {
      const window = state.requests.total(now);
      if (window.count >= limits.requestsPerMinute) {
        throw rateLimited(key, `${limits.requestsPerMinute} requests per minute`, window.oldest, now);
      }
    }
    if (limits?.tokensPerMinute) {
      const window = state.tokens.total(now);
      if (window.sum + estimatedTokens > limits.tokensPerMinute && window.count > 0) {
        throw rateLimited(key, `${limits.tokensPerMinute} tokens per minute (${window.sum} used)`, window.oldest, now);
      }
    }
    state.requests.add(now, 1);
    if (estimatedTokens > 0) state.tokens.add(now, estimatedTokens);
  }

  async record(key: VirtualKey, estimatedTokens: number, usedTokens: number, costUsd: number, now: number): Promise<void> {
    const state = this.state(key, now);
    state.spend += costUsd;
    const correction = usedTokens - estimatedTokens;
    if (correction !== 0) state.tokens.add(now, correction);
  }

  async usage(key: VirtualKey, now: number): Promise<KeyUsage> {
    const state = this.state(key, now);
    return {
      requestsLastMinute: state.requests.total(now).count,
      tokensLastMinute: state.tokens.total(now).sum,
      spendUsd: state.spend,
      periodStart: state.periodStart,
    };
  }

  private state(key: VirtualKey, now: number): KeyState {
    const start = periodStart(key.budget?.period ?? 'total', now);
    let state = this.states.get(key.name);
    if (!state) {
      state = { requests: new SlidingWindow(), tokens: new SlidingWindow(), spend: this.initialSpend.get(key.name) ?? 0, periodStart: start };
      this.states.set(key.name, state);
    } else if (state.periodStart !== start) {
      state.spend = 0;
      state.periodStart = start;
    }
    return state;
  }
}
