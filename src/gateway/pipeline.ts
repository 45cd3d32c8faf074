import { SwitchyardError } from '../core/errors.js';
import type { Call } from './call.js';
import type { Outcome } from './outcome.js';

export type Next = () => Promise<Outcome>;

/**
 * One step of the request pipeline. A stage may answer by itself (a cache hit, a local model, a
 * blocked request), or call `next` and look at or change what comes back. Work that must wait
 * until the answer has been delivered goes through `call.onSettled`.
 *
 * @example const logModel: Stage = (call, next) => { console.log(call.model); return next(); };
 */
export type Stage = (call: Call, next: Next) => Promise<Outcome>;

/**
 * Composes stages once, at startup, into one function per request.
 *
 * @example const run = composeStages([authenticate(keys), callProvider(deps)]); const outcome = await run(call);
 */
export function composeStages(stages: readonly Stage[]): (call: Call) => Promise<Outcome> {
  return (call) => {
    const dispatch = (index: number): Promise<Outcome> => {
      const stage = stages[index];
      if (!stage) return Promise.reject(new SwitchyardError('internal', 'the pipeline ended without an answer: its last stage must answer'));
      return stage(call, () => dispatch(index + 1));
    };
    return dispatch(0);
  };
}
