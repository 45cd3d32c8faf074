/**
 * A request body's own `metadata` (Chat Completions', the Responses API's, the Messages API's),
 * bounded as OpenAI documents and enforces it: at most 16 keys of up to 64 characters, each value
 * up to 512. The body's metadata is matched by routing rules, echoed on stored Responses and kept
 * on the trace with the body, so a hostile one (400 keys of 2,000 characters made an 800 kB echo)
 * is refused before any of that, in OpenAI's words and codes, naming the field, its size and the
 * bound. The `x-switchyard-metadata` header has the same bounds (core/client-metadata.ts).
 */
import { quoteClipped } from '../core/clip.js';
import { MAX_METADATA_KEYS, MAX_METADATA_KEY_CHARS, MAX_METADATA_VALUE_CHARS } from '../core/client-metadata.js';
import { invalidRequest } from '../core/errors.js';
import type { ClientFormat } from '../core/formats.js';

/** Anthropic's bound on `metadata.user_id` (its API reference: maxLength 256). */
export const MAX_ANTHROPIC_USER_ID_CHARS = 256;

/**
 * Throws a 400 when `metadata` is over a bound; an absent, null or non-object one is the schema's
 * to judge. Values that are not strings (the chat schema takes them, and routing rules match
 * numbers) count by their JSON.
 *
 * @example checkBodyMetadata({ note: 'x'.repeat(600) }, 'openai') // throws: Invalid 'metadata.note': string too long. Expected a string with maximum length 512, but got a string with length 600 instead.
 */
export function checkBodyMetadata(metadata: unknown, format: ClientFormat): void {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) return;
  const keys = Object.keys(metadata);
  if (keys.length > MAX_METADATA_KEYS) {
    throw invalidRequest('metadata', `Invalid 'metadata': too many properties. Expected an object with at most ${MAX_METADATA_KEYS} properties, but got an object with ${keys.length} properties instead.`, 'object_above_max_properties');
  }
  for (const key of keys) {
    if (key.length > MAX_METADATA_KEY_CHARS) {
      throw invalidRequest('metadata', `Invalid 'metadata': key ${quoteClipped(key, 40)} too long. Expected keys with maximum length ${MAX_METADATA_KEY_CHARS}, but got a key with length ${key.length} instead.`, 'string_above_max_length');
    }
    const value = (metadata as Record<string, unknown>)[key];
    if (format === 'anthropic' && key === 'user_id' && typeof value === 'string') {
      if (value.length > MAX_ANTHROPIC_USER_ID_CHARS) {
        throw invalidRequest('metadata.user_id', `metadata.user_id: String should have at most ${MAX_ANTHROPIC_USER_ID_CHARS} characters, got ${value.length}`, 'string_above_max_length');
      }
      continue;
    }
    const param = `metadata.${key}`;
    if (typeof value === 'string') {
      if (value.length > MAX_METADATA_VALUE_CHARS) {
        throw invalidRequest(param, `Invalid '${param}': string too long. Expected a string with maximum length ${MAX_METADATA_VALUE_CHARS}, but got a string with length ${value.length} instead.`, 'string_above_max_length');
      }
      continue;
    }
    const length = JSON.stringify(value ?? null).length;
    if (length > MAX_METADATA_VALUE_CHARS) {
      throw invalidRequest(param, `Invalid '${param}': value too long. Expected a value with maximum length ${MAX_METADATA_VALUE_CHARS} (as JSON when not a string), but got one with length ${length} instead.`, 'string_above_max_length');
    }
  }
}
