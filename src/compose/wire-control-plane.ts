/**
 * The admin API and dashboard (`/api`, `/ui`) over the gateway core: what each admin page reads
 * and changes (keys, providers, knowledge bases, erasure, local models, corrections, reports).
 * Kept apart from the server's start so each admin feature's wiring reads as one block.
 */
import { existsSync } from 'node:fs';
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import type { Log } from '../core/log.js';
import type { TrustedProxies } from '../http/client-address.js';
import { type ControlPlaneOptions, createControlPlane } from '../http/control-plane.js';
import { DEFAULT_BAR } from '../local/registry/manage-models.js';
import type { LocalRoute } from '../local/serving/local-route.js';
import { teacherLabel } from '../local/serving/teacher-label.js';
import { branchAliases, withBranchAliases } from '../monitor/branch-aliases.js';
import { retentionReport } from '../monitor/retention-report.js';
import { type LocalModelState, routeReports, routeShapes } from '../monitor/route-report.js';
import { lastUserText } from '../review/last-user-text.js';
import { eraseCopies } from '../store/erase-copies.js';
import { purgeCopies } from '../store/purge-copies.js';
import type { GatewayCore } from './gateway-core.js';

export interface ControlPlaneParts {
  /** Erasures and purges are dated with the clock the calls' traces were. */
  clock: Clock;
  log: Log;
  proxies: TrustedProxies;
  /** The address the server listens on (a loopback one lets the dashboard in without an admin key). */
  host: string;
}

/** The admin API's request handler (`createControlPlane`), wired to the core. */
export function wireControlPlane(config: Config, core: GatewayCore, parts: ControlPlaneParts): ReturnType<typeof createControlPlane> {
  const { stores, traces } = core;
  const { log } = parts;
  // Route totals stored before 2026-12-04 name a branch by its upstream model, read as its target; up to
  // 2026-12-06 the gateway's own branches without parentheses (`local`), read as today's (`(local)`).
  const rollupReader = withBranchAliases(stores.rollups, () => branchAliases(config.models, config.routes));
  return createControlPlane({
    stores,
    rollupReader,
    writer: traces,
    keys: core.keys,
    limits: core.limits,
    keyManager: core.keyManager,
    credentials: core.credentials,
    onKeysChanged: () => core.keySync.refresh(),
    limitHealth: core.limitHealth,
    configuredModels: [...Object.keys(config.models), ...Object.keys(config.routes)],
    configuredRoutes: Object.keys(config.routes),
    adminKey: config.server.admin_key,
    reviewerKey: config.server.reviewer_key,
    host: parts.host,
    providers: { targets: () => core.health.snapshot(), cache: core.cache, cacheHeld: core.cacheHeld, cachedNames: Object.keys(config.cache.routes) },
    knowledge: knowledgeAdmin(core, parts.clock),
    erasure: erasureAdmin(core, parts.clock),
    models: localModelsAdmin(config, core),
    sessionIdleMs: config.server.session_idle_minutes * 60_000,
    sessionMaxAgeMs: config.server.session_max_hours * 3_600_000,
    audit: (line, fields) => log(`audit: ${line}`, { component: 'audit', ...fields }),
    proxies: parts.proxies,
    retention: retentionReport(config.traces.retention, config.keys.some((k) => k.budget !== undefined), config.monitoring.keep_days),
    monitoring: { monitor: stores.monitor, config: config.monitoring },
    routeReports: (range) => routeReports(rollupReader, routeShapes(config.routes), range, localStates(core.locals)),
    ...corrections(core),
  });
}

/** Knowledge bases: published, changed and purged through the admin API (a purge removes the copies in traces and the cache too). */
function knowledgeAdmin(core: GatewayCore, clock: Clock): ControlPlaneOptions['knowledge'] {
  const { stores, traces } = core;
  return {
    store: () => core.knowledge.readStore(),
    changed: (name) => core.knowledge.refreshNow(name),
    purged: (name, docIds) => purgeCopies({ stores, cache: core.cache, flushTraces: () => traces.flush() }, { base: name, docIds, at: clock.now() }),
    present: () => core.knowledge.file === undefined || existsSync(core.knowledge.file),
    file: core.knowledge.file,
  };
}

/** Erasure by a user's id or a match: every copy (traces, cache, examples, reviews), once what is in flight to them is written. */
function erasureAdmin(core: GatewayCore, clock: Clock): ControlPlaneOptions['erasure'] {
  const { stores, traces } = core;
  return {
    erase: (match, how) => eraseCopies({ stores, cache: core.cache, flushTraces: () => traces.flush(), flushExamples: () => examplesWritten(core) }, match, { at: clock.now(), dryRun: how.dryRun }),
    ...(core.pseudonyms ? { pseudonyms: core.pseudonyms } : {}),
  };
}

/** The local models' registry: promotions, rollbacks and demotions served on this replica at once. */
function localModelsAdmin(config: Config, core: GatewayCore): ControlPlaneOptions['models'] {
  return {
    registry: core.stores.models,
    examples: core.stores.examples,
    // The configured task's bar; a route this config has no task for is held to the task defaults.
    barFor: (route) => {
      const task = config.routes[route]?.options.task;
      return task ? { minPrecision: task.min_precision, minCoverage: task.min_coverage } : DEFAULT_BAR;
    },
    onChanged: () => core.syncLiveModels(),
    configuredRoutes: Object.keys(config.routes),
    onDemoted: async (route, reason) => {
      core.localReviews.demoted(route, reason, null, true);
      await core.localReviews.settled();
    },
  };
}

/** Reviewers' corrections of a local route's answers, which become (or amend) its training examples. */
function corrections(core: GatewayCore): Pick<ControlPlaneOptions, 'onCorrection' | 'onUncorrection' | 'correctionLabel'> {
  return {
    onCorrection: async (traceId, corrected) => {
      for (const local of core.locals.values()) {
        const label = await local.correct(traceId, corrected);
        if (label !== undefined) return { route: local.route, label };
      }
      // A call its route answered locally kept no example to correct: the correction becomes one.
      const trace = await core.store.getTrace(traceId);
      const local = trace ? core.locals.get(trace.requestedModel) : undefined;
      const label = trace && local ? local.teach(lastUserText(trace.request), corrected, traceId) : undefined;
      return local && label !== undefined ? { route: local.route, label } : undefined;
    },
    onUncorrection: async (traceId) => {
      for (const local of core.locals.values()) if (await local.uncorrect(traceId)) return { route: local.route };
      return undefined;
    },
    correctionLabel: (route, corrected) => {
      const local = core.locals.get(route);
      const labels = local?.task.labels;
      return local && labels ? { labels, label: teacherLabel(corrected, local.task) } : undefined;
    },
  };
}

/** Resolves once every local route's examples of the calls answered so far are stored, and the disagreements their shadow checks flagged are queued for review. */
async function examplesWritten(core: Pick<GatewayCore, 'locals' | 'localReviews'>): Promise<void> {
  await Promise.all([...core.locals.values()].map((local) => local.examplesWritten()));
  await core.localReviews.settled();
}

/** The running local models' state, as plain data for reports. */
export function localStates(locals: ReadonlyMap<string, LocalRoute>): Record<string, LocalModelState> {
  const out: Record<string, LocalModelState> = {};
  for (const [route, local] of locals) {
    const status = local.status();
    out[route] = {
      liveVersion: status.live?.version ?? null,
      heldOut: status.live ? { precision: status.live.metrics.precision, coverage: status.live.metrics.coverage, accuracy: status.live.metrics.accuracy, examples: status.live.metrics.examples } : null,
      live: { precision: status.shadow.precision, coverage: status.shadow.coverage, shadowed: status.shadow.shadowed },
      examples: status.examples,
      training: status.training,
      waiting: status.waiting,
    };
  }
  return out;
}
