import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseExamples } from '../data/read-examples.js';
import type { Example } from '../types.js';

const DATA = join(import.meta.dirname, '../../../data/banking77');

/** Real Banking77 rows: the first `perLabel` examples of each of `labels` (file order, no shuffling). */
export function banking77(split: 'train' | 'test', labels: readonly string[], perLabel: number): Example[] {
  const all = parseExamples(readFileSync(join(DATA, `${split}.csv`), 'utf8'), { source: `${split}.csv`, labelColumn: 'category' });
  const taken = new Map<string, number>();
  return all.filter((e) => {
    if (!labels.includes(e.label)) return false;
    const n = taken.get(e.label) ?? 0;
    taken.set(e.label, n + 1);
    return n < perLabel;
  });
}

/** Eight intents that are easy to confuse in pairs (card arrival vs delivery estimate, …). */
export const EIGHT_LABELS = [
  'card_arrival',
  'card_delivery_estimate',
  'lost_or_stolen_card',
  'pin_blocked',
  'top_up_failed',
  'top_up_reverted',
  'exchange_rate',
  'cash_withdrawal_charge',
] as const;
