/**
 * The request pipeline: its slots (guardrails in and out, the response cache, the routes and their
 * local models) around the fixed stages, and the client that calls back into it. Judges, guards,
 * teachers and cache embeddings call models through that client, so their calls are routed,
 * limited and traced like any other; they are given it late, once the gateway exists.
 */
import { resolve } from 'node:path';
import type { CacheStore } from '../cache/cache-store.js';
import { knowledgeFileFor } from '../config/default-store.js';
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import { type Log, withFields } from '../core/log.js';
import { Gateway } from '../gateway/gateway.js';
import { type GuardSlot, openGuardSlot, policySelector } from '../gateway/guard/guard-slot.js';
import { OpenBases } from '../gateway/knowledge/open-bases.js';
import { ModelClient } from '../gateway/model-client.js';
import type { CacheStage } from '../gateway/stages/cache-answers.js';
import type { KeyRegistry } from '../limits/keys.js';
import type { LimitStore } from '../limits/limit-store.js';
import type { Telemetry } from '../monitor/open-telemetry.js';
import type { ModelCatalog } from '../routing/catalog.js';
import type { TargetHealth } from '../routing/target-health.js';
import { openKnowledgeStore } from '../store/open-knowledge-store.js';
import type { OpenedTraceWriter } from '../store/open-trace-writer.js';
import type { Stores } from '../store/stores.js';
import { openCacheStage } from './cache-stage.js';
import { OpenedSoFar } from './release-on-failure.js';
import { guardScopeOf } from './guard-scope.js';
import { type LocalRoutesParts, type OpenedLocalRoutes, openLocalRoutes } from './open-local-routes.js';

export interface PipelineParts {
  stores: Stores;
  catalog: ModelCatalog;
  keys: KeyRegistry;
  limits: LimitStore;
  health: TargetHealth;
  cache: CacheStore;
  traceSink: OpenedTraceWriter['sink'];
  telemetry: Telemetry | undefined;
  clock: Clock;
  log: Log;
  onLiveModels: LocalRoutesParts['onLiveModels'];
}

export interface OpenedPipeline {
  gateway: Gateway;
  models: ModelClient;
  guards: GuardSlot;
  /** The knowledge bases routes ground in, opened on first use. */
  knowledge: OpenBases;
  local: OpenedLocalRoutes;
  /** Undefined when no name is cached. */
  cacheStage: CacheStage | undefined;
}

/** Opens the guard, route and cache slots in that order and builds the gateway over them. */
export async function openPipeline(config: Config, parts: PipelineParts): Promise<OpenedPipeline> {
  const { clock, log } = parts;
  let models: ModelClient | undefined;
  const modelsLater = () => models as ModelClient;
  const guards = await openGuardSlot(config.guardrails, { log: withFields(log, { component: 'guardrails' }), models: modelsLater });
  const guardScope = guardScopeOf(config.guardrails.policies, policySelector(config.guardrails.apply, guards.policies));
  const knowledge = knowledgeBases(config, log);
  const local = await openLocalRoutes(config, { stores: parts.stores, catalog: parts.catalog, knowledge, guards, models: modelsLater, clock, log, onLiveModels: parts.onLiveModels });
  // What fails past here closes the route slot (the guard slot and the bases hold nothing yet).
  const start = new OpenedSoFar(log);
  start.opened('route slot', () => local.routeSlot.close());
  const cacheStage = await start.step(() => openCacheStage(config, { store: parts.cache, clock, log: withFields(log, { component: 'cache' }), scopeOf: guardScope, knowledge, catalog: parts.catalog, models: modelsLater, unrestorable: guards.unrestorable }));
  const gateway = await start.step(() => gatewayOver(config, parts, { guards, cacheStage, local }));
  models = new ModelClient(gateway);
  return { gateway, models, guards, knowledge, local, cacheStage };
}

/** The gateway's fixed stages around the slots just opened. */
function gatewayOver(config: Config, parts: PipelineParts, slots: Pick<OpenedPipeline, 'guards' | 'cacheStage' | 'local'>): Gateway {
  const { clock, log } = parts;
  const { guards, cacheStage, local } = slots;
  return new Gateway({
    catalog: parts.catalog,
    keys: parts.keys,
    limits: parts.limits,
    limitOptions: { onStoreError: config.limits.on_error, unpriced: config.limits.unpriced, defaultMaxOutputTokens: config.limits.default_max_output_tokens },
    traces: parts.traceSink,
    keepBodies: config.traces.bodies === 'full',
    clock,
    random: Math.random,
    slots: {
      guardIn: guards.guardIn,
      cache: cacheStage ? [cacheStage.stage] : [],
      route: local.routeSlot.stages,
      guardOut: guards.guardOut,
      ...(guards.countBody ? { countBody: guards.countBody } : {}),
    },
    health: parts.health,
    responses: parts.stores.responses,
    log: withFields(log, { component: 'gateway' }),
    observers: parts.telemetry?.observers,
    tracing: parts.telemetry?.tracing,
  });
}

/** The knowledge bases, opened on the first retrieval: a gateway whose routes ground in nothing never touches them. */
function knowledgeBases(config: Config, log: Log): OpenBases {
  const knowledgeFile = 'postgres' in config.store ? undefined : resolve(knowledgeFileFor(config.store.sqlite));
  return new OpenBases(() => openKnowledgeStore(config.store), withFields(log, { component: 'knowledge' }), knowledgeFile);
}
