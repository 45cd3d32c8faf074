import type { ClassifyTask } from '../../config/task-schema.js';
import { labelProblem } from '../../core/class-label.js';
import { trimEndRun, trimRuns } from '../../core/trim-end-run.js';

/**
 * The label in a teacher's answer, or undefined when the answer is not a usable label (so it is
 * not learned from): the bare label or a `{ "<json_field>": label }` object, trimmed of quotes
 * and a final full stop; one of `labels` (case-insensitively) when the route lists them. A label a
 * data file could not hold (`labelProblem`: too long, a control or bidirectional character) is
 * none: an ESC or a right-to-left override in a teacher's answer was learned as a class name.
 *
 * @example teacherLabel('"card_arrival".', task) // 'card_arrival'
 */
export function teacherLabel(answer: string, task: Pick<ClassifyTask, 'labels' | 'answer' | 'json_field'>): string | undefined {
  let text = answer.trim();
  if (text.startsWith('{')) {
    try {
      const value = (JSON.parse(text) as Record<string, unknown>)[task.json_field];
      if (typeof value !== 'string') return undefined;
      text = value;
    } catch {
      return undefined;
    }
  }
  // Runs trimmed in one pass each: a teacher's answer is a model's text, and /[.\s]+$/ was quadratic on one.
  text = trimRuns(trimEndRun(text, /[.\s]/), /["'`]/).replace(/\.$/, '').trim();
  if (text === '' || labelProblem(text) !== undefined) return undefined;
  if (!task.labels) return text;
  const lower = text.toLowerCase();
  return task.labels.find((label) => label.toLowerCase() === lower);
}
