import type { IncomingMessage, ServerResponse } from 'node:http';
import { SwitchyardError } from '../../core/errors.js';
import { nonFiniteProblem } from '../../core/finite-numbers.js';
import { decodeBodyText, parseJsonBody } from '../../core/json-body.js';
import { firstDuplicateKey } from '../../core/json-duplicate-keys.js';
import { unknownFields } from '../../core/format-issues.js';
import { quoteClipped } from '../../core/clip.js';
import { readBody } from '../read-body.js';
import { jsonDocument } from '../../core/json-document.js';

/** Admin bodies are small JSON documents; a corrected answer is the biggest thing in them. */
const ADMIN_BODY_LIMIT = 1024 * 1024;

/** Headers on every admin answer: never cached, never sniffed into HTML, never framed. */
export const API_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
} as const;

/**
 * Sends a JSON answer with the admin API's headers, ending in a newline ({@link jsonDocument}).
 *
 * @example sendJson(res, 200, { traces: [] })
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const text = jsonDocument(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...API_HEADERS, ...headers });
  res.end(text);
}

/**
 * Reads a JSON object body. Only `application/json` is accepted: a cross-site HTML form cannot
 * send it without a CORS preflight, which this API never grants.
 *
 * @example const body = await readJson(req); // 415 for text/plain, 400 for broken JSON
 */
export async function readJson(req: IncomingMessage, options: { keysOnce?: boolean } = {}): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new SwitchyardError('invalid_request', `send the body as JSON with "content-type: application/json" (got ${type ? quoteClipped(type) : '"none"'})`, { status: 415 });
  }
  const bytes = await readBody(req, ADMIN_BODY_LIMIT);
  const body = parseJsonBody(bytes);
  // JSON.parse keeps a repeated key's last value without a word: where that decides what is deleted, it is said.
  if (options.keysOnce) {
    const twice = firstDuplicateKey(decodeBodyText(bytes));
    if (twice) throw new SwitchyardError('invalid_request', `"${twice.path}" is given twice in the request body; JSON keeps only the last (${quoteClipped(valueAt(body, twice.keys))}), so which one was meant is unclear: send it once`, { param: twice.path });
  }
  // JSON reads 1e999 as Infinity, which no budget, limit, score or stored item may hold.
  const infinite = nonFiniteProblem(body);
  if (infinite !== undefined) throw new SwitchyardError('invalid_request', infinite.message, { param: infinite.path });
  return body;
}

/**
 * Reads a body an action may go without: none is `{}`, anything else a JSON object as `readJson`
 * reads it. A chunked body has no content-length and is read too (an option sent that way was
 * ignored: `{"grace_seconds": 0}` gave a rotated key the default hour of grace).
 *
 * @example const body = await readOptionalJson(req); // {} for a bodiless POST
 */
export async function readOptionalJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const length = req.headers['content-length'];
  return length === '0' || (length === undefined && req.headers['transfer-encoding'] === undefined) ? {} : readJson(req);
}

/**
 * A 400 naming the fields `body` has beyond `known`, so a misspelt option is not silently ignored.
 *
 * @example onlyFields({ rout: 'support' }, ['route']) // throws: unknown field "rout" (did you mean "route"?)
 */
export function onlyFields(body: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(body).filter((field) => !known.includes(field));
  if (unknown.length > 0) throw new SwitchyardError('invalid_request', `${unknownFields(unknown, known)} (known: ${known.join(', ')})`, { param: unknown[0]?.slice(0, 100) });
}

/** Field access on untrusted JSON with a precise 400 when the type is wrong. */
export function optionalString(body: Record<string, unknown>, field: string, maxLength = 100_000): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new SwitchyardError('invalid_request', `"${field}" must be a string`, { param: field });
  if (value.length > maxLength) throw new SwitchyardError('invalid_request', `"${field}" is longer than ${maxLength} characters`, { param: field });
  return value;
}

/** The value at a path of keys in parsed JSON. */
function valueAt(value: unknown, keys: readonly (string | number)[]): unknown {
  let at = value;
  for (const key of keys) at = at !== null && typeof at === 'object' ? (at as Record<string | number, unknown>)[key] : undefined;
  return at;
}
