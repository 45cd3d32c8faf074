import { describe, expect, it } from 'vitest';
import { labelProblem } from './label-problem.js';
import { teacherLabel } from './serving/teacher-label.js';

describe('what makes a label no class name', () => {
  it('names a label too long, with a control character or with a bidirectional control, and where', () => {
    expect(labelProblem('card_arrival')).toBeUndefined();
    expect(labelProblem('تحويل_مصرفي')).toBeUndefined();
    expect(labelProblem('card\narrival')).toBe('holds a control character (U+000A) at 5: a label names a class on one line');
    expect(labelProblem('exe\u202etxt')).toBe('holds a bidirectional control (U+202E) at 4: it would show the label reordered');
    expect(labelProblem('x'.repeat(129))).toMatch(/^is 129 characters, longer than 128/);
  });

  // A teacher's answer is a model's text, learned from without a person: an ESC or an RLO in it
  // became a class name the local model then answered with, shown in tables and the dashboard.
  it("leaves out a teacher's answer a data file could not hold as a label", () => {
    const task = { answer: 'label' as const, json_field: 'label' };
    for (const answer of ['card\u001b[2J', 'card\rarrival', 'a\u202eb', 'tab\there', '{"label":"x\\u0007"}', '{"label":"\\u2066y"}']) {
      expect(teacherLabel(answer, task), JSON.stringify(answer)).toBeUndefined();
    }
    expect(teacherLabel('{"label":"card_arrival"}', task)).toBe('card_arrival');
    expect(teacherLabel('"card arrival".', task)).toBe('card arrival');
  });
});
