import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KeySpendStore, SpendRow } from '../limits/key-spend.js';
import { printSpend } from './spend-cli.js';

const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());

/** A store holding these day rows, as the rollups would. */
function storeOf(rows: SpendRow[]): KeySpendStore {
  return { spendOfKey: async () => 0, spendByTeam: async () => new Map(), spendRows: async () => rows };
}

async function table(rows: SpendRow[]): Promise<string[]> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  await printSpend({}, storeOf(rows));
  return log.mock.calls.map((call) => String(call[0]));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('switchyard spend as a table', () => {
  it('writes "-" for a request that named no model, as for no team or key, never a blank cell', async () => {
    // Body not JSON: refused before it named a model, booked to model "" at no cost.
    const [grid] = await table([
      { day: today, team: null, key: null, model: '', requests: 1, inputTokens: 0, outputTokens: 0, costUsd: 0 },
      { day: today, team: 'care', key: 'care-bot', model: 'small', requests: 2, inputTokens: 16, outputTokens: 70, costUsd: 0.0012 },
    ]);
    const cells = (grid ?? '').split('\n').filter((line) => line.includes('│ 20')).map((line) => line.split('│').map((cell) => cell.trim()).slice(1, 6));
    expect(cells).toEqual([
      [expect.any(String), '-', '-', '-', '1'],
      [expect.any(String), 'care', 'care-bot', 'small', '2'],
    ]);
  });
});
