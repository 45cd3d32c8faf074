import { SwitchyardError } from '../../core/errors.js';
import type { FeedbackInput, ReviewInput, SamplingRule, TraceMatch } from '../../review/types.js';
import { onlyFields, optionalString } from './http-kit.js';
import { describeValue, unknownFields } from '../../core/format-issues.js';
import { quoteClipped } from '../../core/clip.js';
import { hasBidiControl, terminalText } from '../../core/terminal-text.js';
import { MAX_METADATA_KEY_CHARS, MAX_METADATA_KEYS, MAX_METADATA_VALUE_CHARS } from '../../core/client-metadata.js';
import { MAX_MODEL_NAME_CHARS } from '../../config/validate-models.js';

type Body = Record<string, unknown>;

/** A 1–5 score or null; anything else is a 400 that names the range. */
export function scoreOf(body: Body, field = 'score'): number | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 5) {
    throw new SwitchyardError('invalid_request', `${field} must be an integer from 1 to 5, got ${describeValue(value)}`, { param: field });
  }
  return value;
}

const REVIEW_FIELDS = ['score', 'pass', 'corrected', 'comment'];
const FEEDBACK_FIELDS = ['trace_id', 'traceId', 'thumbs', 'score', 'comment', 'corrected_output', 'corrected'];
const RULE_FIELDS = ['name', 'rate', 'percent', 'match', 'reviews_wanted', 'enabled'];

/**
 * A reviewer's verdict from a request body: `score` (1–5), `pass` (boolean), `corrected` and
 * `comment` (text); at least one of them.
 *
 * @example reviewInput({ score: 4, comment: 'fine' }) // { score: 4, pass: null, corrected: null, comment: 'fine' }
 */
export function reviewInput(body: Body): ReviewInput {
  onlyFields(body, REVIEW_FIELDS);
  const pass = body.pass;
  if (pass !== undefined && pass !== null && typeof pass !== 'boolean') throw new SwitchyardError('invalid_request', `pass must be true or false, got ${describeValue(pass)}`, { param: 'pass' });
  const input: ReviewInput = { score: scoreOf(body), pass: typeof pass === 'boolean' ? pass : null, corrected: optionalString(body, 'corrected'), comment: optionalString(body, 'comment', 10_000) };
  if (input.score === null && input.pass === null && !input.corrected && !input.comment) {
    throw new SwitchyardError('invalid_request', 'a review needs a score (1–5), pass (true/false), a corrected answer or a comment');
  }
  return input;
}

/**
 * Feedback from an application: `trace_id`, and `score` (1–5) or `thumbs` ("up"/"down" or
 * true/false), with optional `comment` and `corrected_output`.
 */
export function feedbackInput(body: Body, keyName: string | null): FeedbackInput {
  onlyFields(body, FEEDBACK_FIELDS);
  const traceId = body.trace_id ?? body.traceId;
  if (traceId !== undefined && typeof traceId !== 'string') throw new SwitchyardError('invalid_request', `trace_id: expected a string (the x-switchyard-trace-id header of the answer), got ${describeValue(traceId)}`, { param: 'trace_id' });
  if (typeof traceId !== 'string' || traceId === '') throw new SwitchyardError('invalid_request', '"trace_id" is required: the x-switchyard-trace-id header of the answer', { param: 'trace_id' });
  const raw = body.thumbs;
  let thumbs: 'up' | 'down' | null = null;
  if (raw === 'up' || raw === true) thumbs = 'up';
  else if (raw === 'down' || raw === false) thumbs = 'down';
  else if (raw !== undefined && raw !== null) throw new SwitchyardError('invalid_request', `thumbs must be "up" or "down", got ${describeValue(raw)}`, { param: 'thumbs' });
  const score = scoreOf(body);
  if (score === null && thumbs === null) throw new SwitchyardError('invalid_request', 'feedback needs a score from 1 to 5 or thumbs "up" / "down"', { param: 'score' });
  const corrected = optionalString(body, 'corrected_output') ?? optionalString(body, 'corrected');
  return { traceId: traceId.slice(0, 128), keyName, score, thumbs, comment: optionalString(body, 'comment', 10_000), corrected };
}

const MATCH_TEXT = { model: 'model', keyName: 'keyName', key_name: 'keyName', provider: 'provider' } as const;

/**
 * Which traces a rule samples. Every field is checked: a misspelt or mistyped one used to be
 * dropped, leaving a rule that matched (and sampled) every trace.
 */
function matchOf(value: unknown): TraceMatch {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new SwitchyardError('invalid_request', `match must be an object such as {"model": "support"}, got ${describeValue(value)}`, { param: 'match' });
  const match: TraceMatch = {};
  for (const [field, v] of Object.entries(value as Body)) {
    const param = `match.${field.slice(0, 100)}`;
    if (v === undefined || v === null || v === '') continue;
    // An own field only: `"toString" in MATCH_TEXT` is true, and such a rule was stored under a
    // function's text as its field, matching (and sampling) every trace.
    if (Object.hasOwn(MATCH_TEXT, field)) {
      if (typeof v !== 'string') throw new SwitchyardError('invalid_request', `${param} must be a string, got ${describeValue(v)}`, { param });
      // No model, key or provider name is longer, so a longer one matches nothing and is kept, shown and logged unbounded.
      if (v.length > MAX_MODEL_NAME_CHARS) throw new SwitchyardError('invalid_request', `${param} ${quoteClipped(v, 40)} has ${v.length} characters; at most ${MAX_MODEL_NAME_CHARS}`, { param });
      match[MATCH_TEXT[field as keyof typeof MATCH_TEXT]] = v;
    } else if (field === 'status') {
      if (v !== 'ok' && v !== 'error') throw new SwitchyardError('invalid_request', `${param} must be "ok" or "error", got ${describeValue(v)}`, { param });
      match.status = v;
    } else if (field === 'metadata') {
      if (typeof v !== 'object' || Array.isArray(v)) throw new SwitchyardError('invalid_request', `${param} must be an object of field values such as {"tier": "free"}, got ${describeValue(v)}`, { param });
      match.metadata = metadataMatchOf(param, v as Body);
    } else {
      const known = [...Object.keys(MATCH_TEXT), 'status', 'metadata'];
      throw new SwitchyardError('invalid_request', `match: ${unknownFields([field], known)} (known: ${known.join(', ')})`, { param });
    }
  }
  return match;
}

/**
 * The metadata fields to match, within the bounds `x-switchyard-metadata` puts on a trace's own
 * (so many keys, so long a key or value): a field past them could match no trace, and was stored
 * and shown on the rules page at any length.
 */
function metadataMatchOf(param: string, fields: Body): Record<string, string> {
  const entries = Object.entries(fields);
  if (entries.length > MAX_METADATA_KEYS) throw new SwitchyardError('invalid_request', `${param} has ${entries.length} fields; at most ${MAX_METADATA_KEYS}, as a trace's metadata`, { param });
  return Object.fromEntries(
    entries.map(([key, value]) => {
      if (key.length === 0 || key.length > MAX_METADATA_KEY_CHARS) throw new SwitchyardError('invalid_request', `${param} key ${quoteClipped(key, 40)} has ${key.length} characters; expected 1 to ${MAX_METADATA_KEY_CHARS}, as a trace's metadata keys`, { param });
      const text = metadataValueOf(`${param}.${key}`, value);
      if (text.length > MAX_METADATA_VALUE_CHARS) throw new SwitchyardError('invalid_request', `${param}.${key} has ${text.length} characters; at most ${MAX_METADATA_VALUE_CHARS}, as a trace's metadata values`, { param: `${param}.${key}` });
      return [key, text];
    }),
  );
}

/** A metadata value to match: trace metadata are text, so a number or boolean is compared as its text; anything else is refused. */
function metadataValueOf(param: string, value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new SwitchyardError('invalid_request', `${param} must be a string, number or boolean, got ${describeValue(value)}`, { param });
}

/** How many people should review an item: `reviews_wanted`, an integer from 1 to 10 (default 1). */
export function reviewsWantedOf(body: Body): number {
  const wanted = body.reviews_wanted ?? 1;
  if (typeof wanted !== 'number' || !Number.isInteger(wanted) || wanted < 1 || wanted > 10) {
    throw new SwitchyardError('invalid_request', `reviews_wanted must be an integer from 1 to 10, got ${describeValue(wanted)}`, { param: 'reviews_wanted' });
  }
  return wanted;
}

/**
 * The most trace ids one request may name, as `POST /api/datasets/:name/traces` allows: each is
 * looked up in the store, and 90,000 of them (an 850 kB body) held the event loop for 20 s, every
 * model call with it.
 */
export const MAX_TRACE_IDS = 10_000;

/** `trace_ids` (a list of trace ids) or `trace_id`; empty when neither is sent. */
export function traceIdsOf(body: Body): string[] {
  if (body.trace_ids !== undefined) {
    const ids = body.trace_ids;
    if (!Array.isArray(ids) || ids.length === 0) throw new SwitchyardError('invalid_request', `trace_ids must be a non-empty list of trace ids, got ${describeValue(ids)}`, { param: 'trace_ids' });
    if (ids.length > MAX_TRACE_IDS) {
      throw new SwitchyardError('invalid_request', `trace_ids holds ${ids.length} ids; at most ${MAX_TRACE_IDS} in one request: send them in batches`, { param: 'trace_ids' });
    }
    const bad = ids.findIndex((id) => typeof id !== 'string' || id === '');
    if (bad >= 0) throw new SwitchyardError('invalid_request', `trace_ids[${bad}] must be a trace id (text), got ${describeValue(ids[bad])}`, { param: 'trace_ids' });
    return ids as string[];
  }
  if (body.trace_id === undefined) return [];
  if (typeof body.trace_id !== 'string' || body.trace_id === '') throw new SwitchyardError('invalid_request', `trace_id must be a trace id (text), got ${describeValue(body.trace_id)}`, { param: 'trace_id' });
  return [body.trace_id];
}

/** A sampling rule from a body: `name`, `rate` (0–1) or `percent` (0–100), `match`, `reviews_wanted`. */
export function ruleInput(body: Body, id: string, createdAt: number): SamplingRule {
  onlyFields(body, RULE_FIELDS);
  const name = optionalString(body, 'name', 200);
  if (!name) throw new SwitchyardError('invalid_request', '"name" is required', { param: 'name' });
  // Shown on the review page and printed by the CLI, as a session's name is: no BEL, ESC or newline.
  if (/\p{Cc}/u.test(name)) throw new SwitchyardError('invalid_request', `"name" must hold no control characters, got ${describeValue(name)}`, { param: 'name' });
  if (hasBidiControl(name)) {
    throw new SwitchyardError('invalid_request', `"name" must hold no bidirectional controls (they show it reordered), got ${terminalText(describeValue(name))}`, { param: 'name' });
  }
  const rate = typeof body.percent === 'number' ? body.percent / 100 : body.rate;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
    const got = typeof body.percent === 'number' ? `percent ${body.percent}` : describeValue(body.rate);
    throw new SwitchyardError('invalid_request', `rate must be a number from 0 to 1 (or percent from 0 to 100), got ${got}`, { param: 'rate' });
  }
  const enabled = body.enabled ?? true;
  if (typeof enabled !== 'boolean') throw new SwitchyardError('invalid_request', `enabled must be true or false, got ${describeValue(enabled)}`, { param: 'enabled' });
  return { id, name, rate, match: matchOf(body.match), reviewsWanted: reviewsWantedOf(body), enabled, createdAt };
}
