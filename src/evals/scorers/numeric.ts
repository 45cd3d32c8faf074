import { renderTemplate } from '../suite/template.js';
import { binary, type ScoreInput } from './scorer.js';

/**
 * The first number in a text ("about 1,234.5 USD" → 1234.5), or undefined.
 *
 * @example firstNumber('The answer is -3.5e2.') // -350
 */
export function firstNumber(text: string): number | undefined {
  const match = NUMBER.exec(text);
  return match ? toNumber(match[0]) : undefined;
}

/**
 * The last number in a text: a worked answer's result ("16 - 3 - 4 = 9 eggs … #### 18" → 18).
 *
 * @example lastNumber('16 - 3 - 4 = 9, so 9 * 2 = $18') // 18
 */
export function lastNumber(text: string): number | undefined {
  let last: string | undefined;
  for (const match of text.matchAll(NUMBERS)) last = match[0];
  return last === undefined ? undefined : toNumber(last);
}

const NUMBER = /-?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?|-?\.\d+/i;
const NUMBERS = new RegExp(NUMBER.source, 'gi');
/** "1,234.5" → 1234.5 (the pattern leaves out a sentence's full stop: "$18." reads 18). */
function toNumber(written: string): number | undefined {
  const value = Number(written.replace(/,/g, ''));
  return Number.isFinite(value) ? value : undefined;
}

/**
 * The output's first number (or last, with `pick: 'last'`) is within `tolerance` of the expected
 * text's first (or last) number (absolute, or a fraction of the expected value when `relative`).
 *
 * @example numericMatch({ value: '{{expected}}', tolerance: 0.01, relative: true, pick: 'first' }, input)
 */
export function numericMatch(spec: { value: string; tolerance: number; relative: boolean; pick?: 'first' | 'last' }, input: ScoreInput) {
  const pick = spec.pick === 'last' ? lastNumber : firstNumber;
  const want = pick(renderTemplate(spec.value, input.vars));
  if (want === undefined) return binary(false, `the expected value ${JSON.stringify(renderTemplate(spec.value, input.vars))} has no number`);
  const got = pick(input.output);
  if (got === undefined) return binary(false, 'the output has no number');
  const allowed = spec.relative ? Math.abs(want) * spec.tolerance : spec.tolerance;
  const pass = Math.abs(got - want) <= allowed + 1e-12;
  return binary(pass, `${got} vs ${want} (${pass ? 'within' : 'outside'} ±${allowed})`);
}
