import type { TraceQuery, TraceSelection } from '../../core/trace.js';
import { SCAN_WINDOW, selectionLimit } from '../../core/trace-store.js';
import { searchWords } from '../trace-words.js';
import { likePattern } from '../like-pattern.js';

export { SCAN_WINDOW };

export interface TraceFilterSql {
  /** Conditions an index serves (with the ts order): applied directly. */
  indexed: string[];
  indexedParams: unknown[];
  /** Conditions checked row by row: applied over a bounded window of the newest matching rows. */
  scanned: string[];
  scannedParams: unknown[];
}

const METADATA_FIELD = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * The search text as an FTS5 query over words, or undefined when it has none (punctuation or
 * emoji only): its words as one phrase, the last one a prefix, so `refund pol` finds "refund
 * policy". Only words reach FTS5, so its query syntax (quotes, operators, `*`, `:`) never does;
 * the caller rechecks the exact text with LIKE.
 *
 * @example ftsPhrase('say "hi" OR x*') // '"say hi or x" *'
 */
export function ftsPhrase(text: string): string | undefined {
  const words = searchWords(text);
  return words ? `"${words.join(' ')}" *` : undefined;
}

/** A trace query's text as the FTS5 query the word index answers, or undefined when it asks none. */
export function searchPhrase(query: TraceQuery): string | undefined {
  return query.text && !query.text.includes('\0') ? ftsPhrase(query.text) : undefined;
}

const LIKE_SQL = "(request LIKE ? ESCAPE '\\' OR response LIKE ? ESCAPE '\\' OR error_message LIKE ? ESCAPE '\\' OR metadata LIKE ? ESCAPE '\\')";

/**
 * The exact-text half of a text search alone (its id, or the text in a body, the error or the
 * metadata), without the word index: what a search checks on a few rows to guess whether a walk pays.
 *
 * @example exactTextSql('a; b').sql // "(id = ? OR (request LIKE ? ESCAPE '\\' OR …))"
 */
export function exactTextSql(text: string): { sql: string; params: unknown[] } {
  const pattern = likePattern(text);
  return { sql: `(id = ? OR ${LIKE_SQL})`, params: [text, pattern, pattern, pattern, pattern] };
}

/**
 * How a text search reads the word index (see SqliteTraceStore.listTraces): the numbers
 * (`trace_search_ids.rowid`) of the indexed traces holding its words, found before the query
 * when they are few; `walk`, a check of each trace as the query walks the newest ones; else
 * every indexed trace holding them, looked up by id, rechecked and sorted.
 */
export type IndexedMatches = readonly number[] | 'walk';

/** The condition of a status class: a range of the (status, ts) index, which gives no ts order. */
export function statusRangeSql(status: 'ok' | 'error'): string {
  return status === 'ok' ? 'status < 400' : 'status >= 400';
}

/**
 * Splits a trace query into SQL conditions: the ones the (ts), (model, ts), (key, ts) and
 * (status, ts) indexes serve, and the ones that need a look at each row; `matches` says how a
 * text search reads the word index.
 *
 * @example traceFilterSql({ model: 'gpt-4o', text: 'refund' }).indexed // ['requested_model = ?', '(id = ? OR (id IN (… traces_fts MATCH ?) …']
 */
export function traceFilterSql(query: TraceQuery, matches?: IndexedMatches): TraceFilterSql {
  const sql: TraceFilterSql = { indexed: [], indexedParams: [], scanned: [], scannedParams: [] };
  const indexed = (clause: string, ...values: unknown[]) => {
    sql.indexed.push(clause);
    sql.indexedParams.push(...values);
  };
  const scanned = (clause: string, ...values: unknown[]) => {
    sql.scanned.push(clause);
    sql.scannedParams.push(...values);
  };
  if (query.model) indexed('requested_model = ?', query.model);
  if (query.keyName) indexed('key_name = ?', query.keyName);
  // The partial (session_id, ts) index: a conversation's few traces among many.
  if (query.session) indexed('session_id = ?', query.session);
  // The partial (key_id, ts) index: one key's own calls (a virtual key reading its traces).
  if (query.keyId) indexed('key_id = ?', query.keyId);
  if (typeof query.status === 'string') indexed(statusRangeSql(query.status));
  else if (typeof query.status === 'number') indexed('status = ?', query.status);
  if (query.since !== undefined) indexed('ts >= ?', query.since);
  if (query.until !== undefined) indexed('ts < ?', query.until);
  // No index: a rare provider or team would otherwise walk the whole table for one page.
  if (query.provider) scanned('provider = ?', query.provider);
  if (query.team) scanned('team = ?', query.team);
  if (query.replica) scanned('replica = ?', query.replica);
  if (query.endpoint) scanned('endpoint = ?', query.endpoint);
  if (query.minCostUsd !== undefined) scanned('cost_usd >= ?', query.minCostUsd);
  if (query.minLatencyMs !== undefined) scanned('latency_ms >= ?', query.minLatencyMs);
  for (const [field, value] of Object.entries(query.metadata ?? {})) {
    if (!METADATA_FIELD.test(field)) continue;
    scanned(`CAST(json_extract(metadata, '$."${field}"') AS TEXT) = ?`, value);
  }
  if (query.guard === 'guarded') scanned("json_type(decisions, '$.guardrails') = 'array'");
  // Each check is an object; CASE keeps json_extract off anything else (it throws on a bare string).
  else if (query.guard) scanned("EXISTS (SELECT 1 FROM json_each(decisions, '$.guardrails') WHERE (CASE WHEN type = 'object' THEN json_extract(value, '$.action') END) = ?)", query.guard);
  const phrase = searchPhrase(query);
  if (query.text) {
    const pattern = likePattern(query.text);
    const like = LIKE_SQL;
    // The word index (trace-search-migrations.ts) narrows to any indexed trace holding the
    // words, plus the few traces queued since the indexer's last pass; LIKE keeps only those
    // with the exact text. The id is exact.
    if (phrase) {
      const queued = 'SELECT id FROM trace_search_queue';
      const inIndex = 'SELECT rowid FROM traces_fts WHERE traces_fts MATCH ?';
      // On a walk, a condition on each row, not a set of ids: no index serves it, so the query
      // walks the (ts) index newest first and stops when the page is full (the index's matches
      // are read once, into a set each row's number is checked against).
      const [holds, value] = Array.isArray(matches)
        ? [`id IN (SELECT id FROM trace_search_ids WHERE rowid IN (SELECT value FROM json_each(?)) UNION ALL ${queued})`, JSON.stringify(matches)]
        : matches === 'walk'
          ? [`((SELECT rowid FROM trace_search_ids s WHERE s.id = traces.id) IN (${inIndex}) OR id IN (${queued}))`, phrase]
          : [`id IN (SELECT id FROM trace_search_ids WHERE rowid IN (${inIndex}) UNION ALL ${queued})`, phrase];
      indexed(`(id = ? OR (${holds} AND ${like}))`, query.text, value, pattern, pattern, pattern, pattern);
    } else scanned(`(${like} OR id = ?)`, pattern, pattern, pattern, pattern, query.text);
  }
  return sql;
}

/**
 * The WHERE conditions of a trace selection (whole traces for datasets): only traces that kept
 * a request body, every given field narrowing.
 *
 * @example traceSelectionSql({ model: 'support', metadata: { team: 'cx' } }).where // ['request IS NOT NULL', 'requested_model = ?', …]
 */
export function traceSelectionSql(selection: TraceSelection): { where: string[]; params: unknown[]; limit: number } {
  const where: string[] = ['request IS NOT NULL'];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (selection.model) add('requested_model = ?', selection.model);
  // instr first: the decisions are parsed only for traces whose text names the route. A nested
  // classify route's local answers name it in decisions.local only; a cascade step's model that
  // passed the call on before another route's model was asked, in decisions.local.before (the
  // routes report counts both: `nestedBranchesOf`).
  if (selection.route) {
    add(
      "(requested_model = ? OR (decisions IS NOT NULL AND instr(decisions, ?) > 0 AND json_valid(decisions) AND ((json_type(decisions, '$.route.steps') = 'array' AND EXISTS (SELECT 1 FROM json_each(decisions, '$.route.steps') AS s WHERE s.type = 'object' AND s.value ->> '$.route' = ?)) OR (json_type(decisions, '$.local') = 'object' AND (decisions ->> '$.local.route' = ? OR (json_type(decisions, '$.local.before') = 'array' AND EXISTS (SELECT 1 FROM json_each(decisions, '$.local.before') AS b WHERE b.type = 'object' AND b.value ->> '$.route' = ?)))))))",
      selection.route,
      JSON.stringify(selection.route),
      selection.route,
      selection.route,
      selection.route,
    );
  }
  if (selection.keyName) add('key_name = ?', selection.keyName);
  if (selection.withoutKeyName !== undefined) add('key_name IS NOT ?', selection.withoutKeyName);
  if (selection.since !== undefined) add('ts >= ?', selection.since);
  if (selection.until !== undefined) add('ts < ?', selection.until);
  if (selection.status === 'ok') add('status < 400');
  else if (selection.status === 'error') add('status >= 400');
  else if (typeof selection.status === 'number') add('status = ?', selection.status);
  // Quoted JSON path so fields with dots or spaces work; text comparison so tag 5 matches "5".
  for (const [field, value] of Object.entries(selection.metadata ?? {})) add('CAST(json_extract(metadata, ?) AS TEXT) = ?', `$."${field.replace(/["\\]/g, '')}"`, value);
  for (const field of selection.withoutMetadata ?? []) add('json_extract(metadata, ?) IS NULL', `$."${field.replace(/["\\]/g, '')}"`);
  if (selection.ids) add('id IN (SELECT value FROM json_each(?))', JSON.stringify(selection.ids));
  return { where, params, limit: selectionLimit(selection) };
}
