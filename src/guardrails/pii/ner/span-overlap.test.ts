import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../core/seeded-random.js';
import { SpanOverlap } from './span-overlap.js';

describe('SpanOverlap', () => {
  it('answers as findings.some(overlap) does, on random spans', () => {
    const random = seededRandom(3);
    const int = (n: number) => Math.floor(random() * n);
    for (let round = 0; round < 200; round += 1) {
      const spans = Array.from({ length: int(12) }, () => {
        const start = int(100);
        return { start, end: start + 1 + int(20) };
      });
      const index = new SpanOverlap(spans);
      for (let q = 0; q < 50; q += 1) {
        const start = int(120);
        const end = start + 1 + int(10);
        expect(index.overlaps(start, end)).toBe(spans.some((s) => s.start < end && s.end > start));
      }
    }
  });

  it('counts touching spans as apart, and a long early span as covering later ones', () => {
    const index = new SpanOverlap([{ start: 0, end: 50 }, { start: 10, end: 12 }]);
    expect(index.overlaps(50, 60)).toBe(false);
    expect(index.overlaps(40, 45)).toBe(true);
    expect(new SpanOverlap([]).overlaps(0, 10)).toBe(false);
  });
});
