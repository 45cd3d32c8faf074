import type { Config } from '../config/schema.js';
import { sha256 } from '../core/sha256.js';
import { stableJson } from './cache-key.js';

/**
 * For every model and route name of a config, a digest of what in the config decides who answers
 * a call to it: for a model, each target's provider (its type, address, headers and Responses mode)
 * and the provider's model name, in order; for a route, its whole policy and the digests of every
 * model or route it names. The response cache keys answers with it, so an answer is served only to
 * a call that the same upstream would have answered: a name pointed at another provider, base URL
 * or upstream model (a config change, or another gateway with another config on the same Redis or
 * SQLite file) starts from an empty cache instead of replaying the old upstream's answers.
 *
 * Built once at startup (a few hashes per name): the request path reads a map.
 * Left out on purpose: a provider's `name` (renaming it changes no answer), its API key (rotating
 * it neither), prices, weights, retries and timeouts (they decide what a call costs and which of the
 * same targets answers, not what the targets are).
 *
 * @example answerSources(config).get('small') // '9c1e…' (64 hex); another for the same name on another base_url
 */
export function answerSources(config: Pick<Config, 'providers' | 'models' | 'routes'>): Map<string, string> {
  const sources = new Map<string, string>();
  const upstream = (providerName: string, model: string) => {
    const provider = Object.hasOwn(config.providers, providerName) ? config.providers[providerName] : undefined;
    // `simulated` and `max_connections` change nothing the model says; the rest reaches the upstream.
    return { type: provider?.type, base_url: provider?.base_url, headers: provider?.headers, responses: provider?.responses, model };
  };
  for (const [name, model] of Object.entries(config.models)) {
    const targets = model.provider !== undefined && model.model !== undefined ? [{ provider: model.provider, model: model.model }] : (model.fallbacks ?? model.loadbalance ?? []);
    const way = model.fallbacks ? 'fallbacks' : model.loadbalance ? 'loadbalance' : 'single';
    sources.set(name, digest(['model', way, targets.map((target) => upstream(target.provider, target.model))]));
  }
  const routes = config.routes ?? {};
  const routeSource = (name: string, seen: ReadonlySet<string>): string => {
    const known = sources.get(name);
    if (known !== undefined) return known;
    const route = routes[name];
    // A loop is refused by the config's checks before this runs; it is cut here all the same.
    if (route === undefined || seen.has(name)) return digest(['missing', name]);
    const named = new Set<string>();
    namesIn(route, (value) => {
      if (value !== name && (Object.hasOwn(config.models, value) || Object.hasOwn(routes, value))) named.add(value);
    });
    const inner = new Set([...seen, name]);
    const parts = [...named].sort().map((other) => [other, Object.hasOwn(config.models, other) ? sources.get(other) : routeSource(other, inner)]);
    const source = digest(['route', route, parts]);
    sources.set(name, source);
    return source;
  };
  for (const name of Object.keys(routes)) routeSource(name, new Set());
  return sources;
}

function digest(value: unknown): string {
  return sha256(stableJson(value), 'hex');
}

/** Calls `visit` with every string anywhere in a config value (object values and array items). */
function namesIn(value: unknown, visit: (name: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const item of value) namesIn(item, visit);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) namesIn(item, visit);
}
