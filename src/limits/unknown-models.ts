/**
 * One warning per model a key may use that the gateway's config neither defines nor routes. Only
 * a warning, never a refusal: the key store may serve replicas of another config, and a key may
 * be made before its model is. Shared by `switchyard keys create --config` and `POST /api/keys`.
 *
 * @example
 * unknownModelWarnings('bot', ['smal'], ['small'], 'sy.yaml')
 * // ['key "bot" may use "smal", which is not a model or route of sy.yaml (known: small); calls for it are answered 404 there']
 */
export function unknownModelWarnings(key: string, models: readonly string[], known: readonly string[], where: string): string[] {
  const knownSet = new Set(known);
  const listed = [...knownSet].sort().join(', ') || 'none';
  const unknown = models.filter((model) => !knownSet.has(model));
  const warnings = unknown
    .slice(0, MAX_WARNINGS)
    .map((model) => `key "${key}" may use "${model}", which is not a model or route of ${where} (known: ${listed}); calls for it are answered 404 there`);
  // One line for the rest: each line repeats the known list, so a long list of unknown names made an answer of megabytes.
  if (unknown.length > MAX_WARNINGS) warnings.push(`key "${key}" may use ${unknown.length - MAX_WARNINGS} more models that are not models or routes of ${where}`);
  return warnings;
}

const MAX_WARNINGS = 10;
