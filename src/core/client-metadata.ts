/**
 * The client's own tags for a call (the `x-switchyard-metadata` header): parsed, and bounded as
 * OpenAI bounds a request's `metadata` (16 pairs, keys up to 64 characters, values up to 512).
 * They are stored on every trace, shown as chips in the trace list and grouped by in rollups, so a
 * hostile header (Node lets through 16 kB of it) must not reach them whole: anything over a bound
 * is refused with a 400 naming the key and the bound, rather than clipped into a tag nobody sent.
 */
import { clip, quoteClipped } from './clip.js';
import { terminalText } from './terminal-text.js';
import { SwitchyardError } from './errors.js';
import { MAX_JSON_DEPTH, tooDeep } from './json-depth.js';
import { explainJsonError } from './json-syntax.js';

/** At most this many keys (OpenAI's bound on `metadata`). */
export const MAX_METADATA_KEYS = 16;
/** Key length in characters (OpenAI's bound; trace filters take field names this long). */
export const MAX_METADATA_KEY_CHARS = 64;
/** A value's length in characters: a string's own, any other value's as JSON. */
export const MAX_METADATA_VALUE_CHARS = 512;

const PARAM = 'x-switchyard-metadata';

/**
 * Node reads a header's bytes as Latin-1: a client that sent its JSON as UTF-8 bytes (curl, most
 * HTTP libraries) gets its characters back; text that is not valid UTF-8 stays as it came.
 */
export function asSentUtf8(text: string): string {
  if (!/[\u0080-\u00ff]/.test(text) || /[^\u0000-\u00ff]/.test(text)) return text;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(text, 'latin1'));
  } catch {
    return text;
  }
}

/**
 * The header's JSON object, or null when it is absent; a 400 naming what is wrong otherwise.
 *
 * @example parseClientMetadata('{"feature":"support","user":42}') // { feature: 'support', user: 42 }
 * @example parseClientMetadata('{"a":"' + 'x'.repeat(600) + '"}') // throws: x-switchyard-metadata "a" has 600 characters; at most 512
 */
export function parseClientMetadata(header: string | string[] | undefined, distinct?: () => Readonly<Record<string, string | string[] | undefined>>): Record<string, unknown> | null {
  if (header === undefined) return null;
  const text = asSentUtf8(Array.isArray(header) ? header.join(',') : header);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // Node joins a header sent twice into one value ("{…}, {…}"), which is no JSON object: named
    // as sent twice (each value apart, `req.headersDistinct`, read only on this failure).
    const values = distinct && text.includes(',') ? distinct()[PARAM] : undefined;
    if (Array.isArray(values) && values.length > 1) {
      const apart = [...new Set(values.map((one) => asSentUtf8(one).trim()))];
      if (apart.length === 1) return parseClientMetadata(apart[0]);
      throw new SwitchyardError('invalid_request', `${PARAM} is sent ${values.length} times (${apart.slice(0, 3).map((one) => terminalText(clip(one, 60))).join(', ')}); send it once, holding every tag in one JSON object${merged(apart)}`, { param: PARAM });
    }
    throw new SwitchyardError('invalid_request', `${PARAM} must be a JSON object, got ${quoteClipped(text, 80)}: ${notJson(text, (error as Error).message)}`, { param: PARAM });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SwitchyardError('invalid_request', `${PARAM} must be a JSON object such as {"feature":"support"}`, { param: PARAM });
  }
  const deep = tooDeep(parsed, text);
  if (deep !== undefined) throw new SwitchyardError('invalid_request', `${PARAM} nests more than ${MAX_JSON_DEPTH} levels deep (at ${deep}); expected a flat object such as {"feature":"support"}`, { param: PARAM });
  const metadata = parsed as Record<string, unknown>;
  checkBounds(metadata);
  return metadata;
}

/** A tag's name in a header written as pairs, and what its value may not hold (it would not be a tag then). */
const PAIR_KEY = /^[\w.-]{1,64}$/;
const NOT_IN_VALUE = /[={}"]/;
const MAX_PAIRS = 16;

/**
 * `tier=enterprise`, `a=1, b: 2`: the pairs of a header a client wrote as other tags are written,
 * or nothing. Split and checked piece by piece, in time linear in the text: one regular expression
 * for the whole line (`\s*` beside values that may hold spaces, in a repeated group) backtracked
 * exponentially, so 92 characters of padded pairs held the event loop for good.
 *
 * @example tagPairs('a=1; b: two') // [['a', '1'], ['b', 'two']]
 */
function tagPairs(text: string): [string, string][] | undefined {
  const pieces = text.split(/[,;&]/);
  if (pieces.length > MAX_PAIRS) return undefined;
  const pairs: [string, string][] = [];
  for (const piece of pieces) {
    const at = piece.search(/[=:]/);
    if (at === -1) return undefined;
    const key = piece.slice(0, at).trim();
    const value = piece.slice(at + 1).trim();
    if (!PAIR_KEY.test(key) || NOT_IN_VALUE.test(value)) return undefined;
    pairs.push([key, value]);
  }
  return pairs;
}

/**
 * What to send instead: pairs written as JSON (the fix whole, for a header a few tags long), else
 * where the JSON broke and why (core/json-syntax.ts).
 *
 * @example notJson('tier=enterprise', '…') // 'send {"tier":"enterprise"}'
 */
function notJson(text: string, message: string): string {
  const pairs = text.length <= 400 ? tagPairs(text) : undefined;
  return pairs ? `send ${JSON.stringify(Object.fromEntries(pairs))}` : explainJsonError(text, message);
}

/** `: {…}`, the objects sent apart as one, when each is a JSON object and the whole is short; else nothing. */
function merged(values: readonly string[]): string {
  const objects: Record<string, unknown>[] = [];
  for (const value of values) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return '';
      objects.push(parsed as Record<string, unknown>);
    } catch {
      return '';
    }
  }
  const whole = JSON.stringify(Object.fromEntries(objects.flatMap((one) => Object.entries(one))));
  return whole.length <= 400 ? `: ${terminalText(whole)}` : '';
}

function checkBounds(metadata: Record<string, unknown>): void {
  const keys = Object.keys(metadata);
  if (keys.length > MAX_METADATA_KEYS) {
    throw new SwitchyardError('invalid_request', `${PARAM} has ${keys.length} keys; at most ${MAX_METADATA_KEYS}: send the tags you filter or group traces by`, { param: PARAM });
  }
  for (const key of keys) {
    if (key.length === 0 || key.length > MAX_METADATA_KEY_CHARS) {
      throw new SwitchyardError('invalid_request', `${PARAM} key ${quoteClipped(key, 40)} has ${key.length} characters; expected 1 to ${MAX_METADATA_KEY_CHARS}`, { param: PARAM });
    }
    const value = metadata[key];
    const length = typeof value === 'string' ? value.length : JSON.stringify(value).length;
    if (length > MAX_METADATA_VALUE_CHARS) {
      const what = typeof value === 'string' ? `${length} characters` : `${length} characters as JSON`;
      throw new SwitchyardError('invalid_request', `${PARAM} ${quoteClipped(key, 64)} has ${what}; at most ${MAX_METADATA_VALUE_CHARS}`, { param: PARAM });
    }
  }
}
