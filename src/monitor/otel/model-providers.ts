import type { Config } from '../../config/schema.js';
import { routeReferences } from '../../config/validate-routes.js';

/**
 * The provider of each model and route name whose every target is on one provider: what the
 * span of a call the gateway refused before any attempt (a key, a rate limit, a budget, an input
 * guardrail) names as `gen_ai.provider.name`, which the GenAI conventions require. A name whose
 * targets are on several providers (fallbacks across vendors, a split route), or a route with a
 * local task model, has none: which one would have answered is not known. Built once from the
 * config, so labels come from the config and never from request text.
 *
 * @example modelProviders({ models: { small: { provider: 'openai', model: 'gpt-5.4-mini' } }, routes: { support: { policy: 'static', target: 'small', … } } })
 * // { small: 'openai', support: 'openai' }
 */
export function modelProviders(config: Pick<Config, 'models' | 'routes'>): Record<string, string> {
  const reachable = new Map<string, ReadonlySet<string>>();
  for (const [name, model] of Object.entries(config.models)) {
    const targets = [...(model.provider ? [model.provider] : []), ...(model.fallbacks ?? []).map((t) => t.provider), ...(model.loadbalance ?? []).map((t) => t.provider)];
    reachable.set(name, new Set(targets));
  }
  const routes = config.routes ?? {};
  // Routes nest (validateRoutes refused loops); `visiting` keeps a config that slipped through finite.
  const visiting = new Set<string>();
  const providersOf = (name: string): ReadonlySet<string> => {
    const known = reachable.get(name);
    if (known) return known;
    const route = routes[name];
    if (!route || visiting.has(name)) return new Set();
    visiting.add(name);
    // A cascade's judge is a call of its own, not an answer of the route.
    const targets = routeReferences(route).filter((ref) => !ref.path.startsWith('escalate_on.'));
    const found = new Set(targets.flatMap((ref) => [...providersOf(ref.name)]));
    // A local task model may answer instead of any of them.
    if (route.options.task) found.add('local');
    visiting.delete(name);
    reachable.set(name, found);
    return found;
  };
  const single: Record<string, string> = {};
  for (const name of [...Object.keys(config.models), ...Object.keys(routes)]) {
    const providers = [...providersOf(name)];
    if (providers.length === 1 && providers[0] !== 'local') single[name] = providers[0] as string;
  }
  return single;
}
