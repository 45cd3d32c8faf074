import { describe, expect, it } from 'vitest';
import { usd } from './usd.js';

describe('usd', () => {
  it('writes nothing as $0, sub-cent amounts to six decimals and the rest to four, the sign first', () => {
    expect(usd(0)).toBe('$0');
    expect(usd(0.000042)).toBe('$0.000042');
    expect(usd(0.00999)).toBe('$0.009990');
    expect(usd(0.01)).toBe('$0.0100');
    expect(usd(12.5)).toBe('$12.5000');
    expect(usd(-0.5)).toBe('-$0.5000');
    expect(usd(-0.000042)).toBe('-$0.000042');
  });
});
