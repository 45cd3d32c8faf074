import { quoteClipped } from '../core/clip.js';
import { BUILT_IN_CACHE_EMBEDDERS } from './cache-schema.js';
import { validateGuardrails } from './validate-guardrails.js';
import { validateModels, withNoModelsNote } from './validate-models.js';
import { validateMonitoring } from './validate-monitoring.js';
import { validateRedisPrefixes } from './validate-redis-prefixes.js';
import { validateRoutes } from './validate-routes.js';
import type { Config } from './schema.js';
import { knownOnce, suggestions } from './known-names.js';

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
  errors.push(...validateModels(config.models, config.providers));

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
  return withNoModelsNote(errors, config.models);
}
