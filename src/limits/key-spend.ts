/**
 * What each virtual key has spent, read from the stored traces: budgets start from this after a
 * restart, so a restart never hands a key a fresh budget.
 */
export interface KeySpendStore {
  /** Dollars spent per key name on traces since a time (ms since the epoch). */
  spendByKey(since: number): Promise<Map<string, number>>;
  /** Dollars spent per team on traces since a time (ms since the epoch). */
  spendByTeam(since: number): Promise<Map<string, number>>;
  /**
   * Requests, tokens and dollars per UTC day, team, key and model (the name the client called, a
   * route's included) on traces in [since, until): what `switchyard spend` and `GET /api/spend`
   * export. A trace is booked to the team its key was in when the call was made.
   */
  spendRows(since: number, until: number): Promise<SpendRow[]>;
}

/** One day's calls of one key, in one team, to one model, summed. */
export interface SpendRow {
  /** The UTC day's first millisecond. */
  day: number;
  team: string | null;
  key: string | null;
  model: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}
