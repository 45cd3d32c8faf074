import { describe, expect, it } from 'vitest';
import { teacherLabel } from './teacher-label.js';

describe("a teacher's answer as a label", () => {
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
