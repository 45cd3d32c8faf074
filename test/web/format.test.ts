import { describe, expect, it } from 'vitest';
import { formatLatency } from '../../src/core/format-latency.js';
import { costCell, costLabel, driftWindows, duration, fullTime, groundedItem, ms, ownEntry, usd, usdOfBudget, usdTicks, variantCost } from '../../web/src/format.js';

describe('ms (the dashboard\'s durations)', () => {
  it('writes zero as a whole number, like the other axis ticks, and keeps two decimals below 1 ms', () => {
    expect(ms(0)).toBe('0 ms');
    expect(ms(0.25)).toBe('0.25 ms');
    expect(ms(20)).toBe('20 ms');
    expect(ms(2500)).toBe('2.50 s');
    expect(ms(null)).toBe('–');
  });

  it('is the CLI\'s rule (formatLatency): `switchyard providers` printed 1207 ms where this page said 1.21 s', () => {
    for (const value of [0, 0.3, 42, 999.6, 1207, 60_000]) expect(ms(value)).toBe(formatLatency(value));
  });
});

describe('usd (the dashboard\'s money)', () => {
  it('never shows a cost that is not zero as $0.00000', () => {
    expect(usd(0)).toBe('$0');
    expect(usd(0.000002)).toBe('<$0.00001');
    expect(usd(0.00451)).toBe('$0.00451');
    expect(usd(0.07)).toBe('$0.07');
    expect(usd(1234.5)).toBe('$1,235');
    expect(usd(null)).toBe('–');
    expect(usd(Number.NaN)).toBe('–');
  });

  it('puts a minus before the dollar sign, and fixes the places when asked', () => {
    expect(usd(-0.07)).toBe('-$0.07');
    expect(usd(-1234.5)).toBe('-$1,235');
    expect(usd(0.01, 3)).toBe('$0.010');
    expect(usd(12345.5, 2)).toBe('$12,345.50');
  });
});

describe('usdOfBudget (spend on a budget meter)', () => {
  it('writes two digits past the budget\'s own, so a small budget\'s spend agrees with the CLI and the 429', () => {
    // In cents, $0.0351 of $0.05 read "$0.04" and $0.0496 read as the whole budget.
    expect(usdOfBudget(0.0350904, 0.05)).toBe('$0.0351');
    expect(usdOfBudget(0.0496, 0.05)).toBe('$0.0496');
    expect(usdOfBudget(0.00175665, 0.002)).toBe('$0.00176');
    expect(usdOfBudget(12.345, 20)).toBe('$12.35');
    expect(usdOfBudget(0.0351, 1)).toBe('$0.04');
    expect(usdOfBudget(1234.5, 5000)).toBe('$1,235');
  });

  it('keeps usd\'s own form for nothing and for what its places would write as zero', () => {
    expect(usdOfBudget(0, 0.05)).toBe('$0');
    expect(usdOfBudget(0.000002, 0.002)).toBe('<$0.00001');
    expect(usdOfBudget(0.0351, 0)).toBe('$0.04');
  });
});

describe('usdTicks (the cost charts\' y-axis labels)', () => {
  it('gives every tick one precision, enough to tell them apart', () => {
    // Before, tick by tick: "$0", "$0.00500", "$0.01", "$0.01".
    expect(usdTicks([0, 0.005, 0.01, 0.015])).toEqual(['$0', '$0.005', '$0.010', '$0.015']);
    expect(usdTicks([0, 0.0025, 0.005])).toEqual(['$0', '$0.0025', '$0.0050']);
    expect(usdTicks([0, 0.5, 1, 1.5])).toEqual(['$0', '$0.50', '$1.00', '$1.50']);
    expect(usdTicks([0, 500, 1000])).toEqual(['$0', '$500', '$1,000']);
    expect(usdTicks([0.02])).toEqual(['$0.02']);
    // A scale's step is no round number (the eval chart's 0, max / 2, max): two significant digits, not eight decimals.
    expect(usdTicks([0, 0.0066, 0.0132])).toEqual(['$0', '$0.0066', '$0.0132']);
    expect(usdTicks([0, 1250, 2500])).toEqual(['$0', '$1,250', '$2,500']);
  });

  it('is usd at fixed places: one helper writes every dollar figure', () => {
    for (const [ticks, places] of [[[0, 0.005, 0.01], 3], [[0, 0.5, 1], 2], [[0, 500, 1000], 0]] as const) {
      expect(usdTicks(ticks)).toEqual(ticks.map((v) => usd(v, places)));
    }
  });
});

describe('duration (a window\'s length)', () => {
  it('names the largest whole unit, so a breaker window reads "30 s" and a day "1 d"', () => {
    expect(duration(30_000)).toBe('30 s');
    expect(duration(90_000)).toBe('90 s');
    expect(duration(300_000)).toBe('5 min');
    expect(duration(3_600_000)).toBe('1 h');
    expect(duration(86_400_000)).toBe('1 d');
    expect(duration(1500)).toBe('1.5 s');
    expect(duration(250)).toBe('250 ms');
  });
});

describe('driftWindows (a drift report\'s windows on the Monitoring page)', () => {
  const since = new Date(2026, 11, 2, 16, 49, 39).getTime();
  const day = 86_400_000;
  it('names one trace in the singular: a route with one trace read "(1 traces)"', () => {
    const text = driftWindows({ since, until: since + day, count: 1 }, { since: since - 7 * day, until: since, count: 0 });
    expect(text).toBe('current 2026-12-02 16:49:39 → 2026-12-03 16:49:39 (1 trace) vs reference 2026-11-25 16:49:39 → 2026-12-02 16:49:39 (0)');
    expect(driftWindows({ since, until: since + day, count: 1234 }, { since: since - 7 * day, until: since, count: 5 })).toMatch(/\(1,234 traces\) vs reference .*\(5\)$/);
  });
});

describe('costLabel (a trace\'s cost on the traces page and a trace\'s page)', () => {
  it('says unpriced for a model with no price instead of a $0 that reads as free', () => {
    const unpriced = { cost: { priced: false, model: 'gpt-6.2-astra' } };
    expect(costLabel({ costUsd: 0, decisions: unpriced })).toBe('unpriced');
    expect(costLabel({ costUsd: 0.07, decisions: unpriced })).toBe('$0.07 + unpriced');
    expect(costLabel({ costUsd: 0, decisions: null })).toBe('$0');
    expect(costLabel({ costUsd: 0.00451, decisions: { cache: { status: 'hit' } } })).toBe('$0.00451');
    // In the list's narrow column: unknown, with the reason on hover.
    expect(costCell({ costUsd: 0, decisions: unpriced })).toEqual({ text: '–', title: 'unpriced: no price for gpt-6.2-astra' });
    expect(costCell({ costUsd: 0, decisions: null })).toEqual({ text: '$0' });
  });
});

describe('variantCost (an eval variant\'s cost on the run page)', () => {
  const variant = { costUsd: 0.0006, costPerCaseUsd: 0.00012, results: 5 };
  it('says "unpriced" or how many results were, with the models on hover, not a $0 that reads as free', () => {
    expect(variantCost({ ...variant, costUsd: 0, costPerCaseUsd: 0, unpricedResults: 5, unpricedModels: ['my-vllm-model'] })).toEqual({ text: 'unpriced', title: 'no price for my-vllm-model: 5 of 5 results' });
    expect(variantCost({ ...variant, unpricedResults: 2, unpricedModels: ['my-vllm-model'] }).text).toBe('$0.00060 + 2 of 5 unpriced');
    expect(variantCost({ ...variant, unpricedResults: 2, unpricedModels: ['my-vllm-model'] }, true).text).toBe('≥ $0.00012');
  });

  it('shows a priced variant, and a run summarised before unpriced results were counted, as dollars', () => {
    expect(variantCost(variant)).toEqual({ text: '$0.00060' });
    expect(variantCost({ ...variant, unpricedResults: 0, unpricedModels: [] }, true)).toEqual({ text: '$0.00012' });
  });
});


describe('ownEntry (names from the URL looked up in the pages\' tables, helper hostile6)', () => {
  it('finds a table\'s own entries only, never what every object inherits', () => {
    const since = { '1h': 3_600_000, '24h': 86_400_000 };
    expect(ownEntry(since, '24h')).toBe(86_400_000);
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) expect(ownEntry(since, name)).toBeUndefined();
  });
});

describe('fullTime (a trace\'s moment on its page, and on hover wherever a short time shows)', () => {
  it('gives the date and names the zone, as the short form does neither for today', () => {
    const ts = Date.UTC(2026, 11, 4, 13, 54, 36);
    const zone = process.env.TZ;
    try {
      // Node reads TZ again when it changes: the browser's zone, as a reader elsewhere has it.
      const at = (tz: string) => ((process.env.TZ = tz), fullTime(ts));
      expect(at('UTC')).toBe('2026-12-04 13:54:36 UTC');
      expect(at('Asia/Kolkata')).toBe('2026-12-04 19:24:36 UTC+05:30');
      expect(at('America/New_York')).toBe('2026-12-04 08:54:36 UTC−05:00');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    expect(fullTime(null)).toBe('–');
  });
});

describe('groundedItem (the review page\'s generated items)', () => {
  it('reads a generated item\'s question, document and passage as text', () => {
    expect(groundedItem({ question: 'Where?', source_document: 'faq.md', source_passage: 'In Leeds.' })).toEqual({ question: 'Where?', sourceDocument: 'faq.md', sourcePassage: 'In Leeds.' });
    expect(groundedItem({ question: { q: 1 }, source_passage: 'p' })).toEqual({ question: '{"q":1}', sourceDocument: null, sourcePassage: 'p' });
  });

  it('is no generated item when the passage is not text: an object went into the page as a React child and the page failed to render', () => {
    expect(groundedItem({ question: 'q', source_passage: { toString: [] }, source_document: { toString: [] } })).toBeNull();
    expect(groundedItem({ question: 'q', source_passage: 'p', source_document: { toString: [] } })).toEqual({ question: 'q', sourceDocument: null, sourcePassage: 'p' });
    expect(groundedItem(['source_passage'])).toBeNull();
    expect(groundedItem('source_passage')).toBeNull();
  });
});
