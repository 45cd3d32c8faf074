import { describe, expect, it } from 'vitest';
import { banking77, EIGHT_LABELS } from '../local/__fixtures__/banking77-sample.js';
import { tokenCounter } from './count-tokens.js';
import { TokenEstimate } from './token-estimate.js';

describe('TokenEstimate', () => {
  it('counts the first ones exactly, then one in `every`', () => {
    const estimate = new TokenEstimate(4, 8);
    const counted: number[] = [];
    for (let i = 0; i < 40; i++) {
      if (estimate.shouldCount()) {
        counted.push(i);
        estimate.record(10, 5);
      }
    }
    expect(counted).toEqual([0, 1, 2, 3, 8, 16, 24, 32]);
  });

  it('estimates a route’s chat prompts (system prompt and framing included) close to the tokenizer', async () => {
    const count = tokenCounter();
    const system = 'You classify banking support messages. Answer with the intent label only, nothing else.';
    const prompt = (text: string) => count.chat([{ role: 'system', content: system }, { role: 'user', content: text }]);
    const texts = banking77('train', EIGHT_LABELS, 60).map((e) => e.text);
    const estimate = new TokenEstimate();
    let exact = 0;
    let estimated = 0;
    let worst = 0;
    for (const text of texts) {
      const tokens = await prompt(text);
      if (estimate.shouldCount()) {
        estimate.record(text.length, tokens);
        continue;
      }
      const guess = estimate.estimate(text.length);
      exact += tokens;
      estimated += guess;
      worst = Math.max(worst, Math.abs(guess - tokens) / tokens);
    }
    // In total (what a route's savings add up to) within 2%; any one request within 35%.
    expect(Math.abs(estimated - exact) / exact).toBeLessThan(0.02);
    expect(worst).toBeLessThan(0.35);
    expect(exact).toBeGreaterThan(0);
  });

  it('scales the mean by size when every counted request had the same size, and gives 0 before any count', () => {
    const estimate = new TokenEstimate(2, 100);
    expect(estimate.estimate(50)).toBe(0);
    estimate.record(40, 20);
    estimate.record(40, 22);
    expect(estimate.estimate(40)).toBe(21);
    expect(estimate.estimate(80)).toBe(42);
  });
});
