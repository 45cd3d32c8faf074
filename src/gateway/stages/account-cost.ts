import { computeCost } from '../../tokens/cost.js';
import { estimateUsage } from '../estimate-usage.js';
import type { Call } from '../call.js';
import type { Stage } from '../pipeline.js';

/**
 * Usage and cost. A whole answer's cost is known before it goes out and rides along as
 * `x-switchyard-cost-usd` (evals read it); a stream's is settled at its end. When the provider
 * reported no usage, tokens are counted locally after the answer went out (marked estimated).
 */
export const accountCost: Stage = async (call, next) => {
  const first = !settling.has(call);
  settling.add(call);
  const outcome = await next();
  if (outcome.kind === 'json' && call.usage) {
    call.costUsd = call.spentBeforeUsd + computeCost(call.price, call.usage);
    outcome.headers['x-switchyard-cost-usd'] = call.costUsd.toFixed(8);
  }
  // A call can pass here more than once (a cascade's steps); its cost is settled once, at the end.
  if (first) {
    call.onSettled(async () => {
      settling.delete(call);
      if (call.provider === null) return;
      call.usage ??= await estimateUsage(call.input.format, call.body, call.response);
      call.costUsd = call.spentBeforeUsd + computeCost(call.price, call.usage);
    });
  }
  return outcome;
};

const settling = new WeakSet<Call>();
