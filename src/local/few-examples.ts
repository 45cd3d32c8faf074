import { countOf } from '../core/plural.js';
import type { ModelInfo } from './classifier.js';

/** Labels under `minExamplesToAnswer` (they always escalate), fewest first, and the rows it would take to answer them. */
export interface FewExamples {
  minExamples: number;
  /** `examples` is null for a file written before the counts were recorded. */
  labels: { label: string; examples: number | null }[];
  /** Labelled rows to add so that every one of them reaches the minimum; null when the counts are not recorded. */
  rowsNeeded: number | null;
}

/**
 * The labels a model never answers because they had too few training examples, from what its
 * file records; undefined when there are none.
 *
 * @example fewExamples(model.info) // { minExamples: 40, labels: [{ label: 'contactless_not_working', examples: 35 }], rowsNeeded: 5 }
 */
export function fewExamples(info: Pick<ModelInfo, 'escalatedLabels' | 'labelExamples' | 'training'>, labels: readonly string[]): FewExamples | undefined {
  if (info.escalatedLabels.length === 0) return undefined;
  const counts = info.labelExamples;
  const countOfLabel = (label: string) => (counts ? (counts[labels.indexOf(label)] ?? null) : null);
  const listed = info.escalatedLabels.map((label) => ({ label, examples: countOfLabel(label) })).sort((a, b) => (a.examples ?? 0) - (b.examples ?? 0) || (a.label < b.label ? -1 : 1));
  const minExamples = Number(info.training.minExamplesToAnswer);
  const rowsNeeded = counts ? listed.reduce((n, l) => n + minExamples - (l.examples ?? 0), 0) : null;
  return { minExamples, labels: listed, rowsNeeded };
}

/**
 * Why some labels (or all) are never answered, and how many rows would change that: the promise
 * is the precision target, so a label the file cannot certify escalates instead. At most ten are
 * named. `after` says what the advice follows: `local train` itself, or `local eval` of a model
 * (more rows mean training again).
 *
 * @example fewExamplesNote(few, 77, 'train') // '1 label of 77 has fewer than 40 examples and always escalates ("contactless_not_working" has 35): …'
 */
export function fewExamplesNote(few: FewExamples, labelCount: number, after: 'train' | 'eval'): string {
  const listed = few.labels.slice(0, 10).map((l) => (l.examples === null ? JSON.stringify(l.label) : `${JSON.stringify(l.label)} has ${l.examples}`)).join(', ');
  const more = few.labels.length > 10 ? `, … and ${few.labels.length - 10} more` : '';
  const why = `a label's few held-out rows were written with its training rows, so they cannot certify its precision on new phrasings (docs/local-models.md)`;
  const rows = few.rowsNeeded === null ? 'more labelled rows' : countOf(few.rowsNeeded, 'more labelled row');
  const add =
    after === 'train'
      ? `add ${rows} (each label to ${few.minExamples}) or, if the file was sampled as the traffic will be, lower --min-examples-to-answer`
      : `add ${rows} (each label to ${few.minExamples}) to the training file and train again, or, if it was sampled as the traffic will be, train with a lower --min-examples-to-answer`;
  const fewer = `fewer than ${few.minExamples} training examples`;
  if (few.labels.length === labelCount) {
    return `not certified: every label has ${after === 'train' ? `fewer than ${few.minExamples} examples` : fewer} (${listed}${more}), so every request escalates: ${why}; ${add}`;
  }
  const has = few.labels.length === 1 ? 'has' : 'have';
  return `${countOf(few.labels.length, 'label')} of ${labelCount} ${has} ${after === 'train' ? `fewer than ${few.minExamples} examples` : fewer} and always escalate${few.labels.length === 1 ? 's' : ''} (${listed}${more}): ${why}; ${add}`;
}
