import { describe, expect, it } from 'vitest';
import { fewExamples, fewExamplesNote } from './few-examples.js';

const labels = Array.from({ length: 20 }, (_, i) => `intent_${String(i).padStart(2, '0')}`);
const training = { minExamplesToAnswer: 40 };

describe('labels with too few examples to answer', () => {
  it('names the ten thinnest with their counts and how many more there are', () => {
    const labelExamples = labels.map((_, i) => (i < 12 ? 10 + i : 50));
    const few = fewExamples({ escalatedLabels: labels.slice(0, 12), labelExamples, training }, labels);
    expect(few).toMatchObject({ minExamples: 40, rowsNeeded: 12 * 30 - 66 });
    const note = fewExamplesNote(few as NonNullable<typeof few>, labels.length, 'eval');
    expect(note).toMatch(/^12 labels of 20 have fewer than 40 training examples and always escalate \("intent_00" has 10, "intent_01" has 11, .*"intent_09" has 19, … and 2 more\): /);
    expect(note).not.toContain('intent_10');
    expect(note).toContain('add 294 more labelled rows (each label to 40) to the training file and train again');
  });

  it('names them without counts for a file written before the counts were kept, and nothing when none escalate', () => {
    const few = fewExamples({ escalatedLabels: ['intent_03'], training }, labels);
    expect(few).toEqual({ minExamples: 40, labels: [{ label: 'intent_03', examples: null }], rowsNeeded: null });
    expect(fewExamplesNote(few as NonNullable<typeof few>, labels.length, 'eval')).toMatch(/^1 label of 20 has fewer than 40 training examples and always escalates \("intent_03"\): .*; add more labelled rows \(each label to 40\)/);
    expect(fewExamples({ escalatedLabels: [], training }, labels)).toBeUndefined();
  });
});
