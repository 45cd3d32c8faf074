import type { ReviewerStore } from '../review/reviewer-store.js';
import type { KeySpendStore } from '../limits/key-spend.js';
import type { CorrectionSink, ReviewRouteDeps, UncorrectionSink } from './admin/review-routes.js';
import type { MonitoringConfig } from '../config/monitor-schema.js';
import type { MonitorStore } from '../monitor/signals/monitor-store.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TraceStore } from '../core/trace-store.js';
import type { SessionStore } from '../core/session-store.js';
import type { EvalStores } from '../evals/store/eval-stores.js';
import type { DatasetItem } from '../evals/types.js';
import type { KeyRegistry } from '../limits/keys.js';
import type { LimitStore } from '../limits/limit-store.js';
import type { KeyManager } from '../limits/manage-keys.js';
import type { ProviderCredentials } from '../limits/provider-credentials.js';
import type { RollupStore } from '../monitor/rollup-store.js';
import type { ReviewStore } from '../review/review-store.js';
import type { TraceWriter } from '../store/trace-writer.js';
import type { RetentionReport } from '../monitor/retention-report.js';
import type { RouteReport } from '../monitor/route-report.js';
import type { LimitHealth } from './health-status.js';
import type { AppSpanStore } from '../core/app-spans.js';
import { sendError } from './error-response.js';
import { toSwitchyardError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { ModelApiDeps } from './admin/model-routes.js';
import type { ProviderApiDeps } from './admin/provider-routes.js';
import type { KnowledgeApiDeps } from './admin/knowledge-routes.js';
import type { ErasureApiDeps } from './admin/erasure-routes.js';
import type { LoadtestStore } from '../loadtest/loadtest-store.js';
import type { RollupReader } from '../monitor/rollup.js';
import { createDashboard } from './dashboard-static.js';
import { isModelPathUnderApi, wantsDashboard } from './not-found.js';
import type { TrustedProxies } from './client-address.js';
import type { Log } from '../core/log.js';

/** The storage ports the admin and eval APIs read and write (`openStores` returns them all). */
export interface ControlPlaneStores extends EvalStores {
  traces: TraceStore;
  rollups: RollupStore;
  reviews: ReviewStore;
  sessions: SessionStore;
  /** Reviewer accounts: their personal keys sign in, and /api/reviewers manages them. */
  reviewers?: ReviewerStore;
  /** Spans applications sent over OTLP; the trace view shows them around a call. */
  spans?: AppSpanStore;
  /** Load test reports; `/api/loadtests` is served when present. */
  loadtests?: LoadtestStore;
  /** Spend per key from the traces (keys without a budget show theirs from here). */
  spend?: KeySpendStore;
}

export interface ControlPlaneOptions {
  stores: ControlPlaneStores;
  writer: TraceWriter;
  keys: KeyRegistry;
  limits: LimitStore;
  keyManager?: KeyManager;
  credentials?: ProviderCredentials;
  onKeysChanged?: () => Promise<void>;
  limitHealth?: () => Promise<LimitHealth>;
  /** Model and route names the config serves, so filters can set apart names nobody configured. */
  configuredModels?: readonly string[];
  /** The route names among them: lists label a route as one, not as a model. */
  configuredRoutes?: readonly string[];
  adminKey: string | undefined;
  /** `server.reviewer_key`: the reviewer role's credential. */
  reviewerKey?: string;
  /** The address the server binds; decides whether no credential means open or locked. */
  host: string;
  /**
   * The rollups the admin API reads, when not the store's own: the server's reads route branches
   * under today's names (`withBranchAliases`).
   */
  rollupReader?: RollupReader;
  /** Per-route reports for `GET /api/routes`. */
  routeReports?: (range: { since: number; until: number }) => Promise<RouteReport[]>;
  /** What traces are kept, for the dashboard. */
  retention?: RetentionReport;
  /** Circuit breakers and the response cache, for `GET /api/providers`. */
  providers?: ProviderApiDeps;
  /** The knowledge bases routes ground in, for `GET /api/knowledge…`. */
  knowledge?: KnowledgeApiDeps;
  /** Erasure requests (`POST /api/erasure`): a person's traces and every copy of them. */
  erasure?: Omit<ErasureApiDeps, 'audit'>;
  /** The local model registry, for `/api/models` (promote, demote, rollback). */
  models?: ModelApiDeps;
  /** Drift reports, topics and alert rules for `/api/drift`, `/api/topics`, `/api/alerts`. */
  monitoring?: { monitor: MonitorStore; config: MonitoringConfig };
  /** A person corrected a traced answer. */
  onCorrection?: CorrectionSink;
  /** A review that corrected a traced answer was undone. */
  onUncorrection?: UncorrectionSink;
  /** The labels a route's local model learns, and which one a correction names. */
  correctionLabel?: ReviewRouteDeps['correctionLabel'];
  /** Session idle and absolute timeouts (`server.session_idle_minutes`, `server.session_max_hours`). */
  sessionIdleMs?: number;
  sessionMaxAgeMs?: number;
  /** Audit lines: sign-ins, sign-outs, refused credentials. */
  audit?: Log;
  /** `server.trusted_proxies`: who a request behind a load balancer came from. */
  proxies?: TrustedProxies;
}

/**
 * True for addresses only this machine can reach.
 *
 * @example isLoopbackHost('127.0.0.1') // true; isLoopbackHost('0.0.0.0') // false
 */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Everything that is not the data plane: the admin API (with evaluation's routes mounted inside
 * its authentication) under /api, and the dashboard for any other GET. Returns false for paths
 * it does not serve.
 *
 * @example const control = createControlPlane({ stores, writer, keys, limits, adminKey, host }); if (control(req, res, path, url)) return;
 */
export function createControlPlane(options: ControlPlaneOptions) {
  const { stores } = options;
  const { datasets } = stores;
  // The admin API (with the evaluation, monitoring and knowledge code behind it, ~20 MB resident)
  // is loaded on the first /api request: a gateway nobody administers never holds it.
  let admin: Promise<(req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>> | undefined;
  const adminApi = () => (admin ??= import('./admin-api.js').then(({ createAdminApi }) => createAdminApi({
    store: stores.traces,
    writer: options.writer,
    rollups: options.rollupReader ?? stores.rollups,
    reviews: stores.reviews,
    keys: options.keys,
    limits: options.limits,
    spend: stores.spend,
    configuredModels: options.configuredModels,
    configuredRoutes: options.configuredRoutes,
    keyManager: options.keyManager,
    credentials: options.credentials,
    onKeysChanged: options.onKeysChanged,
    limitHealth: options.limitHealth,
    adminKey: options.adminKey,
    reviewerKey: options.reviewerKey,
    loopback: isLoopbackHost(options.host),
    sessions: stores.sessions,
    reviewers: stores.reviewers,
    sessionIdleMs: options.sessionIdleMs,
    sessionMaxAgeMs: options.sessionMaxAgeMs,
    audit: options.audit,
    proxies: options.proxies,
    evals: stores,
    routeReports: options.routeReports,
    retention: options.retention,
    spans: stores.spans,
    providers: options.providers,
    knowledge: options.knowledge,
    ...(options.erasure ? { erasure: { ...options.erasure, audit: options.audit } } : {}),
    models: options.models,
    loadtests: stores.loadtests,
    monitoring: options.monitoring,
    onCorrection: options.onCorrection,
    onUncorrection: options.onUncorrection,
    correctionLabel: options.correctionLabel,
    addToDataset: async (dataset, traceIds, reviews) => {
      const { addTracesToDataset } = await import('../evals/datasets/add-traces.js');
      const result = await addTracesToDataset(stores, { dataset, filter: { traceIds, limit: traceIds.length }, reviews });
      return { dataset: result.version.dataset, version: result.version.version, added: result.added, skipped: result.skipped, items: result.version.itemCount };
    },
    onDatasetReview: async (item, review) => {
      if (!item.datasetId || !item.datasetItemId) return;
      // Start from the item as the dataset has it now, so fields the review doesn't touch survive.
      const latest = await datasets.latest(item.datasetId);
      let existing: DatasetItem | undefined;
      if (latest) for await (const candidate of datasets.items(latest.id)) if (candidate.id === item.datasetItemId) existing = candidate;
      const input = typeof item.input === 'string' || (item.input && typeof item.input === 'object' && !Array.isArray(item.input)) ? (item.input as DatasetItem['input']) : JSON.stringify(item.input);
      const scored: DatasetItem = existing ? { ...existing } : { id: item.datasetItemId, input };
      if (scored.output === undefined && typeof item.output === 'string') scored.output = item.output;
      if (review.score !== null) scored.humanScore = review.score;
      if (review.corrected) scored.expected = review.corrected;
      // A person has now looked at it: synthetic items stop being "unreviewed".
      if (scored.metadata?.reviewed === false) scored.metadata = { ...scored.metadata, reviewed: true };
      await datasets.append(item.datasetId, [scored], `review by ${review.reviewer}`);
    },
  })));
  const dashboard = createDashboard();
  return function handle(req: IncomingMessage, res: ServerResponse, path: string, url: URL): boolean {
    if ((path === '/api' || path.startsWith('/api/')) && !isModelPathUnderApi(path)) {
      adminApi().then(
        (serve) => serve(req, res, url),
        (error: unknown) => sendError(res, 'openai', toSwitchyardError(error), newId('req')),
      );
      return true;
    }
    if (!wantsDashboard(req.method, path, req.headers)) return false;
    dashboard(req, res, path);
    return true;
  };
}
