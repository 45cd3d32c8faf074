import { describe, expect, it } from 'vitest';
import { buildOnlineEvaluators, inSample } from './online-eval.js';

describe('online evaluation', () => {
  it('samples by trace id: the same ids every time, close to the configured rate', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `tr_${i.toString(36)}`);
    const picked = ids.filter((id) => inSample(id, 0.1));
    expect(picked.length / ids.length).toBeGreaterThan(0.09);
    expect(picked.length / ids.length).toBeLessThan(0.11);
    expect(ids.filter((id) => inSample(id, 0.1))).toEqual(picked);
    expect(ids.every((id) => inSample(id, 1))).toBe(true);
  });

  it('refuses a scorer it cannot build, naming the entry and the field', async () => {
    await expect(buildOnlineEvaluators([{ route: 'support', sample: 0.1, max_per_run: 5, scorers: [{ type: 'contains', value: 'ok' }, { type: 'regex' }] }], {})).rejects.toThrow(
      /monitoring\.online_eval\[0\]\.scorers\[1\]: pattern/,
    );
    const [built] = await buildOnlineEvaluators([{ route: 'support', sample: 0.1, max_per_run: 5, scorers: [{ type: 'contains', value: 'ok' }] }], {});
    expect(built?.scorers.map((s) => s.name)).toEqual(['contains']);
  });
});
