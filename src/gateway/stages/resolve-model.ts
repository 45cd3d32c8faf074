import { SwitchyardError } from '../../core/errors.js';
import type { VirtualKey } from '../../limits/keys.js';
import type { ModelCatalog, ModelPlan } from '../../routing/catalog.js';
import type { Stage } from '../pipeline.js';

/** What traces, rollups and metrics record for a model name that is not configured. */
export const UNKNOWN_MODEL = '(unknown model)';

/**
 * The model (or route) name the client asked for: it must be configured, and the key must be
 * allowed to use it. Checked before limits, so a typo does not count against a rate limit.
 */
export function resolveModel(catalog: ModelCatalog): Stage {
  return (call, next) => {
    const requested = call.body.model;
    if (typeof requested === 'string' && catalog.isRoute(requested)) {
      // A route: the route stage picks the model; the key's allow-list names the route.
      assertKeyMayUse(call.key, requested);
      call.model = requested;
      call.routeName = requested;
      return next();
    }
    let plan: ModelPlan;
    try {
      plan = catalog.resolve(requested);
    } catch (error) {
      // Names nobody configured are counted under one bucket, so a client cannot grow the
      // dashboard's or the metrics' model dimension without bound (the name is in the error).
      call.model = UNKNOWN_MODEL;
      throw error;
    }
    call.model = plan.name;
    assertKeyMayUse(call.key, plan.name);
    call.plan = plan;
    return next();
  };
}

/** A 403 naming the key, the model and what it may use, when its allow-list excludes the model. */
export function assertKeyMayUse(key: VirtualKey | null, model: string): void {
  if (key?.models && !key.models.has(model)) {
    const allowed = [...key.models].join(', ') || 'none';
    throw new SwitchyardError('forbidden', `key "${key.name}" may not use model "${model}" (allowed: ${allowed})`, { param: 'model' });
  }
}
