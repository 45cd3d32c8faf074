/**
 * OpenAI's refusal of a `temperature` outside 0–2, in its words (as its users quote the 400:
 * `Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 2.5
 * instead.`, code `decimal_above_max_value`, param `temperature`), or undefined within the range.
 * The gateway holds an OpenAI client to it whatever model answers: a translation to Claude
 * clamped 3 to 1 and answered what OpenAI refuses.
 *
 * @example temperatureOutOfRange(3)?.code // 'decimal_above_max_value'
 * @example temperatureOutOfRange(0.7) // undefined
 */
export function temperatureOutOfRange(value: number): { message: string; code: string } | undefined {
  if (value > 2) return { message: `Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got ${value} instead.`, code: 'decimal_above_max_value' };
  if (value < 0) return { message: `Invalid 'temperature': decimal below minimum value. Expected a value >= 0, but got ${value} instead.`, code: 'decimal_below_min_value' };
  return undefined;
}
