import { isUtf8 } from 'node:buffer';
import { SwitchyardError } from './errors.js';
import { MAX_JSON_DEPTH, tooDeep } from './json-depth.js';
import { explainJsonError } from './json-syntax.js';
import { utf16Order } from './utf16-order.js';

/**
 * Parses a JSON request body into an object, or a 400 that says where the syntax broke. Bytes
 * that are not UTF-8 are refused rather than silently turned into U+FFFD (JSON is UTF-8 only);
 * a body given as text was decoded by the caller, so only a failed parse looks for the cause.
 *
 * @example parseJsonBody('{"model":"small"}') // { model: 'small' }
 */
export function parseJsonBody(body: string | Buffer): Record<string, unknown> {
  if (body.length === 0) throw new SwitchyardError('invalid_json', 'request body is empty; expected a JSON object');
  const text = typeof body === 'string' ? body : decodeBodyText(body);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SwitchyardError('invalid_json', `request body is not valid JSON: ${whyNotJson(text, error as Error)}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SwitchyardError('invalid_json', `request body must be a JSON object, got ${Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : typeof parsed}${encodedTwice(parsed)}`);
  }
  const deep = tooDeep(parsed, text);
  if (deep !== undefined) throw new SwitchyardError('invalid_json', `request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep (at ${deep}); expected at most ${MAX_JSON_DEPTH}`);
  return parsed as Record<string, unknown>;
}

/**
 * A request body's bytes as text, refusing bytes that are not UTF-8 (JSON is UTF-8 only) rather
 * than letting them reach a model, a trace or a rollup as U+FFFD.
 *
 * @example decodeBodyText(Buffer.from('{"a":1}')) // '{"a":1}'
 */
export function decodeBodyText(body: Buffer): string {
  // UTF-16 of ASCII without a byte order mark is valid UTF-8 (a NUL after each character):
  // JSON.parse then said "Expected property name or '}' in JSON at position 1".
  const utf16 = utf16Order(body);
  if (utf16 !== undefined) throw new SwitchyardError('invalid_json', `request body is UTF-16 (${utf16}), not UTF-8: send JSON encoded as UTF-8`);
  if (!isUtf8(body)) throw new SwitchyardError('invalid_json', 'request body is not valid UTF-8: send JSON encoded as UTF-8');
  return body.toString('utf8');
}

// The causes JSON.parse names badly: it calls a byte order mark an "unexpected token" it prints invisibly.
function whyNotJson(text: string, error: Error): string {
  if (text.charCodeAt(0) === 0xfeff) return 'it starts with a byte order mark (U+FEFF), which JSON does not allow; send it without one';
  if (text.includes('\uFFFD')) return `${error.message} (it holds U+FFFD, which marks bytes that were not UTF-8)`;
  return explainJsonError(text, error.message);
}

/**
 * A JSON string that holds a JSON object is a body encoded twice (Python's
 * `requests.post(url, json=json.dumps(payload))`, or `JSON.stringify` of a string): said so,
 * since "got string" alone reads as if the body were not JSON at all.
 */
function encodedTwice(parsed: unknown): string {
  const text = typeof parsed === 'string' ? parsed.trim() : '';
  return text.startsWith('{') && text.endsWith('}') ? ' holding a JSON object: the body was encoded twice (e.g. json=json.dumps(payload) in Python); send the object itself' : '';
}
