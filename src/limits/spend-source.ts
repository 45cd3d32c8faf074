import type { BudgetScope, SeedSpend } from './limit-store.js';
import { timedOut } from '../core/timed-out.js';

/**
 * A budget's spend could not be read from the trace store that seeds it. The limit store (Redis)
 * answered; the trace store (PostgreSQL or SQLite) did not, so a 503 or `/health` that said "limit
 * store unreachable" sent the operator to the wrong server.
 */
export class SpendUnreadable extends Error {
  constructor(
    readonly scope: BudgetScope,
    readonly storeKind: 'postgres' | 'sqlite',
    cause: unknown,
  ) {
    super(`the spend of ${scope.kind} "${scope.name}" is read from the trace store (${storeKind}), which did not answer: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'SpendUnreadable';
  }
}

/** How long `/health` waits for the trace store's answer to a read tried again. */
const PROBE_WAIT_MS = 300;

/** What `/health` shows of the trace store budgets are seeded from, once a read of it failed. */
export interface SpendSourceHealth {
  store: 'postgres' | 'sqlite';
  reachable: boolean;
  /** When the reads began to fail (ms since the epoch); absent while they succeed. */
  failing_since?: number;
  last_error?: string;
}

/**
 * The seed of every budget (`seedFromTraces`), watched: a failed read is thrown as
 * `SpendUnreadable`, naming the trace store, and remembered for `/health` until a read succeeds.
 * While failing, `health()` tries the last failed read again in the background (at most every
 * `probeEveryMs`), so `/health` turns `ok` once the store is back even when no call needs a seed.
 *
 * @example const source = new SpendSource(seedFromTraces(stores.spend), 'postgres'); new RedisLimitStore(redis, source.seed)
 */
export class SpendSource {
  private failing: { since: number; error: string; retry: () => Promise<unknown> } | undefined;
  private lastProbe = 0;

  constructor(
    private readonly read: SeedSpend,
    private readonly storeKind: 'postgres' | 'sqlite',
    private readonly now: () => number = Date.now,
    private readonly probeEveryMs = 2_000,
  ) {}

  readonly seed: SeedSpend = async (scope, since) => {
    try {
      const spend = await this.read(scope, since);
      this.failing = undefined;
      return spend;
    } catch (error) {
      const unreadable = new SpendUnreadable(scope, this.storeKind, error);
      const message = error instanceof Error ? error.message : String(error);
      this.failing = { since: this.failing?.since ?? this.now(), error: message, retry: () => this.seed(scope, since) };
      throw unreadable;
    }
  };

  /**
   * Undefined while every read succeeded (nothing to show); else the store and its last error.
   * The read tried again is waited for up to `PROBE_WAIT_MS`, so a store back by now shows at
   * once, and a store that never answers (10 s connect timeout) does not hold `/health` up.
   */
  async health(): Promise<SpendSourceHealth | undefined> {
    const failing = this.failing;
    if (!failing) return undefined;
    if (this.now() - this.lastProbe >= this.probeEveryMs) {
      this.lastProbe = this.now();
      await timedOut(failing.retry().catch(() => undefined), PROBE_WAIT_MS);
    }
    const now = this.failing;
    return now && { store: this.storeKind, reachable: false, failing_since: now.since, last_error: now.error };
  }
}
