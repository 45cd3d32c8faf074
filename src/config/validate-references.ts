import { quoteClipped } from '../core/clip.js';
import { BUILT_IN_CACHE_EMBEDDERS } from './cache-schema.js';
import { BUILT_IN_MODELS } from './embedded-default.js';
import { validateGuardrails } from './validate-guardrails.js';
import { validateMonitoring } from './validate-monitoring.js';
import { validateRedisPrefixes } from './validate-redis-prefixes.js';
import { validateRoutes } from './validate-routes.js';
import type { Config } from './schema.js';
import { knownOnce, suggestions } from './known-names.js';

/** How every check of this module and its helpers words a name that is neither a model nor a route. */
const UNKNOWN_NAME = /: unknown (target|model)\b/;

/**
 * Said once, first, when a file that defines no models names some: such a file is usually an
 * example (the README's routes) written for the models `switchyard serve` has without a config,
 * and a line per target saying "models: none" does not say why there are none.
 */
const NO_MODELS = `models: none defined, so no name below can be found: a config file replaces the built-in models (${BUILT_IN_MODELS.join(', ')}) of a start without one; define the ones you use under providers: and models: (README, "Configuration"; examples/switchyard.sim.yaml fronts the simulator)`;

/** A model name's length at most: what a route's target (and so a client's `model`) can name. */
export const MAX_MODEL_NAME_CHARS = 256;

/**
 * Checks what the schema cannot: that models name configured providers, that each model says
 * where to send requests exactly one way, and that key names and key values are unique.
 */
export function validateReferences(config: Config): string[] {
  const errors: string[] = [];
  // One budget of "did you mean" for every check, and each list of names made and sorted once.
  const suggest = suggestions();
  const targets = [...Object.keys(config.models), ...Object.keys(config.routes)];
  const knownTargets = knownOnce(() => targets);
  const knownModels = knownOnce(() => Object.keys(config.models));
  const providers = knownOnce(() => Object.keys(config.providers));
  const checkProvider = (path: string, name: string) => {
    if (!Object.hasOwn(config.providers, name)) errors.push(`${path}: unknown provider "${name}" (${providers()})`);
  };

  for (const [name, model] of Object.entries(config.models)) {
    if (name.length > MAX_MODEL_NAME_CHARS) {
      errors.push(`models: the model name ${quoteClipped(name, 60)} has ${name.length} characters; at most ${MAX_MODEL_NAME_CHARS} (a route's target can name no longer one)`);
      continue;
    }
    const path = `models.${name}`;
    const ways = [model.provider !== undefined, model.fallbacks !== undefined, model.loadbalance !== undefined].filter(Boolean).length;
    if (ways !== 1) {
      errors.push(`${path}: give exactly one of "provider" (with "model"), "fallbacks" or "loadbalance"`);
      continue;
    }
    if (model.provider !== undefined) {
      checkProvider(`${path}.provider`, model.provider);
      if (model.model === undefined) errors.push(`${path}.model: expected the provider's model name, got nothing`);
    }
    model.fallbacks?.forEach((target, i) => checkProvider(`${path}.fallbacks[${i}].provider`, target.provider));
    model.loadbalance?.forEach((target, i) => checkProvider(`${path}.loadbalance[${i}].provider`, target.provider));
  }

  const names = new Set<string>();
  // A key is its secret (its identity, traces and budget derive from it): one secret under two
  // names would make the second read the first's traces and spend its budget. Named by place and
  // name, never by the secret.
  const bySecret = new Map<string, { at: number; name: string }>();
  config.keys.forEach((key, i) => {
    if (names.has(key.name)) errors.push(`keys[${i}].name: duplicate key name "${key.name}"`);
    const first = bySecret.get(key.key);
    if (first) errors.push(`keys[${i}].key: key ${quoteClipped(key.name)} has the same secret as keys[${first.at}] (key ${quoteClipped(first.name)}); one secret is one key, so ${quoteClipped(key.name)} would read ${quoteClipped(first.name)}'s traces and spend its budget: give each key its own secret`);
    else if (key.key === config.server.admin_key || key.key === config.server.reviewer_key) {
      const which = key.key === config.server.admin_key ? 'server.admin_key' : 'server.reviewer_key';
      errors.push(`keys[${i}].key: key ${quoteClipped(key.name)} has the same secret as ${which}, so the admin API would take its calls as ${which}'s: give the key its own secret`);
    }
    names.add(key.name);
    if (!first) bySecret.set(key.key, { at: i, name: key.name });
    key.models?.forEach((model, j) => {
      if (!Object.hasOwn(config.models, model) && !Object.hasOwn(config.routes, model)) {
        errors.push(`keys[${i}].models[${j}]: unknown model or route "${model}"${suggest(model, targets)} (${knownTargets()})`);
      }
    });
  });
  errors.push(...validateRoutes(config.routes, Object.keys(config.models), suggest));
  for (const name of Object.keys(config.cache.routes)) {
    if (name !== '*' && !Object.hasOwn(config.models, name) && !Object.hasOwn(config.routes, name)) {
      errors.push(`cache.routes.${name}: unknown model or route "${name}"${suggest(name, targets)} (${knownTargets()}, or "*" for all)`);
    }
    const embed = config.cache.routes[name]?.semantic?.embed_model;
    if (embed !== undefined && !(BUILT_IN_CACHE_EMBEDDERS as readonly string[]).includes(embed) && !Object.hasOwn(config.models, embed)) {
      errors.push(`cache.routes.${name}.semantic.embed_model: unknown model "${embed}" (${knownModels()}, or a built-in lexical embedder: ${BUILT_IN_CACHE_EMBEDDERS.join(', ')})`);
    }
  }
  if (config.breaker.max_open_ms < config.breaker.open_ms) {
    errors.push(`breaker.max_open_ms: must be at least open_ms (${config.breaker.open_ms}), got ${config.breaker.max_open_ms}`);
  }
  errors.push(...validateGuardrails(config.guardrails, { models: targets }, suggest));
  errors.push(...validateMonitoring(config, suggest));
  errors.push(...validateRedisPrefixes(config));
  if (Object.keys(config.models).length === 0 && errors.some((error) => UNKNOWN_NAME.test(error))) errors.unshift(NO_MODELS);
  return errors;
}
