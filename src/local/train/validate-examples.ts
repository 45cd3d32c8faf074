import { quoteClipped } from '../../core/clip.js';
import { SwitchyardError } from '../../core/errors.js';
import { MAX_LABEL_CHARS } from '../../core/class-label.js';
import type { Example } from '../types.js';

/**
 * Checks training data before any work starts: every example a non-empty text and label, at
 * least two labels, and enough examples of each label to train on and still hold some out.
 * Returns the labels, sorted, with their counts.
 *
 * @example validateExamples([{ text: 'hi', label: 'a' }, …], 5) // [['a', 12], ['b', 9]]
 */
export function validateExamples(examples: readonly Example[], minPerLabel: number): [string, number][] {
  if (!Array.isArray(examples)) throw new SwitchyardError('invalid_request', `training examples must be an array of { text, label }, got ${typeof examples}`);
  const counts = new Map<string, number>();
  examples.forEach((example, i) => {
    const ex = example as Partial<Example> | null;
    if (typeof ex?.text !== 'string' || ex.text.trim() === '') throw new SwitchyardError('invalid_request', `example ${i}: "text" must be a non-empty string, got ${describe(ex?.text)}`, { param: 'text' });
    if (typeof ex.label !== 'string' || ex.label.trim() === '') throw new SwitchyardError('invalid_request', `example ${i}: "label" must be a non-empty string, got ${describe(ex.label)}`, { param: 'label' });
    if (ex.label.length > MAX_LABEL_CHARS) {
      throw new SwitchyardError('invalid_request', `example ${i}: "label" is ${ex.label.length} characters, longer than ${MAX_LABEL_CHARS} (a label names a class; is the label column the text?): ${quoteClipped(ex.label, 40, '')}…`, { param: 'label' });
    }
    counts.set(ex.label, (counts.get(ex.label) ?? 0) + 1);
  });
  if (counts.size === 0) throw new SwitchyardError('invalid_request', 'no training examples: a classifier needs at least 2 labels');
  const sorted = [...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  if (sorted.length === 1) {
    const [label, count] = sorted[0] as [string, number];
    throw new SwitchyardError('invalid_request', `training data has a single label "${label}" (${count} examples); a classifier needs at least 2 labels`);
  }
  const few = sorted.filter(([, count]) => count < minPerLabel);
  if (few.length > 0) {
    const listed = few.slice(0, 10).map(([label, count]) => `"${label}" has ${count}`).join(', ');
    const more = few.length > 10 ? ` and ${few.length - 10} more labels` : '';
    throw new SwitchyardError('invalid_request', `too few examples: label ${listed}${more}; each label needs at least ${minPerLabel} (add examples or drop the label)`);
  }
  return sorted;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'only whitespace';
  return value === null ? 'null' : typeof value;
}
