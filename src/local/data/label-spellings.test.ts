import { describe, expect, it } from 'vitest';
import { labelSpellings, labelSpellingsNote, mergeLabelSpellings } from './label-spellings.js';

const rows = (label: string, n: number) => Array.from({ length: n }, (_, i) => ({ text: `${label} ${i}`, label }));

describe('label spellings', () => {
  // A ticket export: agents typed some labels by hand, a tool wrote the rest.
  const examples = [...rows('refund_request', 6), ...rows('Refund_Request', 3), ...rows('bug_report', 4), ...rows('bug report', 2), ...rows('Bug-Report', 1), ...rows('shipping_delay', 5)];

  it('finds a label written more than one way, case, spaces, _ and - aside, the largest group first', () => {
    expect(labelSpellings(examples)).toEqual([
      { spellings: [{ label: 'refund_request', count: 6 }, { label: 'Refund_Request', count: 3 }] },
      { spellings: [{ label: 'bug_report', count: 4 }, { label: 'bug report', count: 2 }, { label: 'Bug-Report', count: 1 }] },
    ]);
    expect(labelSpellings(rows('a', 3))).toEqual([]);
  });

  it('merges each group into its commonest spelling and leaves other labels alone', () => {
    const merged = mergeLabelSpellings(examples, labelSpellings(examples));
    const counts = Object.fromEntries([...new Set(merged.map((e) => e.label))].map((l) => [l, merged.filter((e) => e.label === l).length]));
    expect(counts).toEqual({ refund_request: 9, bug_report: 7, shipping_delay: 5 });
    expect(merged.map((e) => e.text)).toEqual(examples.map((e) => e.text));
  });

  it('says what it found and what to do, or that it merged them', () => {
    const groups = labelSpellings(examples);
    expect(labelSpellingsNote(groups, false)).toBe(
      '2 labels are written more than one way (case, spaces, _ and - aside): "refund_request" ×6 / "Refund_Request" ×3, "bug_report" ×4 / "bug report" ×2 / "Bug-Report" ×1; the model learns each spelling as a label of its own, splitting its examples and answering either: fix the file, or train with --merge-label-spellings (each as its commonest spelling)',
    );
    expect(labelSpellingsNote(groups.slice(0, 1), true)).toBe('1 label is written more than one way (case, spaces, _ and - aside): "refund_request" ×6 / "Refund_Request" ×3; merged, each as its commonest spelling (--merge-label-spellings)');
  });
});
