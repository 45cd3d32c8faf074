/**
 * One call's cost that a budget is owed: the call was served while the limit store (Redis) could
 * not be reached (`limits.on_error: open`), so nothing was added to the budget's spend then.
 */
export interface OwedSpend {
  /** Unique per debt: Redis marks the debt paid under it, so it is added once however often it is paid. */
  id: string;
  /** The limit store's key prefix (`limits.redis_prefix`): a replica pays only its own gateway's debts. */
  prefix: string;
  /** The Redis key of the budget period's spend the amount is added to. */
  spendKey: string;
  /** How long the spend key is kept after it is added to (0 = for ever). */
  ttlMs: number;
  usd: number;
  /**
   * A call admitted before the outage and settled during it holds its worst case in Redis: the
   * budget period's reservations key and the hold's member. Paying releases the hold and adds the
   * cost; a hold that lapsed meanwhile was charged its worst case already, and the cost is not added.
   */
  hold?: { key: string; member: string };
  createdAt: number;
}

/**
 * Debts kept in the configured store (SQLite or PostgreSQL) from the moment a call served during
 * a Redis outage settles until Redis has taken them, so a replica that dies before Redis is back
 * loses none: whichever replica sees Redis first pays them.
 *
 * @example await owed.add([debt]); for (const d of await owed.due('switchyard:limits', 500)) …; await owed.remove([debt.id]);
 */
export interface OwedSpendStore {
  /** Keeps debts until they are removed; adding an id already kept changes nothing. */
  add(debts: readonly OwedSpend[]): Promise<void>;
  /** Up to `limit` kept debts of a prefix, oldest first. */
  due(prefix: string, limit: number): Promise<OwedSpend[]>;
  /** Forgets debts (once paid); unknown ids are ignored. */
  remove(ids: readonly string[]): Promise<void>;
}

/**
 * Debts kept in this process only: for a limit store without a shared store (tests, tools). A
 * replica that dies loses them.
 */
export class MemoryOwedSpendStore implements OwedSpendStore {
  private readonly debts = new Map<string, OwedSpend>();

  async add(debts: readonly OwedSpend[]): Promise<void> {
    for (const debt of debts) if (!this.debts.has(debt.id)) this.debts.set(debt.id, { ...debt });
  }

  async due(prefix: string, limit: number): Promise<OwedSpend[]> {
    return [...this.debts.values()]
      .filter((debt) => debt.prefix === prefix)
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
      .slice(0, limit);
  }

  async remove(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.debts.delete(id);
  }
}
