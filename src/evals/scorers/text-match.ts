import { quoteClipped } from '../../core/clip.js';
import { escapeRegExp } from '../../core/escape-regexp.js';
import { renderTemplate } from '../suite/template.js';
import { binary, type ScoreInput } from './scorer.js';

const short = (text: string) => quoteClipped(text, 57);

/**
 * The output equals the rendered value (trimmed, optionally case-insensitive).
 *
 * @example exactMatch({ value: '{{expected}}', ignore_case: true, trim: true }, input)
 */
export function exactMatch(spec: { value: string; ignore_case: boolean; trim: boolean }, input: ScoreInput) {
  const norm = (text: string) => {
    const trimmed = spec.trim ? text.trim() : text;
    return spec.ignore_case ? trimmed.toLowerCase() : trimmed;
  };
  const want = renderTemplate(spec.value, input.vars);
  const pass = norm(input.output) === norm(want);
  return binary(pass, pass ? `equals ${short(want)}` : `expected exactly ${short(want)}, got ${short(input.output)}`);
}

/**
 * The output contains the rendered value (case-insensitive unless told otherwise).
 *
 * @example containsMatch({ value: 'refund', ignore_case: true }, input)
 */
export function containsMatch(spec: { value: string; ignore_case: boolean }, input: ScoreInput) {
  const want = renderTemplate(spec.value, input.vars);
  const haystack = spec.ignore_case ? input.output.toLowerCase() : input.output;
  const pass = haystack.includes(spec.ignore_case ? want.toLowerCase() : want);
  return binary(pass, pass ? `contains ${short(want)}` : `does not contain ${short(want)}`);
}

/**
 * The output matches a regular expression (itself a template, so it can use `{{expected}}`).
 * A variable's value stands for its literal text: `expected: "C++"` matches "C++", and a
 * client's prompt in an online evaluation's `{{input}}` can neither break the pattern nor
 * become one that backtracks for seconds on the gateway's thread.
 *
 * @example regexMatch({ pattern: '^(yes|no)$', flags: 'i' }, input)
 */
export function regexMatch(spec: { pattern: string; flags: string }, input: ScoreInput) {
  const pattern = new RegExp(renderTemplate(spec.pattern, input.vars, escapeRegExp), spec.flags.replace('g', ''));
  const pass = pattern.test(input.output);
  return binary(pass, pass ? `matches /${pattern.source}/` : `does not match /${pattern.source}/`);
}
