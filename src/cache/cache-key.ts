import { createHash } from 'node:crypto';

/**
 * Request fields that do not change what the model answers: how it is delivered (`stream`),
 * who asked (`user`, `metadata`, `safety_identifier`), where it is kept (`store`) and the
 * provider's own prompt-cache hints. Everything else (messages, tools, every sampling
 * parameter, the format itself) is part of the key.
 */
const IGNORED = new Set(['model', 'stream', 'stream_options', 'user', 'metadata', 'store', 'safety_identifier', 'prompt_cache_key', 'prompt_cache_retention', 'service_tier']);

/**
 * The cache key of a request: a SHA-256 over the name the client called, its API format, a scope
 * (the guardrail policy that shaped the answer, so keys under different policies never share one)
 * and the body without the fields above, serialised with sorted object keys so key order never matters.
 * Two requests that differ in any sampling parameter never share a key.
 *
 * @example cacheKey('small', 'openai', { messages: [{ role: 'user', content: 'hi' }], temperature: 0 }) // '3f1c…' (64 hex)
 */
export function cacheKey(name: string, format: string, body: Readonly<Record<string, unknown>>, scope = ''): string {
  const hash = createHash('sha256');
  // JSON-quoted parts cannot run into each other, whatever characters a name holds.
  hash.update(JSON.stringify(['v1', format, name, scope]));
  const kept: Record<string, unknown> = {};
  for (const field of Object.keys(body).sort()) if (!IGNORED.has(field)) kept[field] = body[field];
  hash.update(stableJson(kept));
  return hash.digest('hex');
}

/** JSON with object keys sorted at every depth; arrays keep their order (it is meaningful). */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const object = value as Record<string, unknown>;
  const fields = Object.keys(object)
    .sort()
    .filter((k) => object[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${stableJson(object[k])}`);
  return `{${fields.join(',')}}`;
}
