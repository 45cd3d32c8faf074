import { quoteClipped } from '../../core/clip.js';
import type { AppSpanStore, CallSpans } from '../../core/app-spans.js';
import { SwitchyardError } from '../../core/errors.js';
import type { Principal } from './access.js';
import { sendJson } from './http-kit.js';
import type { Router } from './router.js';
import { findTrace, type TraceRouteDeps } from './trace-routes.js';

/**
 * GET /api/traces/:id/spans: the spans the application sent (OTLP/HTTP to `/v1/traces`) for the
 * OpenTelemetry trace a gateway call joined, so the trace view shows the call in its context.
 *
 * @example spanRoutes(router, { store, writer }, stores.spans) // GET /api/traces/tr_…/spans
 */
export function spanRoutes(router: Router<Principal>, deps: TraceRouteDeps, spans: AppSpanStore): void {
  router.get('/api/traces/:id/spans', async ({ res, params }) => {
    const trace = await findTrace(deps, params.id as string);
    if (!trace) throw new SwitchyardError('not_found', `trace ${quoteClipped(params.id)} not found`);
    const otel = trace.otel ?? null;
    const body: CallSpans = { traceId: otel?.traceId ?? null, spanId: otel?.spanId ?? null, parentSpanId: otel?.parentSpanId ?? null, spans: otel ? await spans.spansOfTrace(otel.traceId) : [] };
    sendJson(res, 200, body);
  });
}
