import { quoteClipped } from './clip.js';
import { BIDI_CONTROLS } from './terminal-text.js';

/** A label is a class name, not a text: longer ones are refused in training data and not learned from a teacher. */
export const MAX_LABEL_CHARS = 128;

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const BIDI = new RegExp(`[${BIDI_CONTROLS}]`);

/**
 * What makes a label no class name: over `MAX_LABEL_CHARS` (the label column is likely the text),
 * a control character or a bidirectional control. A label is printed in tables, the trace and the
 * model file's label list; one with a line break split `local eval`'s table row in two, and a
 * right-to-left override showed it reordered. Read from a data file (`example-rows.ts`) and from a
 * teacher's answer (`teacherLabel`), which is a model's text and learned from without a person.
 *
 * @example labelProblem('card\narrival') // 'holds a control character (U+000A) at 5: a label names a class on one line'
 * @example labelProblem('card_arrival') // undefined
 */
export function labelProblem(label: string): string | undefined {
  if (label.length > MAX_LABEL_CHARS) return `is ${label.length} characters, longer than ${MAX_LABEL_CHARS} (a label names a class; is --label-column the text?): ${quoteClipped(label, 40)}`;
  const control = CONTROL.exec(label);
  if (control !== null) return `holds a control character (U+${codeOf(control[0])}) at ${control.index + 1}: a label names a class on one line`;
  const bidi = BIDI.exec(label);
  if (bidi !== null) return `holds a bidirectional control (U+${codeOf(bidi[0])}) at ${bidi.index + 1}: it would show the label reordered`;
  return undefined;
}

function codeOf(character: string): string {
  return (character.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0');
}
