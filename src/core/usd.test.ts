import { describe, expect, it } from 'vitest';
import { usd } from './usd.js';

describe('usd', () => {
  it('writes nothing as $0, sub-cent amounts to six decimals and the rest to four, the sign first', () => {
    expect(usd(0)).toBe('$0');
    expect(usd(0.00042)).toBe('$0.000420');
    expect(usd(0.00999)).toBe('$0.009990');
    expect(usd(0.01)).toBe('$0.0100');
    expect(usd(12.5)).toBe('$12.5000');
    expect(usd(-0.5)).toBe('-$0.5000');
    expect(usd(-0.00042)).toBe('-$0.000420');
  });

  it('separates thousands from $1,000 up, as people read large sums', () => {
    expect(usd(18_001.8)).toBe('$18,001.8000');
    expect(usd(-1_234.5)).toBe('-$1,234.5000');
    expect(usd(999.99)).toBe('$999.9900');
  });

  it('keeps three significant digits of an amount too small for six decimals, never $0.000000', () => {
    // A small model's call: a refusal read "this request may cost up to $0.0000" and gave no reason.
    expect(usd(0.0000525)).toBe('$0.0000525');
    expect(usd(0.000042)).toBe('$0.0000420');
    expect(usd(3e-8)).toBe('$0.0000000300');
    expect(usd(-0.0000312)).toBe('-$0.0000312');
    // At most twelve decimals: below that it is a rounding error, not money.
    expect(usd(1e-15)).toBe('$0.000000000000');
  });
});
