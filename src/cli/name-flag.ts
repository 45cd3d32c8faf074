import { SwitchyardError } from '../core/errors.js';

/**
 * A name given to narrow a listing (`traces --model`, `topics ROUTE`), refused when blank: an
 * empty `--model ''` read as no filter at all and listed every trace, and `topics ''` reported on
 * a route no request can name.
 *
 * @example nameFlag('--model', 'gpt-4o-mini', 'a requested model') // 'gpt-4o-mini'
 * @example nameFlag('--model', '', 'a requested model') // throws "--model is empty: name a requested model"
 */
export function nameFlag<T extends string | undefined>(param: string, value: T, what: string): T {
  if (value !== undefined && value.trim() === '') {
    throw new SwitchyardError('invalid_request', `${param} is ${value === '' ? 'empty' : 'blank'}: name ${what}`, { param: param.replace(/^--|^the | argument$/g, '') });
  }
  return value;
}
