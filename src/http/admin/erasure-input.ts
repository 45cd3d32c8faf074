import { clip, quoteClipped } from '../../core/clip.js';
import { MAX_METADATA_KEYS, MAX_METADATA_KEY_CHARS, MAX_METADATA_VALUE_CHARS } from '../../core/client-metadata.js';
import { MAX_SESSION_CHARS } from '../../core/client-session.js';
import type { ErasureMatch } from '../../core/erasure-match.js';
import { invalidRequest } from '../../core/errors.js';
import type { Pseudonymizer } from '../../guardrails/redaction/pseudonym.js';
import { onlyFields } from './http-kit.js';

/** What an erasure request names, as the operator gave it (before pseudonyms are added). */
export interface ErasureRequest {
  user?: string;
  metadata?: Record<string, string>;
  session?: string;
  dryRun: boolean;
  /** The operator's reference for the audit line (a ticket number), never the person's id. */
  reference?: string;
}

/** The longest end-user id taken: a metadata value's bound, above OpenAI's `user` and Anthropic's `metadata.user_id` (256). */
export const MAX_ERASURE_ID_CHARS = MAX_METADATA_VALUE_CHARS;
const MAX_REFERENCE_CHARS = 200;
const FIELDS = ['user', 'metadata', 'session', 'dry_run', 'reference'] as const;
const METADATA_FIELD = /^[A-Za-z0-9_.-]+$/;

/**
 * The body of `POST /api/erasure` (and the flags of `traces erase`) as an erasure request, or a
 * 400 naming the field, what it got and what it takes. At least one of `user`, `metadata` and
 * `session`, none empty or blank: an erasure that named nothing would match every trace.
 *
 * @example erasureRequest({ user: 'alice', dry_run: true }) // { user: 'alice', dryRun: true }
 */
export function erasureRequest(body: Record<string, unknown>): ErasureRequest {
  onlyFields(body, FIELDS);
  const out: ErasureRequest = { dryRun: false };
  if (body.user !== undefined) out.user = idString(body.user, 'user', MAX_ERASURE_ID_CHARS, "the end user's id, as the calls sent it in `user`, `safety_identifier` or Anthropic's `metadata.user_id`");
  if (body.metadata !== undefined) out.metadata = metadataSelector(body.metadata);
  if (body.session !== undefined) out.session = idString(body.session, 'session', MAX_SESSION_CHARS, 'the conversation id the calls sent in x-switchyard-session');
  if (body.dry_run !== undefined) {
    if (typeof body.dry_run !== 'boolean') throw invalidRequest('dry_run', `"dry_run" must be true (count what would be erased, change nothing) or false, got ${quoteClipped(body.dry_run)}`);
    out.dryRun = body.dry_run;
  }
  if (body.reference !== undefined) {
    if (typeof body.reference !== 'string' || body.reference.length === 0 || body.reference.length > MAX_REFERENCE_CHARS || /\p{Cc}/u.test(body.reference)) {
      throw invalidRequest('reference', `"reference" must be your reference for the audit log (a ticket number: never the person's id), a string of 1–${MAX_REFERENCE_CHARS} characters without control characters, got ${shown(body.reference)}`);
    }
    out.reference = body.reference;
  }
  if (out.user === undefined && out.metadata === undefined && out.session === undefined) {
    throw invalidRequest('user', 'an erasure needs at least one of "user" (the end user\'s id), "metadata" ({"field": "value"}) or "session": a request naming none would match every trace');
  }
  return out;
}

/**
 * The match the stores run for a request: each value with the keyed pseudonyms a PII policy gave
 * it (a trace kept `trace: redacted` holds `sy-user-…` where the client sent the id).
 *
 * @example erasureMatch({ user: 'ann@example.com', dryRun: false }, pseudonymizer(key)) // { users: ['ann@example.com', 'sy-user-5c0e…'] }
 */
export function erasureMatch(request: ErasureRequest, pseudonym?: Pseudonymizer): ErasureMatch {
  const forms = (value: string, kinds: readonly ('user' | 'meta')[]) => [value, ...(pseudonym ? kinds.map((kind) => pseudonym(value, kind)) : [])];
  return {
    ...(request.user === undefined ? {} : { users: forms(request.user, ['user']) }),
    ...(request.metadata === undefined ? {} : { metadata: Object.fromEntries(Object.entries(request.metadata).map(([field, value]) => [field, forms(value, ['meta', 'user'])])) }),
    ...(request.session === undefined ? {} : { session: request.session }),
  };
}

function idString(value: unknown, field: string, max: number, what: string): string {
  const expected = `"${field}" must be ${what}: a string of 1–${max.toLocaleString('en-US')} characters`;
  if (typeof value !== 'string') throw invalidRequest(field, `${expected}, got ${shown(value)}`);
  if (value.trim() === '') throw invalidRequest(field, `${expected}, got ${value === '' ? 'an empty string' : 'only blanks'} (which would erase no one)`);
  if (value.length > max) throw invalidRequest(field, `${expected}, got ${value.length.toLocaleString('en-US')} characters`);
  return value;
}

function metadataSelector(value: unknown): Record<string, string> {
  const expected = `"metadata" must be an object of 1–${MAX_METADATA_KEYS} fields, each a name of letters, digits, "_", "." or "-" (at most ${MAX_METADATA_KEY_CHARS}) with a string value of 1–${MAX_METADATA_VALUE_CHARS} characters, e.g. {"customer_id": "c-123"}`;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidRequest('metadata', `${expected}, got ${shown(value)}`);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0 || entries.length > MAX_METADATA_KEYS) throw invalidRequest('metadata', `${expected}, got ${entries.length} fields`);
  for (const [field, v] of entries) {
    if (field.length > MAX_METADATA_KEY_CHARS || !METADATA_FIELD.test(field)) throw invalidRequest('metadata', `${expected}, got the field name ${quoteClipped(field, 40)}`);
    idString(v, `metadata.${field}`, MAX_METADATA_VALUE_CHARS, `the value of metadata field ${JSON.stringify(field)}`);
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

/** A value named in a message: a long string by its length only (it may be the id being erased). */
function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return value.length > 100 ? `a string of ${value.length.toLocaleString('en-US')} characters` : quoteClipped(value);
  return clip(JSON.stringify(value) ?? String(value), 100);
}
