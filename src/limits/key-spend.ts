/**
 * What each virtual key has spent, read from the stored traces: budgets start from this after a
 * restart, so a restart never hands a key a fresh budget.
 */
export interface KeySpendStore {
  /** Dollars spent per key name on traces since a time (ms since the epoch). */
  spendByKey(since: number): Promise<Map<string, number>>;
  /** Dollars spent per team on traces since a time (ms since the epoch). */
  spendByTeam(since: number): Promise<Map<string, number>>;
}
