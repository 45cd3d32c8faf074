import { SwitchyardError } from '../../core/errors.js';
import type { VirtualKey } from '../../limits/keys.js';
import type { ModelCatalog, ModelPlan } from '../../routing/catalog.js';
import type { Call } from '../call.js';
import type { Stage } from '../pipeline.js';
import { clip } from '../../core/clip.js';
import { REQUESTED_NAME_MAX, UNKNOWN_MODEL, type UnknownModelDecision } from '../../core/requested-model.js';

export { UNKNOWN_MODEL };

/**
 * The model (or route) name the client asked for: it must be configured, and the key must be
 * allowed to use it. Checked before limits, so a typo does not count against a rate limit.
 */
export function resolveModel(catalog: ModelCatalog): Stage {
  return (call, next) => {
    const requested = call.body.model;
    if (typeof requested === 'string' && catalog.isRoute(requested)) {
      // A route: the route stage picks the model; the key's allow-list names the route. Named on
      // the call first, so a refused request's trace says which route it asked for (it had none).
      call.model = requested;
      call.routeName = requested;
      assertKeyMayUse(call.key, requested);
      return next();
    }
    let plan: ModelPlan;
    try {
      plan = catalog.resolve(requested);
    } catch (error) {
      // Names nobody configured are counted under one bucket, so a client cannot grow the
      // dashboard's or the metrics' model dimension without bound. The trace keeps the name,
      // bounded, as a decision, so trace lists can show what the client asked for.
      bucketUnknown(call, requested);
      throw error;
    }
    call.model = plan.name;
    assertKeyMayUse(call.key, plan.name);
    call.plan = plan;
    return next();
  };
}

/**
 * Records the model a request named without checking it, for a request refused before
 * {@link resolveModel} runs (a missing or wrong key), so its trace still says what it asked for.
 * A name nobody configured goes to the one unknown bucket, as there; a missing name leaves it empty.
 *
 * @example noteRequestedModel(catalog, call); throw new SwitchyardError('unauthorized', '…');
 */
export function noteRequestedModel(catalog: ModelCatalog, call: Call): void {
  const requested = call.body.model;
  if (typeof requested !== 'string' || requested === '') return;
  if (catalog.isRoute(requested) || catalog.names.includes(requested)) call.model = requested;
  else bucketUnknown(call, requested);
}

function bucketUnknown(call: Call, requested: unknown): void {
  call.model = UNKNOWN_MODEL;
  if (typeof requested === 'string') call.decide('model', { requested: clip(requested, REQUESTED_NAME_MAX) } satisfies UnknownModelDecision);
}

/** A 403 naming the key, the model and what it may use, when its allow-list excludes the model. */
export function assertKeyMayUse(key: VirtualKey | null, model: string): void {
  if (key?.models && !key.models.has(model)) {
    const allowed = [...key.models].join(', ') || 'none';
    throw new SwitchyardError('forbidden', `key "${key.name}" may not use model "${model}" (allowed: ${allowed})`, { param: 'model' });
  }
}
