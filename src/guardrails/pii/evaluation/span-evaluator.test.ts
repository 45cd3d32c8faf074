import { describe, expect, it } from 'vitest';
import { emptyCounts, evaluateText, scoreCounts, type TypedSpan } from './span-evaluator.js';

/** Spans of `type` over each of `pieces`, found in order in `text`. */
function spans(text: string, type: string, pieces: readonly string[]): TypedSpan[] {
  let from = 0;
  return pieces.map((p) => {
    const start = text.indexOf(p, from);
    if (start < 0) throw new Error(`"${p}" not in text`);
    from = start + p.length;
    return { type, start, end: from };
  });
}

function score(text: string, gold: TypedSpan[], predicted: TypedSpan[], iou = 0.9) {
  const counts = emptyCounts();
  evaluateText(text, gold, predicted, iou, counts);
  return counts;
}

// presidio-synth sometimes labels one address piece by piece. These tests pin down what the
// evaluator does with such pieces, because whether our detector should join or split them
// depends on it.
describe('evaluateText with address pieces', () => {
  const block = '85199 Avda. Rio Nalon 58\nApt. 461\nSoto del Barco, Spain 61709';
  const pieces = ['85199', 'Avda. Rio Nalon 58', 'Apt. 461', 'Soto del Barco', 'Spain', '61709'];

  it('merges pieces separated only by skip tokens into one annotation, so one joined prediction matches', () => {
    const counts = score(block, spans(block, 'LOCATION', pieces), spans(block, 'LOCATION', [block]));
    expect(counts.annotated).toBe(1);
    expect(counts.truePositives).toBe(1);
    expect(counts.perType.LOCATION).toEqual({ annotated: 1, predicted: 1, truePositives: 1 });
  });

  it('scores a prediction split at the same boundaries exactly like the joined one', () => {
    const gold = spans(block, 'LOCATION', pieces);
    const joined = score(block, gold, spans(block, 'LOCATION', [block]));
    const split = score(block, gold, spans(block, 'LOCATION', pieces));
    expect(split).toEqual(joined);
  });

  it('merges across a sentence made only of stop words ("? I am in")', () => {
    const text = 'Have you been to Lyon? I am in Porto now';
    const counts = score(text, spans(text, 'LOCATION', ['Lyon', 'Porto']), spans(text, 'LOCATION', ['Lyon']));
    expect(counts.annotated).toBe(1);
    expect(counts.truePositives).toBe(0); // one piece of a merged annotation is not enough
  });

  it('keeps pieces apart when a word that is no skip word stands between them', () => {
    const text = 'Ship to Soto del Barco near Oviedo today';
    const gold = spans(text, 'LOCATION', ['Soto del Barco', 'Oviedo']);
    const joined = score(text, gold, spans(text, 'LOCATION', ['Soto del Barco near Oviedo']), 0.5);
    expect(joined.annotated).toBe(2);
    expect(joined.truePositives).toBe(1); // a prediction is used for one annotation only
    const apart = score(text, gold, spans(text, 'LOCATION', ['Soto del Barco', 'Oviedo']));
    expect(apart.truePositives).toBe(2);
  });

  it('trims skip words at the ends before the IoU ("please" is a spaCy stop word)', () => {
    const text = 'Send it to 12 Rue Lafayette, Paris please';
    const gold = spans(text, 'LOCATION', ['12 Rue Lafayette, Paris']);
    expect(score(text, gold, spans(text, 'LOCATION', ['12 Rue Lafayette', 'Paris please'])).truePositives).toBe(1);
  });

  it('grows the type-agnostic match over predictions of several types, but not the typed one', () => {
    const text = 'Deliver to Rio Nalon 58 Soto tomorrow';
    const gold = spans(text, 'LOCATION', ['Rio Nalon 58 Soto']);
    const counts = score(text, gold, [...spans(text, 'PERSON', ['Rio Nalon']), ...spans(text, 'LOCATION', ['58 Soto'])]);
    expect(counts.truePositives).toBe(1);
    expect(counts.predicted).toBe(1); // the matched group counts as one prediction
    expect(counts.perType.LOCATION!.truePositives).toBe(0);
  });
});

describe('scoreCounts', () => {
  it('weighs recall four times precision at beta 2', () => {
    const r = scoreCounts(8, 16, 10);
    expect(r.precision).toBe(0.5);
    expect(r.recall).toBe(0.8);
    expect(r.fBeta).toBeCloseTo((5 * 0.5 * 0.8) / (4 * 0.5 + 0.8), 10);
  });
});
