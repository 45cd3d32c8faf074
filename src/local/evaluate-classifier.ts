import type { LocalClassifier } from './classifier.js';
import type { Example } from './types.js';

export interface LabelEvaluation {
  label: string;
  /** Examples whose true label this is. */
  support: number;
  /** Share of them whose top label is right (recall). */
  accuracy: number;
  /** Share of them answered locally. */
  coverage: number;
  /** Of local answers giving this label, the share that were right (null when none). */
  precision: number | null;
}

export interface Evaluation {
  examples: number;
  accuracy: number;
  coverage: number;
  /** Realised precision of local answers at the model's threshold (null when none). */
  precision: number | null;
  threshold: number;
  perLabel: LabelEvaluation[];
  /** Examples whose label the model does not know (they count as errors; they should escalate). */
  unknownLabel: { examples: number; escalated: number };
}

/**
 * Accuracy, coverage and realised precision of a model at its threshold on labelled data, overall
 * and per label.
 *
 * @example evaluateClassifier(model, testExamples).precision // 0.956
 */
export function evaluateClassifier(model: LocalClassifier, examples: readonly Example[]): Evaluation {
  const known = new Set(model.labels);
  const rows = new Map<string, { support: number; right: number; answered: number; given: number; givenRight: number }>();
  const row = (label: string) => {
    let r = rows.get(label);
    if (!r) rows.set(label, (r = { support: 0, right: 0, answered: 0, given: 0, givenRight: 0 }));
    return r;
  };
  let right = 0;
  let answered = 0;
  let answeredRight = 0;
  const unknownLabel = { examples: 0, escalated: 0 };
  for (const example of examples) {
    const p = model.predict(example.text);
    const ok = p.label === example.label;
    if (!known.has(example.label)) {
      unknownLabel.examples++;
      if (p.escalate) unknownLabel.escalated++;
    }
    const truth = row(example.label);
    truth.support++;
    if (ok) (right++, truth.right++);
    if (p.escalate) continue;
    answered++;
    truth.answered++;
    const given = row(p.label);
    given.given++;
    if (ok) (answeredRight++, given.givenRight++);
  }
  const n = examples.length;
  return {
    examples: n,
    accuracy: n === 0 ? 0 : right / n,
    coverage: n === 0 ? 0 : answered / n,
    precision: answered === 0 ? null : answeredRight / answered,
    threshold: model.info.threshold,
    perLabel: [...rows.entries()]
      .filter(([, r]) => r.support > 0)
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([label, r]) => ({ label, support: r.support, accuracy: r.right / r.support, coverage: r.answered / r.support, precision: r.given === 0 ? null : r.givenRight / r.given })),
    unknownLabel,
  };
}
