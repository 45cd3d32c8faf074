import type { IncomingMessage, ServerResponse } from 'node:http';
import { DATE_RANGE_TEXT, isDateMs } from '../../core/date-range.js';
import { SwitchyardError } from '../../core/errors.js';
import { nonFiniteProblem } from '../../core/finite-numbers.js';
import { parseJsonBody } from '../../core/json-body.js';
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
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new SwitchyardError('invalid_request', `send the body as JSON with "content-type: application/json" (got ${type ? quoteClipped(type) : '"none"'})`, { status: 415 });
  }
  const body = parseJsonBody(await readBody(req, ADMIN_BODY_LIMIT));
  // JSON reads 1e999 as Infinity, which no budget, limit, score or stored item may hold.
  const infinite = nonFiniteProblem(body);
  if (infinite !== undefined) throw new SwitchyardError('invalid_request', infinite.message, { param: infinite.path });
  return body;
}

/**
 * An optional integer query parameter within bounds, or a 400 naming the parameter and range.
 * Decimal digits only: `Number()` alone read `0x10` as 16, `1e2` as 100 and ` 5` as 5.
 *
 * @example intParam(url.searchParams, 'limit', 1, 500) // undefined when absent
 */
export function intParam(params: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  const n = /^-?\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new SwitchyardError('invalid_request', `${name} must be an integer from ${min} to ${max}, got ${quoteClipped(raw)}`, { param: name });
  return n;
}

/** An optional time parameter: ms since the epoch or an ISO date. */
export function timeParam(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  const time = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (Number.isNaN(time)) throw new SwitchyardError('invalid_request', `${name} must be ms since the epoch or an ISO date, got ${quoteClipped(raw)}`, { param: name });
  // Digits past a date (9999999999999999999, or 400 nines read as Infinity) were a 500 on PostgreSQL.
  if (!isDateMs(time)) throw new SwitchyardError('invalid_request', `${name} must be ms since the epoch or an ISO date ${DATE_RANGE_TEXT}, got ${quoteClipped(raw)}`, { param: name });
  return time;
}

export function numberParam(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new SwitchyardError('invalid_request', `${name} must be a number, got ${quoteClipped(raw)}`, { param: name });
  return n;
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
