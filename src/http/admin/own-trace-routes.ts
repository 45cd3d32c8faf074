import { quoteClipped } from '../../core/clip.js';
import { SwitchyardError } from '../../core/errors.js';
import type { TraceRecord } from '../../core/trace.js';
import type { VirtualKey } from '../../limits/keys.js';
import { sendJson } from './http-kit.js';
import type { Router } from './router.js';
import { findTrace, TRACE_LIST_QUERY, type TraceRouteDeps, traceQuery } from './trace-routes.js';

/**
 * What a virtual key may read of /api: its own calls' traces (so an SDK that hides a stream's
 * cost comment can learn what the call cost), nothing of any other key's. Another key's trace is
 * the 404 a missing one is, so keys cannot probe each other's ids; a list is its own calls only.
 *
 * @example ownTraceRoutes(router, { store, writer }) // router.dispatch(req, res, url, key)
 */
export function ownTraceRoutes(router: Router<VirtualKey>, deps: TraceRouteDeps): void {
  router.get('/api/traces', { query: TRACE_LIST_QUERY }, async ({ res, query }, key) => {
    // A filter on another key's name is a filter nothing of this key's matches.
    if (query.key !== undefined && query.key !== key.name) return sendJson(res, 200, { traces: [], next: null });
    // The replica is the operator's (a host's name and a pid by default): a key neither sees it nor probes for it.
    if (query.replica !== undefined) throw new SwitchyardError('invalid_request', "replica: a virtual key's traces do not name the replica that served them; this filter needs the admin key", { param: 'replica' });
    const page = await deps.store.listTraces({ ...traceQuery(query), keyId: key.id });
    sendJson(res, 200, { ...page, traces: page.traces.map(withoutReplica) });
  });
  router.get('/api/traces/:id', async ({ res, params }, key) => {
    const trace = await findTrace(deps, params.id as string);
    if (!trace || !ownsTrace(key, trace)) throw new SwitchyardError('not_found', `trace ${quoteClipped(params.id)} not found`);
    sendJson(res, 200, withoutReplica(trace));
  });
}

/** A trace as its key reads it: without the gateway process that served it, which is the operator's. */
function withoutReplica<T extends Pick<TraceRecord, 'replica'>>(trace: T): Omit<T, 'replica'> {
  const { replica: _, ...rest } = trace;
  return rest;
}

/**
 * Whether a trace is the key's own call: by the key's identity, which no later key of the same
 * name shares. A trace without one (written before traces recorded it) is no key's to read: its
 * name alone cannot tell the key from an earlier one it replaced.
 *
 * @example ownsTrace(key, { keyId: key.id }) // true; { keyName: key.name } alone: false
 */
export function ownsTrace(key: VirtualKey, trace: Pick<TraceRecord, 'keyId'>): boolean {
  return trace.keyId !== undefined && trace.keyId !== null && trace.keyId === key.id;
}

/** The 403 a virtual key gets elsewhere in /api: what it may call instead. */
export const KEY_MAY = 'a virtual key may only call /api/feedback and read its own traces (GET /api/traces, GET /api/traces/ID); the rest of /api needs the admin key';
