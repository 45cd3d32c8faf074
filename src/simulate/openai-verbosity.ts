/**
 * OpenAI's enum for how much a GPT-5-era model writes: chat completions' `verbosity`, the
 * Responses API's `text.verbosity`. A value outside it is refused with the API's usual
 * invalid-value 400, as it words other enums (`Invalid value: 'x'. Supported values are: …`);
 * the simulator took any value, so a gateway passing a client's typo on never met that 400.
 */
import { textOf } from '../core/clip.js';
import { openaiBadRequest as bad, type WireError } from './wire-errors.js';

const VERBOSITIES = new Set(['low', 'medium', 'high']);

/**
 * The 400 for a verbosity outside OpenAI's enum at `param`; undefined when it is one, null or absent.
 *
 * @example verbosityError('shouty', 'text.verbosity')?.status // 400
 */
export function verbosityError(value: unknown, param: string): WireError | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && VERBOSITIES.has(value))) return undefined;
  return bad(`Invalid value: '${textOf(value)}'. Supported values are: 'low', 'medium', and 'high'.`, param, 'invalid_value');
}
