import { clip } from '../../core/clip.js';
import type { Example } from '../types.js';
import { sameTextKey } from './same-text.js';

/** One text that the data labels in more than one way. */
export interface LabelConflict {
  /** The text as first seen, cut to 100 characters. */
  text: string;
  /** Each label given to it and how many times, commonest first. */
  labels: { label: string; count: number }[];
}

export interface LabelConflicts {
  /** Distinct texts (case and spacing aside) that carry more than one label. */
  texts: number;
  /** Examples with such a text. */
  examples: number;
  /** The conflicts with the most examples (at most `show`). */
  top: LabelConflict[];
}

/**
 * Texts that the training data labels in more than one way: a teacher that answered one request
 * two ways, reviewers who disagreed, a file whose classes overlap. The model learns both labels,
 * and the held-out figures count the disagreement as errors, so the person training wants them
 * named, with the commonest first.
 *
 * @example labelConflicts([{ text: 'card stuck', label: 'a' }, { text: 'Card stuck', label: 'b' }]).texts // 1
 */
export function labelConflicts(examples: readonly Example[], show = 5): LabelConflicts {
  const byText = new Map<string, { text: string; labels: Map<string, number>; examples: number }>();
  for (const example of examples) {
    const key = sameTextKey(example.text);
    let entry = byText.get(key);
    if (!entry) byText.set(key, (entry = { text: example.text, labels: new Map(), examples: 0 }));
    entry.labels.set(example.label, (entry.labels.get(example.label) ?? 0) + 1);
    entry.examples += 1;
  }
  const conflicting = [...byText.values()].filter((entry) => entry.labels.size > 1);
  conflicting.sort((a, b) => b.examples - a.examples);
  return {
    texts: conflicting.length,
    examples: conflicting.reduce((sum, entry) => sum + entry.examples, 0),
    top: conflicting.slice(0, show).map((entry) => ({
      text: clip(entry.text.trim().replace(/\s+/g, ' '), 100),
      labels: [...entry.labels].map(([label, count]) => ({ label: clip(label, 40), count })).sort((a, b) => b.count - a.count),
    })),
  };
}
