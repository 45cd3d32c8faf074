import { describe, expect, it } from 'vitest';
import { newId } from './ids.js';

describe('newId', () => {
  it('sorts by time as a string and does not repeat', () => {
    const early = newId('tr', 1_000);
    const late = newId('tr', 2_000_000_000_000);
    expect(early < late).toBe(true);
    expect(early).toMatch(/^tr_[0-9a-z]{9}[0-9a-f]{16}$/);
    const many = new Set(Array.from({ length: 10_000 }, () => newId('x', 5)));
    expect(many.size).toBe(10_000);
  });
});
