import type { KeyIdentity } from './limit-store.js';

/**
 * What each virtual key has spent: budgets start from the stored traces after a restart (retention
 * spares the traces a budget period counts), so a restart never hands a key a fresh budget; the
 * spend export reads the rollups' `spend` dimension, which retention never deletes.
 */
export interface KeySpendStore {
  /**
   * Dollars one key spent on traces since a time: those recording its identity, and those written
   * before traces recorded one (no key id) under its name, since the key was made when it is a
   * runtime key (older ones were a removed key's). What a budget starts from.
   *
   * @example await spend.spendOfKey({ id: 'ks_…', name: 'ci', createdAt: 1796502727612 }, monthStart) // 0.42
   */
  spendOfKey(key: KeyIdentity, since: number): Promise<number>;
  /** Dollars spent per team on traces since a time (ms since the epoch). */
  spendByTeam(since: number): Promise<Map<string, number>>;
  /**
   * Requests, tokens and dollars per UTC day, team, key and model (the name the client called, a
   * route's included) of calls in [since, until) (whole UTC days): what `switchyard spend` and
   * `GET /api/spend` export, from the rollups' `spend` day rows, so calls whose traces retention
   * deleted are still there. A call is booked to the team its key was in when it was made.
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

/**
 * The spend port of a store: budgets' sums from the traces, the export's rows from the rollups.
 *
 * @example spendStore(traces, rollups).spendRows(since, until)
 */
export function spendStore(traces: Pick<KeySpendStore, 'spendOfKey' | 'spendByTeam'>, rollups: Pick<KeySpendStore, 'spendRows'>): KeySpendStore {
  return {
    spendOfKey: (key, since) => traces.spendOfKey(key, since),
    spendByTeam: (since) => traces.spendByTeam(since),
    spendRows: (since, until) => rollups.spendRows(since, until),
  };
}
