import { sha256 } from '../core/sha256.js';

/**
 * Request fields that do not change what the model answers: how it is delivered (`stream`),
 * who asked (`user`, `metadata`, `safety_identifier`), where it is kept (`store`) and the
 * provider's own prompt-cache hints. Everything else (messages, tools, every sampling
 * parameter, the format itself) is part of the key.
 */
const IGNORED = new Set(['model', 'stream', 'stream_options', 'user', 'metadata', 'store', 'safety_identifier', 'prompt_cache_key', 'prompt_cache_retention', 'service_tier']);

/**
 * The cache key of a request: a SHA-256 over the name the client called, its API format, the
 * name's source (answer-source.ts: the providers, addresses and upstream models behind it, so a
 * name pointed elsewhere never replays the old upstream's answers), a scope (the guardrail policy
 * that shaped the answer, so keys under different policies never share one) and the body without
 * the fields above, serialised with sorted object keys so key order never matters. Two requests
 * that differ in any sampling parameter never share a key.
 *
 * It runs on every request to a cached route, so the text is built in one pass and hashed once
 * (`sha256`: `crypto.hash`, no Hash object): the same bytes the earlier `createHash` + `stableJson` version
 * hashed. Keys of `v1`, from before the source was part of them, match nothing: an entry stored then
 * may be another upstream's answer.
 *
 * @example cacheKey('small', 'openai', { messages: [{ role: 'user', content: 'hi' }], temperature: 0 }, '', '9c1e…') // '3f1c…' (64 hex)
 */
export function cacheKey(name: string, format: string, body: Readonly<Record<string, unknown>>, scope = '', source = ''): string {
  // JSON-quoted parts cannot run into each other, whatever characters a name holds.
  return sha256(JSON.stringify(['v2', format, name, source, scope]) + objectJson(body, IGNORED), 'hex');
}

/** JSON with object keys sorted at every depth; arrays keep their order (it is meaningful). */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + stableJson(value[i]);
    return `${out}]`;
  }
  return objectJson(value as Record<string, unknown>);
}

/** An object's stable JSON, leaving out undefined values and the fields in `skip`. */
function objectJson(object: Readonly<Record<string, unknown>>, skip?: ReadonlySet<string>): string {
  const keys = Object.keys(object);
  // Bodies and messages usually arrive in a few fixed orders; sorting is skipped when already sorted.
  if (!isSorted(keys)) keys.sort();
  let out = '{';
  for (const key of keys) {
    const value = object[key];
    if (value === undefined || skip?.has(key)) continue;
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${stableJson(value)}`;
  }
  return `${out}}`;
}

function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) > (keys[i] as string)) return false;
  return true;
}

/**
 * Cache keys of recent request bodies by their text, so a request repeated byte for byte (what
 * a hit usually is) is keyed with one map lookup instead of a canonical serialisation and a
 * SHA-256 (~5 µs of a ~90 µs hit in the gateway's profile). Only for a body still exactly its
 * text (`text` undefined otherwise), of bounded size; oldest out first.
 *
 * @example const keys = new CacheKeys(); keys.of('small', 'openai', call.body, scope, call.unchangedBodyText);
 */
export class CacheKeys {
  private readonly byText = new Map<string, { name: string; format: string; scope: string; source: string; key: string }>();

  constructor(
    private readonly maxEntries = 1_024,
    /** Longer bodies are keyed each time: their own parse and hash dwarf the serialisation this saves. */
    private readonly maxTextChars = 16_384,
  ) {}

  /** How many body texts are remembered. */
  get size(): number {
    return this.byText.size;
  }

  /** `cacheKey(name, format, body, scope, source)`, from memory when `text` (the body's exact JSON text) was keyed before. */
  of(name: string, format: string, body: Readonly<Record<string, unknown>>, scope: string, text: string | undefined, source = ''): string {
    if (text === undefined || text.length > this.maxTextChars) return cacheKey(name, format, body, scope, source);
    const known = this.byText.get(text);
    if (known && known.name === name && known.format === format && known.scope === scope && known.source === source) return known.key;
    const key = cacheKey(name, format, body, scope, source);
    if (known) this.byText.delete(text);
    else if (this.byText.size >= this.maxEntries) this.byText.delete(this.byText.keys().next().value as string);
    this.byText.set(text, { name, format, scope, source, key });
    return key;
  }
}
