import { renderTemplate } from '../suite/template.js';
import { binary, type ScoreInput } from './scorer.js';

/**
 * The first number in a text ("about 1,234.5 USD" → 1234.5), or undefined.
 *
 * @example firstNumber('The answer is -3.5e2.') // -350
 */
export function firstNumber(text: string): number | undefined {
  const match = /-?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?|-?\.\d+/i.exec(text);
  if (!match) return undefined;
  const value = Number(match[0].replace(/,/g, ''));
  return Number.isFinite(value) ? value : undefined;
}

/**
 * The output's first number is within `tolerance` of the expected one (absolute, or a fraction
 * of the expected value when `relative`).
 *
 * @example numericMatch({ value: '{{expected}}', tolerance: 0.01, relative: true }, input)
 */
export function numericMatch(spec: { value: string; tolerance: number; relative: boolean }, input: ScoreInput) {
  const want = firstNumber(renderTemplate(spec.value, input.vars));
  if (want === undefined) return binary(false, `the expected value ${JSON.stringify(renderTemplate(spec.value, input.vars))} has no number`);
  const got = firstNumber(input.output);
  if (got === undefined) return binary(false, 'the output has no number');
  const allowed = spec.relative ? Math.abs(want) * spec.tolerance : spec.tolerance;
  const pass = Math.abs(got - want) <= allowed + 1e-12;
  return binary(pass, `${got} vs ${want} (${pass ? 'within' : 'outside'} ±${allowed})`);
}
