import type { MonitoringConfig } from '../config/monitor-schema.js';
import type { Clock, Random } from '../core/clock.js';
import type { TraceStore } from '../core/trace-store.js';
import type { ModelCaller } from '../evals/client/model-caller.js';
import type { AlertBudget } from './alerts/alert-metrics.js';
import { evaluateAlerts } from './alerts/evaluate-alerts.js';
import type { DriftReport } from './drift/drift-types.js';
import { type OnlineEvaluator, runOnlineEval } from './online/online-eval.js';
import type { MonitorStore } from './signals/monitor-store.js';
import { type EmbedTexts, upkeepTopics } from './topics/topic-upkeep.js';
import type { Log } from '../core/log.js';

export interface MonitorWorkerOptions {
  config: MonitoringConfig;
  monitor: MonitorStore;
  traces: Pick<TraceStore, 'getTrace'>;
  /** Routes and models whose traffic gets topics and scheduled drift reports. */
  routes: () => readonly string[];
  evaluators: readonly OnlineEvaluator[];
  caller?: ModelCaller;
  clock: Clock;
  random: Random;
  log?: Log;
  /** Webhook retry pacing (tests shorten it). */
  webhookBaseDelayMs?: number;
  /** Budgets by key and team name, for `budget_burn_rate` rules. */
  budgets?: { keys: Readonly<Record<string, AlertBudget>>; teams: Readonly<Record<string, AlertBudget>> };
  /** The trace writer's backlog now, for `trace_backlog` rules. */
  traceBacklog?: () => number;
}

/** What one pass did, for logs and tests. */
export interface MonitorPass {
  topicsAssigned: number;
  topicModelsFitted: string[];
  scored: number;
  driftReports: DriftReport[];
  alerts: number;
}

/**
 * The background half of monitoring: every `interval_seconds` it assigns topics to new traces
 * (fitting a route's model once it has enough prompts), scores a sample of live traces with the
 * configured scorers and judges, writes scheduled drift reports, and checks alert rules. Runs
 * never overlap, nothing here is on the request path, and a failing step is logged and retried
 * on the next pass.
 *
 * @example const worker = new MonitorWorker({ config: config.monitoring, monitor: stores.monitor, … }); worker.start(); … await worker.stop();
 */
export class MonitorWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<MonitorPass> | undefined;
  private scoredUntil: number | undefined;

  constructor(private readonly options: MonitorWorkerOptions) {}

  start(): void {
    if (this.timer || !this.options.config.enabled) return;
    this.timer = setInterval(() => void this.runOnce().catch(() => undefined), this.options.config.interval_seconds * 1_000);
    this.timer.unref();
  }

  /** Stops the schedule and waits for a pass in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One pass now (or the one already running). */
  runOnce(): Promise<MonitorPass> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** `monitoring.topics.embedding_model` called through the in-process gateway (routed, costed, traced like online evaluation's calls). */
  private topicEmbeddings(): { model: string; embed: EmbedTexts } | undefined {
    const model = this.options.config.topics.embedding_model;
    const caller = this.options.caller;
    if (model === undefined || !caller) return undefined;
    return { model, embed: async (name, texts) => (await caller.embed(name, texts, { eval_run: 'topics', case: 'embed', variant: name })).vectors };
  }

  private async pass(): Promise<MonitorPass> {
    const { config, monitor, clock, log } = this.options;
    const now = clock.now();
    const result: MonitorPass = { topicsAssigned: 0, topicModelsFitted: [], scored: 0, driftReports: [], alerts: 0 };
    const step = async (name: string, work: () => Promise<void>) => {
      try {
        await work();
      } catch (error) {
        log?.(`monitor: ${name} failed, will retry next pass: ${(error as Error).message}`, { level: 'warn' });
      }
    };
    for (const route of this.options.routes()) {
      await step(`topics of ${route}`, async () => {
        const done = await upkeepTopics(monitor, route, { minTraces: config.topics.min_traces, maxTraces: config.topics.max_traces, k: config.topics.k, now, random: this.options.random, embeddings: this.topicEmbeddings(), log });
        result.topicsAssigned += done.assigned;
        if (done.fitted) result.topicModelsFitted.push(route);
      });
    }
    if (this.options.caller && this.options.evaluators.length > 0) {
      await step('online evaluation', async () => {
        // Traces are written a little after they start: look back a minute past the last pass.
        const since = Math.max(now - 86_400_000, (this.scoredUntil ?? now - 3_600_000) - 60_000);
        result.scored = await runOnlineEval({ evaluators: this.options.evaluators, monitor, traces: this.options.traces, caller: this.options.caller as ModelCaller, since, until: now + 1, log });
        this.scoredUntil = now;
      });
    }
    if (config.drift.every_minutes > 0) {
      for (const route of this.options.routes()) {
        await step(`drift of ${route}`, async () => {
          const last = (await monitor.listDocs<DriftReport>('drift-report', { route, limit: 1 }))[0];
          if (last && now - last.ts < config.drift.every_minutes * 60_000) return;
          const currentSince = now - config.drift.current_hours * 3_600_000;
          // A route without enough current traffic gets no report (and no alarm) this pass.
          const current = await monitor.listSignals({ route, since: currentSince, until: now + 1, limit: config.drift.min_samples });
          if (current.length < config.drift.min_samples) return;
          // Loaded on the first report due: its statistics library is ~12 MB resident.
          const { runDrift } = await import('./drift/drift-report.js');
          const report = await runDrift(monitor, {
            route,
            reference: { since: currentSince - config.drift.reference_hours * 3_600_000, until: currentSince },
            current: { since: currentSince, until: now + 1 },
            thresholds: { alpha: config.drift.alpha, minPsi: config.drift.min_psi, minKs: config.drift.min_ks, minSamples: config.drift.min_samples },
            now,
            random: this.options.random,
          });
          result.driftReports.push(report);
          if (report.drifted) log?.(`monitor: drift on ${route}: ${report.headline[0] ?? ''}`, { level: 'warn', route });
        });
      }
    }
    await step('pruning', async () => {
      await monitor.prune(now - config.keep_days * 86_400_000, ['drift-report', 'alert-event']);
    });
    await step('alerts', async () => {
      const events = await evaluateAlerts({ store: monitor, config, clock, log, baseDelayMs: this.options.webhookBaseDelayMs, budgets: this.options.budgets, traceBacklog: this.options.traceBacklog });
      result.alerts = events.length;
    });
    return result;
  }
}
