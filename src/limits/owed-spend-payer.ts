import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { MemoryOwedSpendStore, type OwedSpend, type OwedSpendStore } from './owed-spend.js';
import { timedOut } from '../core/timed-out.js';

/**
 * Pays debts into Redis, each at most once whoever pays it and however often: a debt's mark is
 * set in the same atomic step that adds its amount, and a debt already marked is skipped. The
 * mark outlives the longest a budget's spend is kept (a monthly period's 40 days), so a debt paid
 * by a replica that died before it could remove it from the store is not paid again by the next.
 * A debt of a call admitted before the outage also releases the call's hold; when the hold has
 * lapsed and been charged at its worst case meanwhile, the cost is not added on top.
 * KEYS: per debt its mark, its spend and its reservations (the spend again when it has no hold).
 * ARGV: the mark's time to live, then per debt its amount, its spend's time to live (0 = none)
 * and its hold's member ('' = none). Returns how many were added (the rest were paid before).
 */
const PAY = `
local mark_ttl, added = tonumber(ARGV[1]), 0
for i = 1, #KEYS / 3 do
  local usd, ttl, member = ARGV[3 * i - 1], tonumber(ARGV[3 * i]), ARGV[3 * i + 1]
  if redis.call('SET', KEYS[3 * i - 2], '1', 'NX', 'PX', mark_ttl) then
    if member == '' or redis.call('ZREM', KEYS[3 * i], member) == 1 then
      redis.call('INCRBYFLOAT', KEYS[3 * i - 1], usd)
      if ttl > 0 then redis.call('PEXPIRE', KEYS[3 * i - 1], ttl) end
      added = added + 1
    end
  end
end
return added`;
const PAY_SHA = createHash('sha1').update(PAY).digest('hex');

/** How long a paid debt's mark is kept: past the longest a budget period's spend is (40 days). */
export const PAID_MARK_TTL_MS = 41 * 86_400_000;
/** The longest an admission waits for this replica's debts to be paid (only while it owes any). */
const ADMIT_WAIT_MS = 250;
/** Debts paid per Redis step. */
const BATCH = 500;

/** What one call owes one budget. */
export type Debt = Pick<OwedSpend, 'spendKey' | 'ttlMs' | 'usd' | 'hold'>;

export interface OwedSpendPayerOptions {
  /**
   * Shared by every replica (the configured SQLite or PostgreSQL store): debts survive the
   * replica that owed them, and any replica pays them. Default: this process only.
   */
  store?: OwedSpendStore;
  /** How often a replica looks for debts other replicas left (only with a shared store). */
  sweepMs?: number;
  now?: () => number;
}

/**
 * What calls served while Redis was unreachable (`limits.on_error: open`) owe their budgets:
 * kept in the store as each call settles, and paid into Redis, exactly once, by whichever replica
 * reaches Redis first — the one that owed it before its next admission and every second until
 * it can, and every replica every `sweepMs`, so a debt left by a replica that died is paid too.
 */
export class OwedSpendPayer {
  private readonly store: OwedSpendStore;
  private readonly shared: boolean;
  /** Debts the store could not keep (it was unreachable too): paid from here, kept in the store when it answers. */
  private unkept: OwedSpend[] = [];
  /** This replica owed something it has not seen paid. */
  private owingHere = false;
  private paying: Promise<void> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastSweep = 0;
  /** When reading the store last failed (ms). */
  private storeFailedAt = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly options: OwedSpendPayerOptions = {},
  ) {
    this.store = options.store ?? new MemoryOwedSpendStore();
    this.shared = options.store !== undefined;
    this.now = options.now ?? Date.now;
    if (this.shared) this.start();
  }

  /**
   * Before an admission: pays what this replica owes, so its own outage's calls count first.
   * Waits at most `ADMIT_WAIT_MS`, and not at all while the store failed in the last few seconds:
   * a store that is down may take its connect timeout (10 s) to say so, and no admission waits on
   * that; the payment goes on and the next admissions see it. Never rejects.
   */
  async payBeforeAdmit(): Promise<void> {
    if (!this.owingHere) return;
    const paying = this.pay().catch(() => undefined);
    if (this.now() - this.storeFailedAt < 5_000) return;
    await timedOut(paying, ADMIT_WAIT_MS);
  }

  /** Keeps what a call owes (in the store, before anything else), then tries to pay it. Never rejects. */
  async owe(debts: readonly Debt[], at: number): Promise<void> {
    if (debts.length === 0) return;
    const kept: OwedSpend[] = debts.map((debt) => ({ ...debt, id: randomUUID(), prefix: this.prefix, createdAt: at }));
    this.owingHere = true;
    try {
      await this.store.add(kept);
    } catch {
      this.unkept.push(...kept);
    }
    this.start();
    await this.pay().catch(() => undefined);
  }

  /** Pays every debt of this prefix into Redis; rejects while Redis cannot be reached. One payment at a time per process. */
  pay(): Promise<void> {
    if (!this.paying) {
      this.paying = this.payAll().finally(() => {
        this.paying = undefined;
      });
    }
    return this.paying;
  }

  /** Stops looking for debts, and tries once more to keep in the store what it could not keep before. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.keepUnkept();
  }

  private start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), 1_000);
    this.timer.unref();
  }

  private tick(): void {
    const sweep = this.shared && this.now() - this.lastSweep >= (this.options.sweepMs ?? 5_000);
    if (!this.owingHere && !sweep) {
      // Nothing of this replica's own and no store shared with others: the timer has no work left.
      if (!this.shared && this.timer) clearInterval(this.timer);
      if (!this.shared) this.timer = undefined;
      return;
    }
    if (!this.reachable()) return;
    if (sweep) this.lastSweep = this.now();
    this.pay().catch(() => undefined);
  }

  /** A connection that is up, or not opened yet (a lazy client connects on its first command). */
  private reachable(): boolean {
    return this.redis.status === 'ready' || this.redis.status === 'wait';
  }

  private async keepUnkept(): Promise<void> {
    if (this.unkept.length === 0) return;
    const keeping = this.unkept;
    try {
      await this.store.add(keeping);
      this.unkept = this.unkept.filter((debt) => !keeping.includes(debt));
    } catch {
      // Still unreachable: they stay here and are paid from here.
    }
  }

  private async payAll(): Promise<void> {
    // While Redis is away, a payment fails here and never reads the store: admissions stay cheap.
    if (!this.reachable()) throw new Error(`Redis is not reachable (${this.redis.status})`);
    await this.keepUnkept();
    for (;;) {
      let due: OwedSpend[] = [];
      let unreadable: unknown;
      try {
        due = await this.store.due(this.prefix, BATCH);
      } catch (error) {
        // The store is away too: what this process holds is still paid, the store's debts later.
        unreadable = error;
        this.storeFailedAt = this.now();
      }
      const fromStore = new Set(due.map((debt) => debt.id));
      const batch = [...due, ...this.unkept.filter((debt) => !fromStore.has(debt.id)).slice(0, BATCH)];
      if (batch.length > 0) await this.payInRedis(batch);
      const paid = new Set(batch.map((debt) => debt.id));
      this.unkept = this.unkept.filter((debt) => !paid.has(debt.id));
      if (unreadable) throw unreadable;
      // Should this fail (or the replica die first), the marks keep the next payer from adding them again.
      if (fromStore.size > 0) await this.store.remove([...fromStore]);
      if (due.length < BATCH && this.unkept.length === 0) {
        this.owingHere = false;
        return;
      }
    }
  }

  private async payInRedis(batch: readonly OwedSpend[]): Promise<void> {
    const keys = batch.flatMap((debt) => [`${this.prefix}:owed-paid:${debt.id}`, debt.spendKey, debt.hold?.key ?? debt.spendKey]);
    const args = [PAID_MARK_TTL_MS, ...batch.flatMap((debt) => [debt.usd.toFixed(12), debt.ttlMs, debt.hold?.member ?? ''])];
    try {
      await this.redis.evalsha(PAY_SHA, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error as Error).message.startsWith('NOSCRIPT')) throw error;
      await this.redis.eval(PAY, keys.length, ...keys, ...args);
    }
  }
}
