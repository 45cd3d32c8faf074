import { clip, quoteClipped } from '../../core/clip.js';
import { sessionFilter } from '../../core/client-session.js';
import { replicaFilter } from '../../core/replica-name.js';
import { SwitchyardError } from '../../core/errors.js';
import type { ReviewStore } from '../../review/review-store.js';
import { blindTraceView } from '../../review/blind-reviews.js';
import type { Log } from '../../core/log.js';
import { readableReviews, REVEAL_QUERY } from './blind-read.js';
import type { TraceQuery } from '../../core/trace.js';
import { guardFilter } from '../../core/guard-filter.js';
import type { TraceStore } from '../../core/trace-store.js';
import type { TraceWriter } from '../../store/trace-writer.js';
import type { Principal } from './access.js';
import { onlyFields, readJson, sendJson } from './http-kit.js';
import { param, type QuerySpec, type QueryValues } from '../query-params.js';
import type { Router } from './router.js';
import { reviewsWantedOf } from './review-input.js';
import { decodeCursor, decodeSortCursor } from '../../store/trace-cursor.js';
import { byValue, TRACE_SORT_KEYS, TRACE_SORT_ORDERS } from '../../core/trace-sort.js';
import { traceSort } from '../../core/trace-sort-param.js';

/** Longest text filter (`q`), as the store searches it; a longer one is cut, not refused. */
const MAX_SEARCH_CHARS = 200;

/** Longest name a filter (`model`, `key`, `provider`, `team`, a metadata value) may be: no stored name is longer. */
const MAX_FILTER_CHARS = 1_000;

/**
 * The trace list's query parameters: model, key, provider, team, session, replica, status, guard, since/until,
 * min_cost, min_latency_ms, q (text) and meta.<field>=<value>; sort (time, latency, cost, tokens) and
 * order (desc, asc); `before` is the cursor of the next page.
 */
export const TRACE_LIST_QUERY = {
  limit: param.int(1, 500),
  model: param.text(MAX_FILTER_CHARS),
  key: param.text(MAX_FILTER_CHARS),
  provider: param.text(MAX_FILTER_CHARS),
  team: param.text(MAX_FILTER_CHARS),
  session: param.custom('a session id', (raw, name) => sessionFilter(raw, name)),
  replica: param.custom('a replica name', (raw, name) => replicaFilter(raw, name)),
  status: param.custom('"ok", "error" or an HTTP status', (raw, name): 'ok' | 'error' | number => {
    if (raw === 'ok' || raw === 'error') return raw;
    if (/^\d{3}$/.test(raw)) return Number(raw);
    throw new SwitchyardError('invalid_request', `${name} must be "ok", "error" or an HTTP status, got ${quoteClipped(raw)}`, { param: name });
  }),
  guard: param.custom('a guard outcome', (raw, name) => guardFilter(raw, name)),
  since: param.time(),
  until: param.time(),
  min_cost: param.number(0),
  min_latency_ms: param.number(0),
  q: param.custom(`text (the first ${MAX_SEARCH_CHARS} characters are searched)`, (raw) => clip(raw, MAX_SEARCH_CHARS, '')),
  sort: param.oneOf(TRACE_SORT_KEYS),
  order: param.oneOf(TRACE_SORT_ORDERS),
  // Checked against the sort in traceQuery: a cursor belongs to the list in one order.
  before: param.custom('the "next" cursor of an earlier page', (raw) => raw),
  'meta.*': param.text(MAX_FILTER_CHARS),
} satisfies QuerySpec;

/**
 * The trace list's query from its parameters, read by {@link TRACE_LIST_QUERY}.
 *
 * @example traceQuery(readQuery(new URLSearchParams('model=gpt-4o&status=error&meta.feature=refunds'), TRACE_LIST_QUERY))
 */
export function traceQuery(values: QueryValues<typeof TRACE_LIST_QUERY>): TraceQuery {
  const query: TraceQuery = {};
  if (values.limit !== undefined) query.limit = values.limit;
  if (values.status !== undefined) query.status = values.status;
  const { since, until } = values;
  if (since !== undefined) query.since = since;
  if (until !== undefined) query.until = until;
  if (since !== undefined && until !== undefined && since > until) {
    // It listed nothing, as if no trace were there.
    throw new SwitchyardError('invalid_request', `since (${new Date(since).toISOString()}) is after until (${new Date(until).toISOString()}): no trace is in between`, { param: 'since' });
  }
  if (values.model) query.model = values.model;
  if (values.key) query.keyName = values.key;
  if (values.provider) query.provider = values.provider;
  if (values.team) query.team = values.team;
  if (values.session) query.session = values.session;
  if (values.replica) query.replica = values.replica;
  const sort = traceSort(values.sort, values.order);
  if (sort) query.sort = sort;
  const before = values.before;
  if (before) {
    // A cursor that is not one (cut short, edited, from another API, or from the list in another
    // order) read as none: the first page again, so a script paging by `next` went round the
    // first page for ever.
    if (!(byValue(sort) ? decodeSortCursor(before, sort) : decodeCursor(before))) {
      const order = sort ? ` sorted by ${sort.key} ${sort.dir}` : '';
      throw new SwitchyardError('invalid_request', `before must be the "next" cursor of an earlier page of this list${order}, got ${quoteClipped(before)}`, { param: 'before' });
    }
    query.before = before;
  }
  if (values.guard) query.guard = values.guard;
  if (values.q) query.text = values.q;
  if (values.min_cost !== undefined) query.minCostUsd = values.min_cost;
  if (values.min_latency_ms !== undefined) query.minLatencyMs = values.min_latency_ms;
  if (values['meta.*']) query.metadata = values['meta.*'];
  return query;
}

export interface TraceRouteDeps {
  store: TraceStore;
  /** Lets a lookup of a just-answered request wait for its trace instead of a false 404. */
  writer?: TraceWriter;
  reviews?: ReviewStore;
  /** Audit lines: an admin revealing verdicts blind review holds back. */
  audit?: Log;
}

/**
 * Finds a trace, flushing the batched writer once when it is not there yet: an app that sends
 * feedback right after its answer would otherwise race the writer's 100 ms batch.
 */
export async function findTrace(deps: TraceRouteDeps, id: string) {
  const trace = await deps.store.getTrace(id);
  if (trace || !deps.writer || deps.writer.unstored === 0) return trace;
  await deps.writer.flush();
  return deps.store.getTrace(id);
}

/**
 * GET /api/traces, GET /api/traces/:id, its reviews and feedback, and "send to review".
 *
 * @example traceRoutes(router, { store, writer, reviews }) // then router.dispatch(req, res, url, principal)
 */
export function traceRoutes(router: Router<Principal>, deps: TraceRouteDeps): void {
  router.get('/api/traces', { query: TRACE_LIST_QUERY }, async ({ res, query }) => sendJson(res, 200, await deps.store.listTraces(traceQuery(query))));
  router.get('/api/traces/:id', async ({ res, params }) => {
    const trace = await findTrace(deps, params.id as string);
    if (!trace) throw new SwitchyardError('not_found', `trace ${quoteClipped(params.id)} not found`);
    sendJson(res, 200, trace);
  });
  router.get('/api/traces/:id/annotations', { query: REVEAL_QUERY }, async ({ res, params, query }, principal) => {
    if (!deps.reviews) return sendJson(res, 200, { items: [], reviews: [], hiddenReviews: 0, feedback: [] });
    const { items, reviews: all, feedback } = await deps.reviews.forTrace(params.id as string);
    // The review page links here: its blindness would be a click deep without the same rule.
    const reader = principal.kind === 'admin' ? principal : { name: '', via: 'key' };
    const { reviews, hidden } = readableReviews(reader, query.reveal === true, `trace ${JSON.stringify(params.id)}`, (reveal) => blindTraceView(items, all, reader.name, reveal), deps.audit);
    sendJson(res, 200, { items, reviews, hiddenReviews: hidden, feedback });
  });
  router.post('/api/traces/:id/review', async ({ req, res, params }) => {
    if (!deps.reviews) throw new SwitchyardError('unsupported', 'review is not enabled on this server');
    const body = await readJson(req);
    onlyFields(body, ['reason', 'reviews_wanted']);
    const wanted = reviewsWantedOf(body);
    const id = params.id as string;
    if (!(await findTrace(deps, id))) throw new SwitchyardError('not_found', `trace ${quoteClipped(id)} not found`);
    const reason = typeof body.reason === 'string' && body.reason.trim() ? clip(body.reason, 500) : 'sent to review from the dashboard';
    const [item] = await deps.reviews.enqueue([{ traceId: id, source: 'manual', reason, reviewsWanted: wanted }]);
    sendJson(res, 201, item);
  });
}
