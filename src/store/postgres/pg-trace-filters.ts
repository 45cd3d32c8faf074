import type { TraceQuery, TraceSelection } from '../../core/trace.js';
import { REQUEST_TEXT, RESPONSE_TEXT, TRACE_SEARCH_TEXT, wordQuery } from './pg-trace-search.js';
import { pgText } from './pg-values.js';
import { likePattern } from '../like-pattern.js';

/** Numbered parameters ($1, $2…) collected as conditions are built. */
export class Params {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder. */
  add(value: unknown): string {
    this.values.push(typeof value === 'string' ? pgText(value) : value);
    return `$${this.values.length}`;
  }
}

const METADATA_FIELD = /^[A-Za-z0-9_.-]{1,64}$/;

/** The word-index query for a search text, unless it has no words or holds a NUL (which no stored text does). */
export const indexedSearch = (text: string | undefined): string | undefined => (text && !text.includes('\0') ? wordQuery(text) : undefined);

/**
 * The conditions of a trace query the (…, ts, id) indexes serve (the same split as SQLite's,
 * see trace-filters.ts).
 *
 * @example pgIndexedFilters({ model: 'gpt-4o', status: 'error' }, params) // ['requested_model = $1', 'status >= 400']
 */
export function pgIndexedFilters(query: TraceQuery, params: Params): string[] {
  const indexed: string[] = [];
  if (query.model) indexed.push(`requested_model = ${params.add(query.model)}`);
  if (query.keyName) indexed.push(`key_name = ${params.add(query.keyName)}`);
  // The partial (session_id, ts, id) index: a conversation's few traces among many.
  if (query.session) indexed.push(`session_id = ${params.add(query.session)}`);
  // The partial (key_id, ts, id) index: one key's own calls (a virtual key reading its traces).
  if (query.keyId) indexed.push(`key_id = ${params.add(query.keyId)}`);
  if (query.status === 'ok') indexed.push('status < 400');
  else if (query.status === 'error') indexed.push('status >= 400');
  else if (typeof query.status === 'number') indexed.push(`status = ${params.add(Math.round(query.status))}`);
  if (query.since !== undefined) indexed.push(`ts >= ${params.add(Math.round(query.since))}`);
  if (query.until !== undefined) indexed.push(`ts < ${params.add(Math.round(query.until))}`);
  // A search with words is answered from the word blocks (PgTraceStore.searchByWords).
  return indexed;
}

/**
 * The conditions of a trace query no index serves, checked row by row over a bounded window.
 *
 * @example pgScannedFilters({ text: 'refund' }, params) // ['(coalesce(request_json::text, request::text) ILIKE $1 OR …)']
 */
export function pgScannedFilters(query: TraceQuery, params: Params): string[] {
  const scanned: string[] = [];
  if (query.provider) scanned.push(`provider = ${params.add(query.provider)}`);
  if (query.team) scanned.push(`team = ${params.add(query.team)}`);
  if (query.replica) scanned.push(`replica = ${params.add(query.replica)}`);
  if (query.endpoint) scanned.push(`endpoint = ${params.add(query.endpoint)}`);
  if (query.minCostUsd !== undefined) scanned.push(`cost_usd >= ${params.add(query.minCostUsd)}`);
  if (query.minLatencyMs !== undefined) scanned.push(`latency_ms >= ${params.add(query.minLatencyMs)}`);
  for (const [field, value] of Object.entries(query.metadata ?? {})) {
    if (!METADATA_FIELD.test(field)) continue;
    scanned.push(`metadata ->> ${params.add(field)} = ${params.add(value)}`);
  }
  if (query.guard) {
    // Decisions are written as JSON text (decisions_json), older rows as JSONB (decisions); read as
    // json, not jsonb, which refuses the \u0000 a stored text may hold. CASE keeps
    // json_array_elements off rows whose guardrails are not an array.
    const checks = "coalesce(decisions_json::json, decisions::json) -> 'guardrails'";
    const array = `json_typeof(${checks}) = 'array'`;
    scanned.push(query.guard === 'guarded' ? `coalesce(${array}, false)` : `(CASE WHEN ${array} THEN EXISTS (SELECT 1 FROM json_array_elements(${checks}) AS c WHERE c ->> 'action' = ${params.add(query.guard)}) ELSE false END)`);
  }
  // The exact text, over the rows the word index let through (or a window of the newest ones
  // when the search has no words).
  if (query.text && indexedSearch(query.text)) scanned.push(`(id = ${params.add(query.text)} OR ${TRACE_SEARCH_TEXT} ILIKE ${params.add(likePattern(query.text))})`);
  if (query.text && !indexedSearch(query.text)) {
    const pattern = params.add(likePattern(query.text));
    scanned.push(`(${REQUEST_TEXT} ILIKE ${pattern} OR ${RESPONSE_TEXT} ILIKE ${pattern} OR error_message ILIKE ${pattern} OR metadata::text ILIKE ${pattern} OR id = ${params.add(query.text)})`);
  }
  return scanned;
}

/**
 * The conditions of a trace selection: only traces with a request body, every field narrowing.
 *
 * @example pgSelectionFilters({ metadata: { team: 'cx' } }, params) // ['(request_json IS NOT NULL OR request IS NOT NULL)', 'metadata ->> $1 = $2']
 */
export function pgSelectionFilters(selection: TraceSelection, params: Params): string[] {
  const where = ['(request_json IS NOT NULL OR request IS NOT NULL)'];
  if (selection.model) where.push(`requested_model = ${params.add(selection.model)}`);
  if (selection.route) where.push(routeSelection(selection.route, params));
  if (selection.keyName) where.push(`key_name = ${params.add(selection.keyName)}`);
  if (selection.withoutKeyName !== undefined) where.push(`key_name IS DISTINCT FROM ${params.add(selection.withoutKeyName)}`);
  if (selection.since !== undefined) where.push(`ts >= ${params.add(Math.round(selection.since))}`);
  if (selection.until !== undefined) where.push(`ts < ${params.add(Math.round(selection.until))}`);
  if (selection.status === 'ok') where.push('status < 400');
  else if (selection.status === 'error') where.push('status >= 400');
  else if (typeof selection.status === 'number') where.push(`status = ${params.add(Math.round(selection.status))}`);
  for (const [field, value] of Object.entries(selection.metadata ?? {})) where.push(`metadata ->> ${params.add(field)} = ${params.add(value)}`);
  for (const field of selection.withoutMetadata ?? []) where.push(`metadata ->> ${params.add(field)} IS NULL`);
  if (selection.ids) where.push(`id = ANY(${params.add(selection.ids.map((id) => pgText(id)))}::text[])`);
  return where;
}

/**
 * A route's calls: those that named it, those another route sent it (a step of
 * `decisions.route.steps` names it) and those its local model answered for another route
 * (`decisions.local.route`: no step names it) or passed on before another route's model answered
 * (`decisions.local.before`, as the routes report counts them); the gateway's shadow checks are left out by
 * `withoutKeyName`, as add-traces asks. Decisions are JSON text (decisions_json), older rows JSONB;
 * read as json like the guard filter, the text tested first so only traces naming it are parsed.
 */
function routeSelection(route: string, params: Params): string {
  const name = params.add(pgText(route));
  const decisions = 'coalesce(decisions_json::json, decisions::json)';
  const steps = `${decisions} -> 'route' -> 'steps'`;
  const mentioned = `strpos(coalesce(decisions_json, decisions::text), ${params.add(JSON.stringify(route))}) > 0`;
  const inSteps = `(CASE WHEN json_typeof(${steps}) = 'array' THEN EXISTS (SELECT 1 FROM json_array_elements(${steps}) AS s WHERE s ->> 'route' = ${name}) ELSE false END)`;
  const answeredLocally = `(CASE WHEN json_typeof(${decisions} -> 'local') = 'object' THEN ${decisions} -> 'local' ->> 'route' = ${name} ELSE false END)`;
  const before = `${decisions} -> 'local' -> 'before'`;
  const passedOnEarlier = `(CASE WHEN json_typeof(${before}) = 'array' THEN EXISTS (SELECT 1 FROM json_array_elements(${before}) AS b WHERE json_typeof(b) = 'object' AND b ->> 'route' = ${name}) ELSE false END)`;
  return `(requested_model = ${name} OR (CASE WHEN ${mentioned} THEN ${inSteps} OR ${answeredLocally} OR ${passedOnEarlier} ELSE false END))`;
}
