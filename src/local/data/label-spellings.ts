import type { Example } from '../types.js';

/** One label written more than one way in a file, each spelling with its count, commonest first. */
export interface LabelSpelling {
  spellings: { label: string; count: number }[];
}

/**
 * The key under which two labels are one label spelled two ways: case, and runs of spaces, `_`
 * and `-`, aside (`Refund_Request`, `refund request`, `refund-request`).
 *
 * @example spellingKey(' Bug  Report') // 'bug_report'
 */
function spellingKey(label: string): string {
  return label.trim().toLowerCase().replace(/[\s_-]+/g, '_');
}

/**
 * Labels a file writes more than one way (an export where agents typed `Refund_Request` and a
 * tool wrote `refund_request`). Training keeps each spelling as its own class, which splits the
 * label's examples and makes the model unsure between two names for one thing; the person
 * training wants them named. Groups with the most examples first.
 *
 * @example labelSpellings([{ text: 'a', label: 'bug_report' }, { text: 'b', label: 'Bug Report' }]) // [{ spellings: [{ label: 'Bug Report', count: 1 }, { label: 'bug_report', count: 1 }] }]
 */
export function labelSpellings(examples: readonly Example[]): LabelSpelling[] {
  const byKey = new Map<string, Map<string, number>>();
  for (const { label } of examples) {
    const key = spellingKey(label);
    let counts = byKey.get(key);
    if (!counts) byKey.set(key, (counts = new Map()));
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const total = (group: LabelSpelling) => group.spellings.reduce((sum, s) => sum + s.count, 0);
  return [...byKey.values()]
    .filter((counts) => counts.size > 1)
    .map((counts) => ({ spellings: [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1)) }))
    .sort((a, b) => total(b) - total(a));
}

/**
 * The examples with each label written as its group's commonest spelling (`--merge-label-spellings`).
 *
 * @example mergeLabelSpellings(examples, labelSpellings(examples))
 */
export function mergeLabelSpellings(examples: readonly Example[], groups: readonly LabelSpelling[]): Example[] {
  const to = new Map<string, string>();
  for (const group of groups) {
    const [commonest] = group.spellings;
    if (commonest) for (const { label } of group.spellings) to.set(label, commonest.label);
  }
  return examples.map((example) => {
    const label = to.get(example.label);
    return label === undefined || label === example.label ? example : { ...example, label };
  });
}

/**
 * The line `local train` prints about them: each group, its spellings by count, and what to do.
 *
 * @example labelSpellingsNote(groups, false) // '2 labels are written more than one way …'
 */
export function labelSpellingsNote(groups: readonly LabelSpelling[], merged: boolean): string {
  const listed = groups
    .slice(0, 5)
    .map((group) => group.spellings.map((s) => `${JSON.stringify(s.label)} ×${s.count}`).join(' / '))
    .join(', ');
  const more = groups.length > 5 ? `, … and ${groups.length - 5} more` : '';
  const head = `${groups.length === 1 ? '1 label is' : `${groups.length} labels are`} written more than one way (case, spaces, _ and - aside): ${listed}${more}`;
  return merged
    ? `${head}; merged, each as its commonest spelling (--merge-label-spellings)`
    : `${head}; the model learns each spelling as a label of its own, splitting its examples and answering either: fix the file, or train with --merge-label-spellings (each as its commonest spelling)`;
}
