import { SwitchyardError } from '../../core/errors.js';
import { formatIssues, formatPath } from '../../core/format-issues.js';
import { loadReportSchema } from '../../loadtest/load-report-schema.js';
import type { LoadReport } from '../../loadtest/load-report.js';
import type { LoadtestStore } from '../../loadtest/loadtest-store.js';
import { onlyFields, readJson, sendJson } from './http-kit.js';
import { param } from '../query-params.js';
import type { Router } from './router.js';

/**
 * `GET /api/loadtests` (newest first; `?model=`, `?limit=`), `GET /api/loadtests/:id`, and
 * `POST /api/loadtests` for `switchyard loadtest --gateway` to keep its report with the
 * gateway's other data.
 */
export function loadtestRoutes<P>(router: Router<P>, store: LoadtestStore, now: () => number): void {
  router.get('/api/loadtests', { query: { limit: param.int(1, 1_000), model: param.text(200) } }, async ({ res, query }) => {
    const limit = query.limit ?? 100;
    const model = query.model;
    sendJson(res, 200, { loadtests: await store.list({ limit, ...(model ? { model } : {}) }) });
  });
  router.get('/api/loadtests/:id', async ({ res, params }) => {
    const found = await store.get(params.id ?? '');
    if (!found) throw new SwitchyardError('not_found', `no load test ${JSON.stringify((params.id ?? '').slice(0, 100))}`);
    sendJson(res, 200, found);
  });
  router.post('/api/loadtests', async ({ req, res }) => {
    const report = checkReport(await readJson(req));
    await store.save(report, now());
    sendJson(res, 201, { id: report.runId });
  });
}

/**
 * Every field of a report, and no other: a Record over `LoadReport`'s keys, so the compiler says
 * when the report gains a field this list lacks.
 */
const REPORT_FIELDS = Object.keys({
  runId: 1, model: 1, target: 1, rps: 1, durationMs: 1, arrivals: 1, requests: 1, throughputRps: 1, latencyMs: 1, ttftMs: 1,
  sendLagMs: 1, errors: 1, errorMessages: 1, cache: 1, tokens: 1, cost: 1, gateway: 1, projection: 1, bottleneck: 1, unreliable: 1,
} satisfies Record<keyof LoadReport, 1>);

/**
 * A report as `switchyard loadtest` writes it: the fields the store and dashboard read must be
 * there, and a field no report has is refused, as on the other admin bodies (a misspelt or
 * foreign field would otherwise be stored and shown as if it were part of the report).
 */
function checkReport(body: unknown): LoadReport {
  const r = body as Partial<LoadReport> | null;
  const fail = (field: string, expected: string) => new SwitchyardError('invalid_request', `load test report: "${field}" must be ${expected}`, { param: field });
  if (!r || typeof r !== 'object' || Array.isArray(r)) throw fail('body', 'a JSON object (the report of switchyard loadtest --json)');
  onlyFields(r, REPORT_FIELDS);
  if (typeof r.runId !== 'string' || !/^lt_[A-Za-z0-9]{1,64}$/.test(r.runId)) throw fail('runId', 'a load test id like lt_…');
  if (typeof r.model !== 'string' || r.model === '' || r.model.length > 200) throw fail('model', 'a model or route name');
  if (typeof r.rps !== 'number' || typeof r.throughputRps !== 'number') throw fail('rps', 'a number (with throughputRps)');
  if (!r.latencyMs || typeof r.latencyMs !== 'object' || !r.requests || typeof r.requests !== 'object') throw fail('latencyMs', 'an object of percentiles (with requests)');
  if (r.unreliable !== undefined && r.unreliable !== null && (typeof r.unreliable !== 'string' || r.unreliable.length > 500)) throw fail('unreliable', 'null or the reason text (at most 500 characters)');
  const shape = loadReportSchema.safeParse(r);
  if (!shape.success) {
    const problems = formatIssues(shape.error, r);
    const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
    throw new SwitchyardError('invalid_request', `load test report: ${problems.slice(0, 3).join('; ')}${more}`, { param: formatPath(shape.error.issues[0]?.path ?? []) });
  }
  return r as LoadReport;
}
