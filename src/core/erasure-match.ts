/**
 * Whose traces an erasure request (a person's "right to erasure") deletes. Every field given
 * narrows, as a trace selection's do: `{ users, session }` is that user's calls in that
 * conversation. The values are the forms the stores may hold: the id as the client sent it, and
 * the keyed pseudonyms a PII guardrail gave it (the caller adds them, see erasure-request.ts).
 */
export interface ErasureMatch {
  /** The end user's id in any of its forms: the request's `user`, `safety_identifier` or `metadata.user_id` (Anthropic's) equals one. */
  users?: readonly string[];
  /** Metadata fields, each with the forms of its value: the trace's metadata (`x-switchyard-metadata`) or the request body's `metadata` holds one, as a string. */
  metadata?: Readonly<Record<string, readonly string[]>>;
  /** The conversation (`x-switchyard-session`), compared exactly. */
  session?: string;
}

/** What the erasure rule reads of a stored trace. */
export interface ErasureCandidate {
  /** The request body, as stored (an object, or its JSON text). */
  request: unknown;
  metadata: Record<string, unknown> | null;
  session: string | null;
}

/**
 * Throws when a match would narrow nothing: an erasure that matched every trace by accident (an
 * empty selector reaching a store) must fail, not delete. The admin API refuses such a request
 * with a 400 first; this is the stores' own guard.
 *
 * @example assertNarrows({}) // throws
 */
export function assertNarrows(match: ErasureMatch): void {
  const users = match.users ?? [];
  const fields = Object.entries(match.metadata ?? {});
  const narrows = users.length > 0 || fields.length > 0 || (match.session !== undefined && match.session !== '');
  if (!narrows || users.some((u) => u === '') || (match.users !== undefined && users.length === 0) || fields.some(([k, values]) => k === '' || values.length === 0 || values.some((v) => v === ''))) {
    throw new Error('an erasure needs a non-empty user, metadata value or session: it would match every trace');
  }
}

/**
 * Whether a stored trace is one an erasure deletes (the stores' shared rule: SQL only narrows the
 * rows to those holding a fragment of a value, see {@link searchFragment}, and this decides).
 *
 * @example erasureMatches({ request: { user: 'alice' }, metadata: null, session: null }, { users: ['alice'] }) // true
 */
export function erasureMatches(trace: ErasureCandidate, match: ErasureMatch): boolean {
  const body = objectOf(trace.request);
  const bodyMetadata = objectOf(body?.metadata);
  if (match.users) {
    const wanted = new Set(match.users);
    const ids = [body?.user, body?.safety_identifier, bodyMetadata?.user_id];
    if (!ids.some((id) => typeof id === 'string' && wanted.has(id))) return false;
  }
  for (const [field, values] of Object.entries(match.metadata ?? {})) {
    const wanted = new Set(values);
    const own = trace.metadata?.[field];
    const sent = bodyMetadata?.[field];
    if (!((typeof own === 'string' && wanted.has(own)) || (typeof sent === 'string' && wanted.has(sent)))) return false;
  }
  return match.session === undefined || trace.session === match.session;
}

/**
 * The longest run of a value's characters that no JSON encoder escapes (not `"`, `\`, `/`, control
 * characters, U+2028/9 or lone surrogates): a stored body holding the value holds this run as it
 * is (the stores write non-ASCII escapes out, see unescapeNonAscii), so `instr`/`strpos` with it
 * narrows the rows to check without parsing every body. '' when the value has no such character:
 * then every row with the field is checked.
 *
 * @example searchFragment('a/b@example.com') // 'b@example.com'
 */
export function searchFragment(value: string): string {
  let best = '';
  for (const run of value.split(/["\\/\p{Cc}\u2028\u2029]|\p{Cs}/u)) if (run.length > best.length) best = run;
  return best;
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return undefined;
    }
  } else if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    parsed = (value as { toJSON(): unknown }).toJSON();
  }
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
}
