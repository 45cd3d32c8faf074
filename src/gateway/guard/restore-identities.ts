import type { JsonObject } from '../../core/openai-wire.js';
import { parseBlocks, SseBlocks } from '../../core/sse-blocks.js';
import type { Outcome } from '../outcome.js';

/** The fields of a Responses request a PII policy gives pseudonyms, which a Response echoes. */
const IDENTITY_FIELDS = ['user', 'safety_identifier', 'prompt_cache_key', 'metadata'] as const;

/**
 * The Response fields that echo a request field the redaction rewrites: the identity fields and
 * `instructions` (placeholders). What a trace's Response must echo to agree with its request.
 */
const TRACE_ECHO_FIELDS = [...IDENTITY_FIELDS, 'instructions'] as const;

/** The client's own values of the identity fields the redaction changed: what the answer must echo. */
export type IdentityEcho = Readonly<Partial<Record<(typeof TRACE_ECHO_FIELDS)[number], unknown>>>;

/** Stream events that carry the whole Response object (`response`), the only ones that echo the request. */
const CARRIES_RESPONSE = /"type":\s*"response\.(?:queued|created|in_progress|completed|incomplete|failed)"/;

/**
 * Which identity fields of a Responses request went out as something else than the client sent
 * (keyed pseudonyms, `sy-user-…`), with the client's values: undefined when none did, so calls
 * without pseudonyms pay nothing more.
 *
 * @example identityEcho({ user: 'ann@example.com' }, { user: 'sy-user-5c0e…' }) // { user: 'ann@example.com' }
 */
export function identityEcho(sent: JsonObject, forwarded: JsonObject, fields: readonly string[] = IDENTITY_FIELDS): IdentityEcho | undefined {
  if (sent === forwarded) return undefined;
  let echo: Record<string, unknown> | undefined;
  for (const field of fields) {
    const own = sent[field];
    const out = forwarded[field];
    // metadata is rebuilt by every redaction: compared by content, not identity.
    if (own === out || (field === 'metadata' && JSON.stringify(own) === JSON.stringify(out))) continue;
    (echo ??= {})[field] = own ?? null;
  }
  return echo;
}

/**
 * A Response with the client's own identity values where a provider that speaks the Responses
 * API natively echoed the pseudonyms it was sent: the whole answer, and in a stream the events
 * that carry the Response (`response.created`, `.in_progress`, `.completed`…), the others passed
 * through byte for byte. A field the provider did not echo is not added. As the Response the
 * gateway writes for a chat provider does, so a client's `user` and `metadata` read back as sent.
 *
 * @example return restoreIdentities(outcome, { user: 'ann@example.com' });
 */
export function restoreIdentities(outcome: Outcome, echo: IdentityEcho): Outcome {
  if (outcome.kind === 'error') return outcome;
  if (outcome.kind === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(outcome.body);
    } catch {
      return outcome;
    }
    return withEcho(parsed, echo) ? { ...outcome, body: JSON.stringify(parsed) } : outcome;
  }
  const source = outcome.events;
  async function* restored(): AsyncGenerator<string> {
    const blocks = new SseBlocks();
    for await (const piece of source) {
      const whole = blocks.take(piece);
      if (whole !== '') yield restoreEvents(whole, echo);
    }
    const rest = blocks.rest();
    if (rest !== '') yield restoreEvents(rest, echo);
  }
  return { ...outcome, events: restored() };
}

/**
 * The echoed fields of a Responses request as the trace keeps them, where the redaction changed
 * them: `trace: redacted` keeps the values sent upstream (`from` the redacted body), `trace:
 * original` the client's (`from` the received one). The Response the gateway writes for a chat
 * provider echoes the client's values, one from a native provider the pseudonyms it was sent:
 * either way the trace's Response must agree with the trace's request.
 *
 * @example traceEcho(call.body, call.received) // { user: 'sy-user-5c0e…', instructions: 'Mail <EMAIL_1>' }
 */
export function traceEcho(from: JsonObject, other: JsonObject): IdentityEcho | undefined {
  return identityEcho(from, other, TRACE_ECHO_FIELDS);
}

/**
 * A traced Response (an object, or its JSON text) with `echo`'s values in the fields it echoes;
 * the value unchanged when it is no Response or echoes none of them.
 *
 * @example call.response = withTraceEcho(call.response, echo)
 */
export function withTraceEcho<T>(response: T, text: string | null, echo: IdentityEcho): T | JsonObject {
  if (text === null || !/"object"\s*:\s*"response"/.test(text)) return response;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return response;
  }
  return withEcho(parsed, echo) ? (parsed as JsonObject) : response;
}

/** Whole SSE events with the Response in each lifecycle event given the client's values; the rest as they came. */
function restoreEvents(whole: string, echo: IdentityEcho): string {
  if (!CARRIES_RESPONSE.test(whole)) return whole;
  return whole
    .split('\n\n')
    .map((block) => {
      if (!CARRIES_RESPONSE.test(block)) return block;
      const [event] = parseBlocks(`${block}\n\n`);
      if (!event) return block;
      let data: unknown;
      try {
        data = JSON.parse(event.data);
      } catch {
        return block;
      }
      if (!withEcho((data as { response?: unknown }).response, echo)) return block;
      return `${event.name === undefined ? '' : `event: ${event.name}\n`}data: ${JSON.stringify(data)}`;
    })
    .join('\n\n');
}

/** Puts the client's values into a Response object, in place; whether it was one that echoed any. */
function withEcho(response: unknown, echo: IdentityEcho): boolean {
  if (!response || typeof response !== 'object' || (response as JsonObject).object !== 'response') return false;
  const fields = response as JsonObject;
  let changed = false;
  for (const [field, value] of Object.entries(echo)) {
    if (!Object.hasOwn(fields, field)) continue;
    fields[field] = value as JsonObject[string];
    changed = true;
  }
  return changed;
}
