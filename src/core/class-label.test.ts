import { describe, expect, it } from 'vitest';
import { labelProblem } from './class-label.js';

describe('what makes a label no class name', () => {
  it('names a label too long, with a control character or with a bidirectional control, and where', () => {
    expect(labelProblem('card_arrival')).toBeUndefined();
    expect(labelProblem('تحويل_مصرفي')).toBeUndefined();
    expect(labelProblem('card\narrival')).toBe('holds a control character (U+000A) at 5: a label names a class on one line');
    expect(labelProblem('exe\u202etxt')).toBe('holds a bidirectional control (U+202E) at 4: it would show the label reordered');
    expect(labelProblem('x'.repeat(129))).toMatch(/^is 129 characters, longer than 128/);
  });
});
