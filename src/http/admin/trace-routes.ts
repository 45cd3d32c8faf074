import { clip, quoteClipped } from '../../core/clip.js';
import { sessionFilter } from '../../core/client-session.js';
import { SwitchyardError } from '../../core/errors.js';
import type { ReviewStore } from '../../review/review-store.js';
import type { TraceQuery } from '../../core/trace.js';
import { guardFilter } from '../../core/guard-filter.js';
import type { TraceStore } from '../../core/trace-store.js';
import type { TraceWriter } from '../../store/trace-writer.js';
import type { Principal } from './access.js';
import { intParam, numberParam, onlyFields, readJson, sendJson, timeParam } from './http-kit.js';
import type { Router } from './router.js';
import { reviewsWantedOf } from './review-input.js';
import { decodeCursor, decodeSortCursor } from '../../store/trace-cursor.js';
import { byValue } from '../../core/trace-sort.js';
import { traceSort } from '../../core/trace-sort-param.js';

/**
 * The trace list's query string: model, key, provider, team, session, status, guard, since/until, min_cost,
 * min_latency_ms, q (text) and meta.<field>=<value>; sort (time, latency, cost, tokens) and order (desc, asc);
 * `before` is the cursor of the next page.
 *
 * @example traceQuery(new URLSearchParams('model=gpt-4o&status=error&meta.feature=refunds'))
 */
export function traceQuery(params: URLSearchParams): TraceQuery {
  const query: TraceQuery = {};
  const limit = intParam(params, 'limit', 1, 500);
  if (limit !== undefined) query.limit = limit;
  const status = params.get('status');
  if (status) {
    if (status === 'ok' || status === 'error') query.status = status;
    else if (/^\d{3}$/.test(status)) query.status = Number(status);
    else throw new SwitchyardError('invalid_request', `status must be "ok", "error" or an HTTP status, got ${quoteClipped(status)}`, { param: 'status' });
  }
  const since = timeParam(params, 'since');
  if (since !== undefined) query.since = since;
  const until = timeParam(params, 'until');
  if (until !== undefined) query.until = until;
  if (since !== undefined && until !== undefined && since > until) {
    // It listed nothing, as if no trace were there.
    throw new SwitchyardError('invalid_request', `since (${new Date(since).toISOString()}) is after until (${new Date(until).toISOString()}): no trace is in between`, { param: 'since' });
  }
  const text = (name: string) => params.get(name) || undefined;
  const model = text('model');
  if (model) query.model = model;
  const key = text('key');
  if (key) query.keyName = key;
  const provider = text('provider');
  if (provider) query.provider = provider;
  const team = text('team');
  if (team) query.team = team;
  const session = text('session');
  if (session) query.session = sessionFilter(session, 'session');
  const sort = traceSort(params.get('sort') || undefined, params.get('order') || undefined);
  if (sort) query.sort = sort;
  const before = text('before');
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
  const guard = text('guard');
  if (guard) query.guard = guardFilter(guard, 'guard');
  const q = text('q');
  if (q) query.text = clip(q, 200, '');
  const minCost = numberParam(params, 'min_cost');
  if (minCost !== undefined) query.minCostUsd = minCost;
  const minLatency = numberParam(params, 'min_latency_ms');
  if (minLatency !== undefined) query.minLatencyMs = minLatency;
  for (const [name, value] of params) {
    if (!name.startsWith('meta.') || value === '') continue;
    if (name === 'meta.') throw new SwitchyardError('invalid_request', `meta. needs a metadata field after the dot (meta.feature=refunds), got "meta.=${clip(value, 40)}"`, { param: 'meta.' });
    query.metadata = { ...query.metadata, [name.slice(5)]: value };
  }
  return query;
}

export interface TraceRouteDeps {
  store: TraceStore;
  /** Lets a lookup of a just-answered request wait for its trace instead of a false 404. */
  writer?: TraceWriter;
  reviews?: ReviewStore;
}

/**
 * Finds a trace, flushing the batched writer once when it is not there yet: an app that sends
 * feedback right after its answer would otherwise race the writer's 100 ms batch.
 */
export async function findTrace(deps: TraceRouteDeps, id: string) {
  const trace = await deps.store.getTrace(id);
  if (trace || !deps.writer || deps.writer.pending === 0) return trace;
  await deps.writer.flush();
  return deps.store.getTrace(id);
}

/**
 * GET /api/traces, GET /api/traces/:id, its reviews and feedback, and "send to review".
 *
 * @example traceRoutes(router, { store, writer, reviews }) // then router.dispatch(req, res, url, principal)
 */
export function traceRoutes(router: Router<Principal>, deps: TraceRouteDeps): void {
  router.get('/api/traces', async ({ res, url }) => sendJson(res, 200, await deps.store.listTraces(traceQuery(url.searchParams))));
  router.get('/api/traces/:id', async ({ res, params }) => {
    const trace = await findTrace(deps, params.id as string);
    if (!trace) throw new SwitchyardError('not_found', `trace ${quoteClipped(params.id)} not found`);
    sendJson(res, 200, trace);
  });
  router.get('/api/traces/:id/annotations', async ({ res, params }) => {
    sendJson(res, 200, deps.reviews ? await deps.reviews.forTrace(params.id as string) : { items: [], reviews: [], feedback: [] });
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
