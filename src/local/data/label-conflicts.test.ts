import { describe, expect, it } from 'vitest';
import { labelConflicts } from './label-conflicts.js';

describe('labelConflicts', () => {
  it('finds one text under several labels, case and spacing aside, commonest first', () => {
    const found = labelConflicts([
      { text: 'card stuck', label: 'a' },
      { text: 'Card  stuck', label: 'b' },
      { text: 'card stuck ', label: 'b' },
      { text: 'refund please', label: 'c' },
      { text: 'refund please', label: 'c' },
      { text: 'x', label: 'a' },
      { text: 'X', label: 'c' },
    ]);
    expect(found).toEqual({
      texts: 2,
      examples: 5,
      top: [
        { text: 'card stuck', labels: [{ label: 'b', count: 2 }, { label: 'a', count: 1 }] },
        { text: 'x', labels: [{ label: 'a', count: 1 }, { label: 'c', count: 1 }] },
      ],
    });
  });

  it('cuts what it shows: long texts and labels, and the number of conflicts listed', () => {
    const examples = Array.from({ length: 20 }, (_, i) => [
      { text: `${'y'.repeat(5_000)} ${i}`, label: `${'L'.repeat(300)}1` },
      { text: `${'y'.repeat(5_000)} ${i}`, label: `${'L'.repeat(300)}2` },
    ]).flat();
    const found = labelConflicts(examples, 3);
    expect(found.texts).toBe(20);
    expect(found.top).toHaveLength(3);
    expect(found.top[0]?.text.length).toBe(101);
    expect(found.top[0]?.labels[0]?.label.length).toBe(41);
  });
});
