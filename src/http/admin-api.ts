import type { ReviewerStore } from '../review/reviewer-store.js';
import { ReviewerManager } from '../review/manage-reviewers.js';
import { reviewerRoutes } from './admin/reviewer-routes.js';
import { jsonDocument } from '../core/json-document.js';
import type { KeySpendStore } from '../limits/key-spend.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { methodNotAllowed, SwitchyardError, toSwitchyardError } from '../core/errors.js';
import { KeyRegistry, type VirtualKey } from '../limits/keys.js';
import type { LimitStore } from '../limits/limit-store.js';
import type { KeyManager } from '../limits/manage-keys.js';
import type { ProviderCredentials } from '../limits/provider-credentials.js';
import type { RollupReader } from '../monitor/rollup.js';
import type { ReviewStore } from '../review/review-store.js';
import type { TraceStore } from '../core/trace-store.js';
import type { TraceWriter } from '../store/trace-writer.js';
import type { SessionStore } from '../core/session-store.js';
import { AdminAccess, type Principal } from './admin/access.js';
import { type EvalApiDeps, evalRoutes } from './admin/eval-routes.js';
import { type DriftApiDeps, driftRoutes } from './admin/drift-routes.js';
import { handleFeedback } from './admin/feedback-routes.js';
import { API_HEADERS, sendJson } from './admin/http-kit.js';
import { keyRoutes } from './admin/key-routes.js';
import { type ModelApiDeps, modelRoutes } from './admin/model-routes.js';
import { AUTO_RANGE_QUERY, monitorRoutes, rangeOf } from './admin/monitor-routes.js';
import { spanRoutes } from './admin/span-routes.js';
import type { AppSpanStore } from '../core/app-spans.js';
import { type RetentionReport, retentionReport } from '../monitor/retention-report.js';
import type { RouteReport } from '../monitor/route-report.js';
import { recentRange } from '../monitor/overview.js';
import type { LimitHealth } from './health-status.js';
import { type ProviderApiDeps, providerRoutes } from './admin/provider-routes.js';
import { type KnowledgeApiDeps, knowledgeRoutes } from './admin/knowledge-routes.js';
import { type ErasureApiDeps, erasureRoutes } from './admin/erasure-routes.js';
import { loadtestRoutes } from './admin/loadtest-routes.js';
import type { LoadtestStore } from '../loadtest/loadtest-store.js';
import { type AddToDataset, type CorrectionSink, type DatasetReviewSink, type ReviewRouteDeps, reviewRoutes, type UncorrectionSink } from './admin/review-routes.js';
import { Router } from './admin/router.js';
import { authorize } from './admin/roles.js';
import { handleSession, sessionRoutes } from './admin/session-routes.js';
import { traceRoutes } from './admin/trace-routes.js';
import { KEY_MAY, ownTraceRoutes } from './admin/own-trace-routes.js';
import { errorBody } from './error-response.js';
import type { TrustedProxies } from './client-address.js';
import type { Log } from '../core/log.js';

/** A node-style handler another feature mounts under /api (the eval API); false when the path isn't its. */
export type ApiHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

export interface AdminApiOptions {
  /** Model and route names the config serves (`GET /api/dimensions` sets apart the others). */
  configuredModels?: readonly string[];
  /** The route names among them (`GET /api/dimensions` lists them as `routeNames`). */
  configuredRoutes?: readonly string[];
  /** Spend per key from the traces: what a key without a budget has spent (this month) is read here. */
  spend?: KeySpendStore;
  store: TraceStore;
  writer?: TraceWriter;
  rollups?: RollupReader;
  reviews?: ReviewStore;
  keys?: KeyRegistry;
  limits?: LimitStore;
  /** Creates, rotates and revokes runtime keys; without it /api/keys is read-only. */
  keyManager?: KeyManager;
  /** Provider credentials added at runtime, stored sealed. */
  credentials?: ProviderCredentials;
  /** Reloads this replica's keys right after a change made through the API. */
  onKeysChanged?: () => Promise<void>;
  /** Where limits live and whether it answers (GET /api/keys, /health). */
  limitHealth?: () => Promise<LimitHealth>;
  /** `server.admin_key`; without it the API is open on loopback and off elsewhere. */
  adminKey?: string;
  /** `server.reviewer_key`: the reviewer role, which reads and decides the review queue only. */
  reviewerKey?: string;
  /** Whether the server is bound to a loopback address (default true). */
  loopback?: boolean;
  /** Dashboard sessions (default: this process's memory); the shared store in a server. */
  sessions?: SessionStore;
  /** Reviewer accounts (personal keys): /api/reviewers is served, and their keys sign in, when present. */
  reviewers?: ReviewerStore;
  /** Session idle and absolute timeouts (defaults 2 h and 12 h). */
  sessionIdleMs?: number;
  sessionMaxAgeMs?: number;
  /** Audit lines for sign-ins, sign-outs and refused credentials. */
  audit?: Log;
  /** `server.trusted_proxies`: who the sign-in throttle and audit lines name behind a load balancer. */
  proxies?: TrustedProxies;
  addToDataset?: AddToDataset;
  onDatasetReview?: DatasetReviewSink;
  /** A person corrected a traced answer (review or feedback). */
  onCorrection?: CorrectionSink;
  /** A review that corrected a traced answer was undone. */
  onUncorrection?: UncorrectionSink;
  /** The labels a route's local model learns, and which one a correction names (see ReviewRouteDeps). */
  correctionLabel?: ReviewRouteDeps['correctionLabel'];
  /** Handlers of other features, tried after authentication when no admin route matched. */
  extra?: readonly ApiHandler[];
  /** Datasets, eval runs and judges (`/api/datasets`, `/api/evals`, `/api/judges`). */
  evals?: EvalApiDeps;
  /** Per-route traffic, local-model state and savings (`GET /api/routes`), built by the composition root. */
  routeReports?: (range: { since: number; until: number }) => Promise<RouteReport[]>;
  /** Spans applications sent over OTLP (`GET /api/traces/:id/spans`). */
  spans?: AppSpanStore;
  /** What traces are kept (`GET /api/retention`), for the dashboard to say. */
  retention?: RetentionReport;
  /** Circuit breakers and the response cache (`GET /api/providers`, `DELETE /api/cache`). */
  providers?: ProviderApiDeps;
  /** The knowledge bases routes ground in (`GET /api/knowledge…`, read-only). */
  knowledge?: KnowledgeApiDeps;
  /** Erasure requests (`POST /api/erasure`). */
  erasure?: ErasureApiDeps;
  /** The local model registry: list, promote, demote, roll back (`/api/models`). */
  models?: ModelApiDeps;
  /** Load test reports (`/api/loadtests`). */
  loadtests?: LoadtestStore;
  /** Drift reports, topics and alerts (`/api/drift`, `/api/topics`, `/api/alerts`). */
  monitoring?: Omit<DriftApiDeps, 'now'>;
  now?: () => number;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/**
 * A review page holding the item it has open (`/api/review/items/ID/claim`): taken, renewed every
 * two minutes and let go for each item a reviewer looks at, it decides nothing, and filled the
 * audit log with two or more lines per item. A skip (which lets go of the hold and orders that
 * reviewer's own queue) decides nothing either.
 */
const REVIEW_HOLD = /^\/api\/review\/items\/[^/]+\/(claim|skip)$/;

/** What the dashboard shows in its banner when access is open or locked. */
export function accessBanner(access: AdminAccess): string | null {
  if (access.mode === 'open') return 'No admin credential is configured: the dashboard is open to anyone on this machine. Set server.admin_key before exposing it.';
  if (access.mode === 'locked') return 'The admin API is off: this server listens beyond loopback and no server.admin_key is configured.';
  return null;
}

function sendApiError(res: ServerResponse, error: SwitchyardError): void {
  if (res.headersSent) return;
  const body = jsonDocument(errorBody('openai', error, ''));
  const headers: Record<string, string | number> = { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...API_HEADERS };
  if (error.retryAfter !== undefined) headers['retry-after'] = Math.ceil(error.retryAfter);
  if (error.allow) headers.allow = error.allow.join(', ');
  res.writeHead(error.status, headers);
  res.end(body);
}

/**
 * The admin API under `/api`, what the dashboard and CLI read: traces, overview aggregates, keys,
 * the review queue and feedback, plus whatever other features mount (`extra`). Every route but
 * /api/session and /api/feedback needs an admin principal (see AdminAccess).
 *
 * @example
 * const admin = createAdminApi({ store, rollups, reviews, keys, adminKey: config.server.admin_key });
 * server.on('request', (req, res) => admin(req, res, new URL(req.url ?? '/', 'http://localhost')));
 */
export function createAdminApi(options: AdminApiOptions) {
  const keys = options.keys ?? new KeyRegistry([]);
  const access = new AdminAccess({
    adminKey: options.adminKey,
    reviewerKey: options.reviewerKey,
    loopback: options.loopback ?? true,
    keys,
    sessions: options.sessions,
    reviewers: options.reviewers,
    idleMs: options.sessionIdleMs,
    maxAgeMs: options.sessionMaxAgeMs,
    audit: options.audit,
    proxies: options.proxies,
    clock: options.now ? { now: options.now } : undefined,
  });
  const banner = accessBanner(access);
  const router = new Router<Principal>();
  const traceDeps = { store: options.store, writer: options.writer, reviews: options.reviews, audit: options.audit };
  traceRoutes(router, traceDeps);
  const keyRouter = new Router<VirtualKey>();
  ownTraceRoutes(keyRouter, traceDeps);
  if (options.spans) spanRoutes(router, traceDeps, options.spans);
  sessionRoutes(router, access);
  if (options.reviewers) reviewerRoutes(router, new ReviewerManager(options.reviewers, options.now));
  monitorRoutes(router, { rollups: options.rollups, configuredModels: options.configuredModels, configuredRoutes: options.configuredRoutes, openGateway: () => keys.open, now: options.now });
  keyRoutes(router, { keys, limits: options.limits, spend: options.spend, manager: options.keyManager, credentials: options.credentials, limitHealth: options.limitHealth, configuredModels: options.configuredModels, onChanged: options.onKeysChanged, now: options.now });
  const retention = options.retention ?? retentionReport(undefined, false);
  router.get('/api/retention', async ({ res }) => sendJson(res, 200, retention));
  if (options.monitoring) driftRoutes(router, { runs: options.evals?.runs, reviews: options.reviews, addToDataset: options.addToDataset, ...options.monitoring, now: options.now });
  const reports = options.routeReports;
  if (reports) {
    router.get('/api/routes', { query: AUTO_RANGE_QUERY }, async ({ res, query }) => {
      const now = (options.now ?? Date.now)();
      // range=auto: the day, or its last hour when all of the day's traffic is in it, by the overview's
      // rule, the answer saying which (the routes page asked for the day, then again for the hour).
      if (query.range === 'auto' && query.since === undefined) {
        const range = options.rollups ? await recentRange(options.rollups, now) : '24h';
        sendJson(res, 200, { routes: await reports({ since: now - (range === '1h' ? 3_600_000 : 86_400_000), until: now }), range });
      } else sendJson(res, 200, { routes: await reports(rangeOf(query, now)) });
    });
  }
  if (options.providers) providerRoutes(router, options.providers);
  if (options.knowledge) knowledgeRoutes(router, options.knowledge);
  if (options.erasure) erasureRoutes(router, options.erasure);
  if (options.models) modelRoutes(router, { ...options.models, now: options.models.now ?? options.now });
  if (options.loadtests) loadtestRoutes(router, options.loadtests, options.now ?? Date.now);
  if (options.reviews) reviewRoutes(router, { ...traceDeps, reviews: options.reviews, addToDataset: options.addToDataset, onDatasetReview: options.onDatasetReview, onCorrection: options.onCorrection, onUncorrection: options.onUncorrection, correctionLabel: options.correctionLabel, now: options.now });
  if (options.evals) evalRoutes(router, options.evals);

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const ctx = { req, res, url, params: {} };
    if (url.pathname === '/api/session') return handleSession(ctx, access, banner);
    if (url.pathname === '/api/feedback') {
      if (!options.reviews) throw new SwitchyardError('unsupported', 'feedback is not enabled on this server');
      return handleFeedback(ctx, { ...traceDeps, reviews: options.reviews, access, keys, onCorrection: options.onCorrection });
    }
    const principal = await access.authenticate(req);
    if (principal.kind !== 'admin') {
      if (await keyRouter.dispatch(req, res, url, principal.key)) return;
      throw new SwitchyardError('forbidden', KEY_MAY);
    }
    authorize(principal, req.method ?? 'GET', url.pathname);
    // Every change an admin makes leaves an audit line: who, how signed in, what, and the outcome.
    if (options.audit && !READS.has(req.method ?? 'GET') && !REVIEW_HOLD.test(url.pathname)) {
      const audit = options.audit;
      res.once('finish', () => audit(`${JSON.stringify(principal.name)} (${principal.via}${principal.personal ? ', personal key' : ''}) ${req.method} ${url.pathname} → ${res.statusCode}`, { level: res.statusCode >= 500 ? 'error' : 'info', admin: principal.name, method: req.method, path: url.pathname, status: res.statusCode }));
    }
    if (await router.dispatch(req, res, url, principal)) return;
    for (const handler of options.extra ?? []) if (await handler(req, res, url)) return;
    const allowed = router.methodsFor(url.pathname);
    if (allowed.length) throw methodNotAllowed(url.pathname, req.method, allowed);
    throw new SwitchyardError('not_found', `no admin endpoint ${req.method} ${url.pathname}`);
  }

  const handle = async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    try {
      await route(req, res, url);
    } catch (error) {
      sendApiError(res, toSwitchyardError(error));
    }
  };
  return Object.assign(handle, { access, banner });
}
