import { describe, expect, it } from 'vitest';
import { seededRandom, shuffled } from '../../core/seeded-random.js';
import { routellmRecords } from './__fixtures__/routellm.js';
import { apgr, qualityCurve } from './quality-curve.js';
import { loadRouter, serializeRouter } from './router-file.js';
import { type RouterRecord, trainRouter } from './train-router.js';

const clock = { now: () => Date.UTC(2025, 0, 2), sleep: async () => {} };

/** Distinct prompts split once, so no prompt is on both sides. */
function heldOut(records: RouterRecord[], fraction: number, seed: number) {
  const prompts = shuffled([...new Set(records.map((r) => r.prompt))].sort(), seededRandom(seed));
  const test = new Set(prompts.slice(0, Math.round(prompts.length * fraction)));
  return { train: records.filter((r) => !test.has(r.prompt)), test: records.filter((r) => test.has(r.prompt)) };
}

describe('trainRouter on RouteLLM MMLU outcomes', () => {
  const all = routellmRecords('mmlu').filter((_, i) => i % 2 === 0);
  const { train, test } = heldOut(all, 0.3, 99);
  const router = trainRouter(train, { seed: 3, clock });

  it('ranks held-out prompts better than prompt length does', () => {
    const learned = apgr(qualityCurve(test.map((r) => router.score(r.prompt)), test));
    const length = apgr(qualityCurve(test.map((r) => -r.prompt.length), test));
    expect(learned).toBeGreaterThan(0.6);
    expect(learned).toBeGreaterThan(length + 0.03);
  }, 120_000);

  it('chooses a threshold on its validation split that holds up on held-out prompts', () => {
    const choice = router.thresholdFor(0.95, 0.9);
    expect(choice.qualityRatioLow).toBeGreaterThanOrEqual(0.95);
    expect(router.thresholdFor(0.95).strongShare).toBeLessThan(choice.strongShare);
    expect(choice.strongShare).toBeLessThan(0.8);
    const strong = test.reduce((sum, r) => sum + r.strongScore, 0);
    const routed = test.reduce((sum, r) => sum + (router.score(r.prompt) >= choice.threshold ? r.weakScore : r.strongScore), 0);
    expect(routed / strong).toBeGreaterThan(0.93);
    expect(router.validation).toMatchObject({ records: expect.any(Number), apgr: expect.any(Number) });
    expect(router.training).toMatchObject({ seed: 3, trainedAt: '2025-01-02T00:00:00.000Z', validationFraction: 0.2 });
  });

  it('saves to a compact file that loads back to the same scores and thresholds', () => {
    const bytes = serializeRouter(router);
    // Three int16 heads over ~50,000 n-grams, varint ids: about 13 bytes per n-gram in base64.
    expect(bytes.length).toBeLessThan(800_000);
    const loaded = loadRouter(bytes);
    for (const r of test.slice(0, 200)) expect(loaded.score(r.prompt)).toBe(router.score(r.prompt));
    expect(loaded.thresholdFor(0.9)).toEqual(router.thresholdFor(0.9));
    // Buffer equality: a deep toEqual over 600,000 array elements takes seconds.
    expect(Buffer.from(serializeRouter(loaded)).equals(bytes)).toBe(true);
  });
});

describe('trainRouter', () => {
  const records = routellmRecords('gsm8k').slice(0, 300);

  it('is deterministic for a seed and changes with it', () => {
    const a = Buffer.from(serializeRouter(trainRouter(records, { seed: 5, clock })));
    expect(a.equals(serializeRouter(trainRouter(records, { seed: 5, clock })))).toBe(true);
    expect(a.equals(serializeRouter(trainRouter(records, { seed: 6, clock })))).toBe(false);
  });

  it('keeps identical prompts on one side of the split', () => {
    const doubled = [...records, ...records.map((r) => ({ ...r }))];
    const router = trainRouter(doubled, { seed: 5, clock });
    expect(router.validation.records % 2).toBe(0);
    expect(router.training.records + router.validation.records).toBe(600);
  });

  it('names the record and field at fault', () => {
    expect(() => trainRouter(records.slice(0, 5))).toThrow('cannot train a router: records: 5 given, at least 20 needed');
    const bad = records.map((r, i) => (i === 7 ? { ...r, strongScore: 4 } : r));
    expect(() => trainRouter(bad)).toThrow('records[7].strongScore: expected a number in [0, 1], got 4');
    const noPrompt = records.map((r, i) => (i === 3 ? ({ weakScore: 1, strongScore: 0 } as unknown as RouterRecord) : r));
    expect(() => trainRouter(noPrompt)).toThrow('records[3].prompt: expected a string, got undefined');
    const same = records.map((r) => ({ ...r, weakScore: 1, strongScore: 1 }));
    expect(() => trainRouter(same)).toThrow('weakScore equals strongScore in every record');
    const onePrompt = records.map((r) => ({ ...r, prompt: 'same' }));
    expect(() => trainRouter(onePrompt)).toThrow('1 distinct prompts cannot be split');
    expect(() => trainRouter(records, { validationFraction: 1 })).toThrow('validationFraction: expected a number between 0 and 1, got 1');
  });
});
