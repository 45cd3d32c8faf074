import { clip, quoteClipped } from '../../core/clip.js';
import type { MonitoringConfig } from '../../config/monitor-schema.js';
import { systemClock } from '../../core/clock.js';
import { parseDuration } from '../../core/duration.js';
import { DATE_RANGE_TEXT, isDateMs } from '../../core/date-range.js';
import { SwitchyardError } from '../../core/errors.js';
import type { AlertEvent } from '../../monitor/alerts/alert-state.js';
import { ruleStatuses, sendTestAlert, unknownRuleMessage } from '../../monitor/alerts/evaluate-alerts.js';
import { runDrift } from '../../monitor/drift/drift-report.js';
import type { DriftReport } from '../../monitor/drift/drift-types.js';
import type { MonitorStore } from '../../monitor/signals/monitor-store.js';
import { type OfflineScore, qualityReport } from '../../monitor/quality-report.js';
import { monitorStep } from '../../monitor/series-window.js';
import { topicReport, topicTraces } from '../../monitor/topics/topic-report.js';
import { reviewScores } from '../../review/review-scores.js';
import type { ReviewStore } from '../../review/review-store.js';
import type { AddToDataset } from './review-routes.js';
import type { RunSummary } from '../../evals/index.js';
import type { RunStore } from '../../evals/store/run-store.js';
import type { Principal } from './access.js';
import { onlyFields, readJson, sendJson } from './http-kit.js';
import { RANGE_QUERY, rangeOf } from './monitor-routes.js';
import { param, type QuerySpec, type QueryValues } from '../query-params.js';
import type { Router } from './router.js';
import { describeValue } from '../../core/format-issues.js';
import { MAX_MODEL_NAME_CHARS } from '../../config/validate-models.js';

export interface DriftApiDeps {
  monitor: MonitorStore;
  config: MonitoringConfig;
  /** Eval runs, charted beside online quality (`GET /api/quality`). */
  runs?: Pick<RunStore, 'list'>;
  /** Where `POST /api/topics/:topic/review` queues a topic's traces, and whose verdicts `GET /api/topics` shows per topic. */
  reviews?: Pick<ReviewStore, 'enqueue' | 'reviewed'>;
  /** What `POST /api/topics/:topic/dataset` adds a topic's traces with. */
  addToDataset?: AddToDataset;
  now?: () => number;
}

/** Most reviewed items `GET /api/topics` reads for per-topic review scores. */
const MAX_REVIEWED = 10_000;

/** Most traces one "send this topic" action takes. */
const MAX_TOPIC_TRACES = 200;

/** How many recent eval runs `GET /api/quality` looks through for a route's offline scores. */
const OFFLINE_RUNS_SCANNED = 500;

/** The finished eval runs' variants that called `route`, with their quality. */
async function offlineScores(runs: Pick<RunStore, 'list'> | undefined, route: string): Promise<OfflineScore[]> {
  if (!runs) return [];
  const out: OfflineScore[] = [];
  for (const run of await runs.list(OFFLINE_RUNS_SCANNED)) {
    const summary = run.summary as Partial<RunSummary> | null;
    for (const v of summary?.variants ?? []) {
      if (v.model !== route || !v.quality || v.cases === 0) continue;
      out.push({ runId: run.id, name: run.name, variant: v.variant, at: run.finishedAt ?? run.createdAt, quality: v.quality.estimate, low: v.quality.low, high: v.quality.high, ...(v.quality.ruleOfThree ? { ruleOfThree: true as const } : {}), cases: v.cases });
    }
  }
  return out;
}

/**
 * `?route=` of the drift list, topic and quality views: no longer than any configured name can be
 * (a 5,000-character one was answered 200 with it echoed as the report's route).
 */
const ROUTE = param.custom(`a route or model name of at most ${MAX_MODEL_NAME_CHARS} characters`, (raw, name) => {
  if (raw.length > MAX_MODEL_NAME_CHARS) throw new SwitchyardError('invalid_request', `${name} must be a route or model name of at most ${MAX_MODEL_NAME_CHARS} characters, got ${describeValue(raw)}`, { param: name });
  return raw;
});

/** A route's topic or quality view over a range; the route is required. */
const ROUTE_RANGE_QUERY = { ...RANGE_QUERY, route: ROUTE } satisfies QuerySpec;

/** The route a topic or quality view needs, or a 400 saying how to ask. */
function requiredRoute(route: string | undefined, usage: string): string {
  if (!route) throw new SwitchyardError('invalid_request', `route is required: ${usage}`, { param: 'route' });
  return route;
}

function durationField(body: Record<string, unknown>, name: string, fallback: string): number {
  const value = body[name] ?? fallback;
  if (typeof value !== 'string') throw new SwitchyardError('invalid_request', `${name} must be a duration string like "24h" or "7d", got ${describeValue(value)}`, { param: name });
  return parseDuration(value, name);
}

function timeField(body: Record<string, unknown>, name: string): number | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw new SwitchyardError('invalid_request', `${name} must be ms since the epoch or an ISO time, got ${describeValue(value)}`, { param: name });
  return dated(ms, name, value);
}

/**
 * `ms` when a date holds it; past that a 400 naming `name`. A window of `"99999999999w"` or
 * `current_since: -1e300` was run: PostgreSQL answered 500 (out of range for bigint) and SQLite
 * stored a report whose window no date could print.
 */
function dated(ms: number, name: string, value: unknown): number {
  if (!isDateMs(ms)) throw new SwitchyardError('invalid_request', `${name} reaches past the dates a window can hold, ${DATE_RANGE_TEXT}, got ${describeValue(value)}`, { param: name });
  return ms;
}

/**
 * Monitoring's admin API: drift reports (list, one, run now), per-topic traffic of a route, its
 * online quality beside its offline eval runs, and alert rules with their state and notification
 * history (plus a test notification).
 *
 * @example driftRoutes(router, { monitor: stores.monitor, config: config.monitoring }) // GET /api/drift?route=support
 */
export function driftRoutes(router: Router<Principal>, deps: DriftApiDeps): void {
  const now = deps.now ?? Date.now;
  router.get('/api/drift', { query: { route: ROUTE, limit: param.int(1, 500) } }, async ({ res, query }) => {
    const docs = await deps.monitor.listDocs<DriftReport>('drift-report', { route: query.route, limit: query.limit ?? 50 });
    sendJson(res, 200, { reports: docs.map((d) => d.body) });
  });
  router.get('/api/drift/:id', async ({ res, params }) => {
    const doc = await deps.monitor.getDoc<DriftReport>('drift-report', params.id as string);
    if (!doc) throw new SwitchyardError('not_found', `no drift report ${quoteClipped(params.id)}`);
    sendJson(res, 200, doc.body);
  });
  router.post('/api/drift', async ({ req, res }) => {
    const body = await readJson(req);
    onlyFields(body, ['route', 'current', 'reference', 'current_since', 'reference_since', 'reference_until']);
    if (body.route !== undefined && (typeof body.route !== 'string' || body.route === '' || body.route.length > MAX_MODEL_NAME_CHARS)) {
      // No configured name is longer, so a longer one is never stored as a report's route.
      throw new SwitchyardError('invalid_request', `route must be a route or model name of at most ${MAX_MODEL_NAME_CHARS} characters, got ${describeValue(body.route)}`, { param: 'route' });
    }
    const at = now();
    // Rolling windows by duration, or pinned by times (a reference kept from a known-good week).
    const currentSince = timeField(body, 'current_since') ?? dated(at - durationField(body, 'current', `${deps.config.drift.current_hours}h`), 'current', body.current);
    const referenceUntil = timeField(body, 'reference_until') ?? currentSince;
    const referenceSince = timeField(body, 'reference_since') ?? dated(referenceUntil - durationField(body, 'reference', `${deps.config.drift.reference_hours}h`), 'reference', body.reference);
    if (referenceSince >= referenceUntil || currentSince >= at + 1) throw new SwitchyardError('invalid_request', 'the reference window must start before it ends, and the current window before now', { param: 'reference_since' });
    const report = await runDrift(deps.monitor, {
      route: body.route as string | undefined,
      reference: { since: referenceSince, until: referenceUntil },
      current: { since: currentSince, until: at + 1 },
      thresholds: { alpha: deps.config.drift.alpha, minPsi: deps.config.drift.min_psi, minKs: deps.config.drift.min_ks, minSamples: deps.config.drift.min_samples },
      now: at,
      random: Math.random,
    });
    sendJson(res, 201, report);
  });
  router.get('/api/topics', { query: ROUTE_RANGE_QUERY }, async ({ res, query }) => {
    const route = requiredRoute(query.route, '/api/topics?route=NAME');
    const range = rangeOf(query, now());
    // About 24 points per chart; all of it recent, the charts start at the first signal, as the overview's do.
    const stepMs = monitorStep(range.until - range.since);
    // People's verdicts on the range's traces (reviewed since it began), beside the online scores.
    const reviewed = deps.reviews ? reviewScores(await deps.reviews.reviewed({ since: range.since, limit: MAX_REVIEWED })) : new Map<string, number>();
    sendJson(res, 200, { ...(await topicReport(deps.monitor, route, { ...range, stepMs, zoom: monitorStep }, reviewed)), minTraces: deps.config.topics.min_traces });
  });
  // A topic's traces to the review queue or a dataset: failed, refused and low-scored ones first.
  const topicSelection = async (query: QueryValues<typeof ROUTE_RANGE_QUERY>, topicParam: string, body: Record<string, unknown>) => {
    const route = requiredRoute(query.route, `/api/topics/${clip(topicParam, 40)}/…?route=NAME`);
    const topic = Number(topicParam);
    if (!Number.isInteger(topic) || topic < -1) throw new SwitchyardError('invalid_request', `topic must be a topic id from GET /api/topics (an integer, -1 for unassigned), got ${quoteClipped(topicParam)}`, { param: 'topic' });
    const limit = body.limit ?? 20;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_TOPIC_TRACES) throw new SwitchyardError('invalid_request', `limit must be an integer from 1 to ${MAX_TOPIC_TRACES}, got ${describeValue(limit)}`, { param: 'limit' });
    const selection = await topicTraces(deps.monitor, route, topic, rangeOf(query, now()), limit);
    if (selection.traceIds.length === 0) throw new SwitchyardError('not_found', `no traces of topic ${topic} on route ${quoteClipped(route)} in this range`);
    return { route, topic, ...selection };
  };
  router.post('/api/topics/:topic/review', { query: ROUTE_RANGE_QUERY }, async ({ req, res, query, params }) => {
    if (!deps.reviews) throw new SwitchyardError('unsupported', 'review is not enabled on this server');
    const body = await readJson(req);
    onlyFields(body, ['limit', 'reason']);
    const { route, topic, label, traceIds } = await topicSelection(query, params.topic as string, body);
    const reason = typeof body.reason === 'string' && body.reason.trim() ? clip(body.reason, 500) : `topic “${label}” on ${route}`;
    const items = await deps.reviews.enqueue(traceIds.map((traceId) => ({ traceId, source: 'manual' as const, reason })));
    sendJson(res, 201, { route, topic, label, reason, queued: items.filter((i) => i.added).length, alreadyQueued: items.filter((i) => !i.added).length, traceIds });
  });
  router.post('/api/topics/:topic/dataset', { query: ROUTE_RANGE_QUERY }, async ({ req, res, query, params }) => {
    if (!deps.addToDataset) throw new SwitchyardError('unsupported', 'datasets are not available on this server');
    const body = await readJson(req);
    onlyFields(body, ['dataset', 'limit']);
    if (typeof body.dataset !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(body.dataset)) {
      throw new SwitchyardError('invalid_request', `dataset must be a name of letters, digits, ".", "_" or "-", got ${describeValue(body.dataset)}`, { param: 'dataset' });
    }
    const { route, topic, label, traceIds } = await topicSelection(query, params.topic as string, body);
    sendJson(res, 201, { route, topic, label, traceIds, ...(await deps.addToDataset(body.dataset, traceIds, new Map())) });
  });
  router.get('/api/quality', { query: ROUTE_RANGE_QUERY }, async ({ res, query }) => {
    const route = requiredRoute(query.route, '/api/quality?route=NAME');
    const range = rangeOf(query, now());
    sendJson(res, 200, await qualityReport(deps.monitor, route, { ...range, stepMs: monitorStep(range.until - range.since), zoom: monitorStep }, await offlineScores(deps.runs, route)));
  });
  router.get('/api/alerts', async ({ res }) => {
    const rules = await ruleStatuses(deps.monitor, deps.config.alerts);
    const events = (await deps.monitor.listDocs<AlertEvent>('alert-event', { limit: 100 })).map((d) => d.body);
    sendJson(res, 200, { rules, events, webhooks: Object.keys(deps.config.webhooks) });
  });
  router.post('/api/alerts/:rule/test', async ({ res, params }) => {
    const rule = params.rule as string;
    if (!deps.config.alerts.some((r) => r.name === rule)) throw new SwitchyardError('not_found', unknownRuleMessage(rule, deps.config.alerts));
    sendJson(res, 200, await sendTestAlert(rule, { store: deps.monitor, config: deps.config, clock: systemClock, baseDelayMs: 500 }));
  });
}
