import type { Clock } from '../../core/clock.js';
import type { LimitStore } from '../../limits/limit-store.js';
import type { Stage } from '../pipeline.js';

/**
 * Rate limits and budgets: admits the call against an estimate (a token per four bytes of body),
 * and once the answer has been delivered replaces the estimate with the tokens used and adds
 * the cost — for streams too, whose usage is known only at their end.
 */
export function enforceLimits(limits: LimitStore, clock: Clock): Stage {
  return async (call, next) => {
    const key = call.key;
    if (!key) return next();
    const estimatedTokens = Math.ceil(call.input.bodyText.length / 4);
    await limits.admit(key, estimatedTokens, clock.now());
    call.onSettled(() => {
      const usage = call.usage;
      const used = usage ? (call.input.endpoint === 'embeddings' ? usage.inputTokens : usage.inputTokens + usage.outputTokens) : 0;
      return limits.record(key, estimatedTokens, used, call.costUsd, clock.now());
    });
    return next();
  };
}
