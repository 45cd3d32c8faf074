import { collectDefaultMetrics, Counter, type CounterConfiguration, Gauge, Histogram, Registry } from 'prom-client';
import type { TraceRecord } from '../../core/trace.js';
import type { TargetStatus } from '../../routing/target-health.js';
import { unpricedModel } from '../../core/unpriced.js';
import type { CallObserver } from '../../gateway/stages/record-trace.js';
import { isGatewayRefusal, nestedBranchesOf, routeBranchOf } from '../rollup.js';
import { BoundedLabel } from './bounded-label.js';
import { CounterBatch } from './counter-batch.js';
import { decisionOutcome, isStageName } from './decision-outcome.js';

/** The names a deployment configured: the values labels may take without counting as extras. */
export interface MetricLabelValues {
  /** Models and routes clients may ask for (the unknown-model bucket is added). */
  models: readonly string[];
  providers: readonly string[];
  keys: readonly string[];
  teams: readonly string[];
}

/** What the metrics read at scrape time, so nothing is counted on the request path for them. */
export interface MetricGauges {
  /** Model calls being answered now. */
  inFlight?: () => number;
  /** The trace writer's state: queued, stored so far, and how far each derived sink lags. */
  writer?: () => { pending: number; written: number; lagging: Record<string, number> };
  /** Spans the OpenTelemetry collector did not take. */
  otelFailedSpans?: () => number;
  /** Each target's circuit breaker (TargetHealth.snapshot). */
  targets?: () => readonly Pick<TargetStatus, 'target' | 'state' | 'opened'>[];
}

export interface GatewayMetricsOptions {
  labels: MetricLabelValues;
  /** Node.js process metrics (CPU, memory, event-loop delay, GC). */
  processMetrics?: boolean;
  /** This process's replica name (core/replica-name.ts): exposed once, as `switchyard_replica_info`, not as a label of every series. */
  replica?: string;
}

// Latency of LLM calls spans milliseconds (a cache or local model) to minutes (long answers).
// From 2.5 s up no bucket is more than 2x the one below: with 10 s then 30 s, answers of
// 10-20 s came out of histogram_quantile as p50 18.5 s and p95 28.9 s where the traces said 14.7
// and 19.0 (the operator walk, docs/measurements.md). First tokens of reasoning models take
// 20 s to minutes: past the top bucket, a percentile reads as that bucket's bound. Boundaries
// are only ever added, so queries and SLOs on an `le` keep their series.
const DURATION_BUCKETS = [0.005, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 7.5, 10, 15, 20, 30, 45, 60, 120, 300];
// First tokens of hosted models mostly take 0.15-0.5 s: with 0.25 then 0.5 there, streams whose
// traces said p95 0.32 s read 0.41 s; 0.15 and 0.35 keep each step there under 1.7x.
const TTFT_BUCKETS = [0.005, 0.025, 0.05, 0.1, 0.15, 0.25, 0.35, 0.5, 0.75, 1, 1.5, 2.5, 5, 10, 15, 20, 30, 45, 60, 120];
/** Extra values a label admits past the configured ones before it says `(other)`. */
const EXTRAS = 20;
/** The model label of a call whose body named none: an empty value is, to Prometheus, no label at all. */
const NO_MODEL = '(no model)';

/**
 * The gateway's Prometheus metrics, counted from traces: every settled call is queued by
 * `observe` (an array push) and folded into the counters on the next turn of the event loop, so
 * the request path pays nothing for them. Labels are bounded (see BoundedLabel).
 *
 * @example
 * const metrics = new GatewayMetrics({ labels: { models: ['small'], providers: ['openai'], keys: [], teams: [] } });
 * new Gateway({ …, observers: [metrics] }); res.end(await metrics.render());
 */
export class GatewayMetrics implements CallObserver {
  readonly registry = new Registry();
  private queue: TraceRecord[] = [];
  private scheduled = false;
  private readonly model: BoundedLabel;
  private readonly provider: BoundedLabel;
  private readonly key: BoundedLabel;
  private readonly team: BoundedLabel;
  private readonly cause = new BoundedLabel([], 40);
  private readonly status = new BoundedLabel([], 40);
  private readonly route = new BoundedLabel([], 200);
  /** Branches of routes reached through another route (`ab > small`), bounded apart so they cannot crowd out the routes called. */
  private readonly nestedRoute = new BoundedLabel([], 200);
  private readonly decision = new BoundedLabel([], 100);
  private readonly upstreamModel = new BoundedLabel([], EXTRAS);

  // Counters are added to through batches, flushed at the end of each fold.
  private readonly requests: CounterBatch<'endpoint' | 'model' | 'provider' | 'status'>;
  private readonly errors: CounterBatch<'model' | 'provider' | 'cause'>;
  private readonly refused: CounterBatch<'model' | 'cause'>;
  private readonly duration: Histogram<'endpoint' | 'model' | 'provider'>;
  private readonly ttft: Histogram<'model' | 'provider'>;
  private readonly tokens: CounterBatch<'model' | 'provider' | 'type'>;
  private readonly cost: CounterBatch<'model' | 'provider'>;
  private readonly unpriced: CounterBatch<'model' | 'provider' | 'upstream_model'>;
  private readonly unpricedTokens: CounterBatch<'model' | 'provider' | 'type'>;
  private readonly keyRequests: CounterBatch<'key' | 'team'>;
  private readonly keyCost: CounterBatch<'key' | 'team'>;
  private readonly keyTokens: CounterBatch<'key' | 'team'>;
  private readonly attempts: CounterBatch<'provider' | 'status'>;
  private readonly extraAttempts: CounterBatch<'provider' | 'kind'>;
  private readonly routes: CounterBatch<'route' | 'branch' | 'via'>;
  /** The same counter's series with `via` (a batch keys series by label position, so one per label set). */
  private readonly nestedRoutes: CounterBatch<'route' | 'branch' | 'via'>;
  private readonly decisions: CounterBatch<'stage' | 'outcome'>;
  private readonly guards: CounterBatch<'check' | 'stage' | 'action'>;
  /** Every counter above, flushed at the end of each fold (`counter` adds each one). */
  private readonly batches: CounterBatch<string>[] = [];
  private readonly guardLabel = new BoundedLabel([], 200);

  constructor(options: GatewayMetricsOptions) {
    const { labels } = options;
    this.model = new BoundedLabel([...labels.models, '(unknown model)', NO_MODEL], EXTRAS);
    this.provider = new BoundedLabel([...labels.providers, 'local', 'none'], EXTRAS);
    this.key = new BoundedLabel([...labels.keys, 'none'], EXTRAS);
    this.team = new BoundedLabel([...labels.teams, 'none'], EXTRAS);
    const registers = [this.registry];
    this.requests = this.counter({ name: 'switchyard_requests_total', help: 'Model calls by endpoint, requested model or route, provider that answered, and HTTP status the client saw.', labelNames: ['endpoint', 'model', 'provider', 'status'], registers });
    this.errors = this.counter({ name: 'switchyard_request_errors_total', help: 'Failed model calls by cause (the error code on the trace).', labelNames: ['model', 'provider', 'cause'], registers });
    this.refused = this.counter({ name: 'switchyard_refused_requests_total', help: 'Calls the gateway refused itself, before any model or the cache (a bad body, a key, a limit or budget, an input guard), by cause; in the errors too, not in the duration.', labelNames: ['model', 'cause'], registers });
    this.duration = new Histogram({ name: 'switchyard_request_duration_seconds', help: 'Time from the request to the last byte of the answer, for calls that reached a model or the cache (failed ones too), not those the gateway refused itself.', labelNames: ['endpoint', 'model', 'provider'], buckets: DURATION_BUCKETS, registers });
    this.ttft = new Histogram({ name: 'switchyard_time_to_first_token_seconds', help: 'Time from the request to the first token of a streamed answer (streamed calls only: a whole answer arrives at once, and its time is in switchyard_request_duration_seconds).', labelNames: ['model', 'provider'], buckets: TTFT_BUCKETS, registers });
    this.tokens = this.counter({ name: 'switchyard_tokens_total', help: 'Tokens by type: input (cached included), output (reasoning included), cached input, reasoning.', labelNames: ['model', 'provider', 'type'], registers });
    this.cost = this.counter({ name: 'switchyard_cost_usd_total', help: 'Spend in US dollars, of calls to priced models; calls to models with no price are counted in switchyard_unpriced_requests_total, not here as $0.', labelNames: ['model', 'provider'], registers });
    // Apart from the cost, not as $0 in it: an unpriced call's cost is unknown, and a dashboard
    // summing switchyard_cost_usd_total cannot tell a free call from one nobody priced.
    this.unpriced = this.counter({ name: 'switchyard_unpriced_requests_total', help: 'Calls answered by an upstream model with no price (none in the config, none in the built-in table): their cost is unknown and not in switchyard_cost_usd_total.', labelNames: ['model', 'provider', 'upstream_model'], registers });
    this.unpricedTokens = this.counter({ name: 'switchyard_unpriced_tokens_total', help: 'Tokens of calls answered by an upstream model with no price, by type (input, output); not costed.', labelNames: ['model', 'provider', 'type'], registers });
    this.keyRequests = this.counter({ name: 'switchyard_key_requests_total', help: 'Model calls by virtual key and team.', labelNames: ['key', 'team'], registers });
    this.keyCost = this.counter({ name: 'switchyard_key_cost_usd_total', help: 'Spend in US dollars by virtual key and team.', labelNames: ['key', 'team'], registers });
    this.keyTokens = this.counter({ name: 'switchyard_key_tokens_total', help: 'Input plus output tokens by virtual key and team.', labelNames: ['key', 'team'], registers });
    this.attempts = this.counter({ name: 'switchyard_upstream_attempts_total', help: 'Calls to providers, retries and fallbacks included, by the upstream status (0: no response).', labelNames: ['provider', 'status'], registers });
    // Attempts per call cannot be read off the attempts and requests counters: a call every target
    // failed is counted under provider "none", so its attempts looked like retries of nothing.
    this.extraAttempts = this.counter({ name: 'switchyard_upstream_retries_total', help: 'Upstream attempts after the first of a call, by the provider tried and kind: retry (the same target again) or fallback (another target).', labelNames: ['provider', 'kind'], registers });
    // A route another route sent a call to counts it too, under via (the route called), as the
    // Routes page does; the calls that named a route have no via, so their series are unchanged.
    const routes = new Counter({ name: 'switchyard_route_requests_total', help: 'Routed calls by route and the branch that served them (the target the route chose, by its config name; the gateway\'s own in parentheses: (local) for a local task model\'s answers, (cache), (failed)); calls another route sent this one carry via, the route the client called.', labelNames: ['route', 'branch', 'via'], registers });
    this.routes = this.batchOf(routes);
    this.nestedRoutes = this.batchOf(routes);
    this.guards = this.counter({ name: 'switchyard_guardrail_verdicts_total', help: 'Guardrail checks by check (pii, injection…), stage (input, output) and action (pass, redact, block, flag, warn).', labelNames: ['check', 'stage', 'action'], registers });
    this.decisions = this.counter({ name: 'switchyard_decisions_total', help: 'Pipeline decisions by stage (cache, guards, route, local) and outcome.', labelNames: ['stage', 'outcome'], registers });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
    // The name traces carry, for joining a scrape target to its traces: one series per process.
    // Not a label of the per-call series: every process exposes only its own calls, and
    // Prometheus's `instance` already tells processes apart (see docs/replicas.md).
    if (options.replica !== undefined) {
      new Gauge({ name: 'switchyard_replica_info', help: 'The replica name this process writes on its traces ($SWITCHYARD_REPLICA, else host-pid); always 1. Join on instance to name a scrape target: … * on(instance) group_left(replica) switchyard_replica_info.', labelNames: ['replica'], registers }).set({ replica: options.replica }, 1);
    }
  }

  /** A counter registered on this registry, added to through a batch that each fold flushes. */
  private counter<L extends string>(config: CounterConfiguration<L>): CounterBatch<L> {
    return this.batchOf(new Counter(config));
  }

  /** A batch over `counter` that each fold flushes. */
  private batchOf<L extends string>(counter: Counter<L>): CounterBatch<L> {
    const batch = new CounterBatch(counter);
    this.batches.push(batch as CounterBatch<string>);
    return batch;
  }

  /** Queues a settled call's trace; counted on the next turn of the event loop. */
  observe(trace: TraceRecord): void {
    this.queue.push(trace);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.fold());
  }

  /** The Prometheus text exposition of every metric, with everything queued counted first. */
  async render(): Promise<string> {
    this.fold();
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Counts every queued trace. */
  fold(): void {
    this.scheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    for (const trace of batch) this.count(trace);
    for (const counter of this.batches) counter.flush();
  }

  private count(t: TraceRecord): void {
    const model = this.model.of(t.requestedModel === '' ? NO_MODEL : t.requestedModel);
    const provider = this.provider.of(t.provider ?? 'none');
    this.requests.add({ endpoint: t.endpoint, model, provider, status: this.status.of(String(t.status)) });
    if (t.status >= 400) this.errors.add({ model, provider, cause: this.cause.of(t.errorCode ?? 'unknown') });
    // A refusal takes about a millisecond: timed, it would pull every percentile down.
    if (isGatewayRefusal(t)) this.refused.add({ model, cause: this.cause.of(t.errorCode ?? 'unknown') });
    else this.duration.observe({ endpoint: t.endpoint, model, provider }, t.latencyMs / 1000);
    // Streams only: a whole answer's "first token" arrives with its last, so counting those made
    // this a second duration histogram (p95 0.70 s where streams' first tokens took 0.18 s).
    if (t.stream && t.ttftMs !== null) this.ttft.observe({ model, provider }, t.ttftMs / 1000);
    if (t.inputTokens > 0) this.tokens.add({ model, provider, type: 'input' }, t.inputTokens);
    if (t.outputTokens > 0) this.tokens.add({ model, provider, type: 'output' }, t.outputTokens);
    if (t.cachedTokens > 0) this.tokens.add({ model, provider, type: 'cached_input' }, t.cachedTokens);
    if (t.reasoningTokens > 0) this.tokens.add({ model, provider, type: 'reasoning' }, t.reasoningTokens);
    if (t.costUsd > 0) this.cost.add({ model, provider }, t.costUsd);
    const unpriced = unpricedModel(t);
    if (unpriced !== undefined) {
      this.unpriced.add({ model, provider, upstream_model: this.upstreamModel.of(unpriced) });
      if (t.inputTokens > 0) this.unpricedTokens.add({ model, provider, type: 'input' }, t.inputTokens);
      if (t.outputTokens > 0) this.unpricedTokens.add({ model, provider, type: 'output' }, t.outputTokens);
    }
    const owner = { key: this.key.of(t.keyName ?? 'none'), team: this.team.of(t.team ?? 'none') };
    this.keyRequests.add(owner);
    if (t.costUsd > 0) this.keyCost.add(owner, t.costUsd);
    if (t.inputTokens + t.outputTokens > 0) this.keyTokens.add(owner, t.inputTokens + t.outputTokens);
    for (let i = 0; i < t.attempts.length; i++) {
      const attempt = t.attempts[i] as TraceRecord['attempts'][number];
      const provider = this.provider.of(attempt.provider);
      this.attempts.add({ provider, status: this.status.of(String(attempt.status)) });
      const before = t.attempts[i - 1];
      if (before) this.extraAttempts.add({ provider, kind: before.provider === attempt.provider && before.model === attempt.model ? 'retry' : 'fallback' });
    }
    this.countDecisions(t);
  }

  private countDecisions(t: TraceRecord): void {
    if (!t.decisions) return;
    const branch = routeBranchOf(t);
    if (branch) {
      const at = branch.indexOf(' > ');
      const label = this.route.of(branch);
      this.routes.add(label === branch ? { route: branch.slice(0, at), branch: branch.slice(at + 3) } : { route: this.model.of(t.requestedModel), branch: label });
      // Parsed only when the decisions name a route other than the one called (most calls: none).
      for (const inner of nestedBranchesOf(t)) {
        const at = inner.indexOf(' > ');
        const bounded = this.nestedRoute.of(inner);
        const via = this.model.of(t.requestedModel);
        this.nestedRoutes.add(bounded === inner ? { route: inner.slice(0, at), branch: inner.slice(at + 3), via } : { route: bounded, branch: bounded, via });
      }
    }
    for (const [stage, decision] of Object.entries(t.decisions)) {
      if (Array.isArray(decision)) {
        if (stage === 'guardrails') this.countGuards(decision);
        continue;
      }
      if (!isStageName(stage)) continue;
      const outcome = decisionOutcome(decision);
      // One bound over stage and outcome together: new stages and words beyond it become (other).
      const pair = this.decision.of(`${stage}\u0000${outcome}`);
      const [s, o] = pair.includes('\u0000') ? pair.split('\u0000') : [stage, pair];
      this.decisions.add({ stage: s as string, outcome: o as string });
    }
  }

  /** One count per guardrail entry (`decisions.guardrails`: `{ name, stage, action }`). */
  private countGuards(entries: unknown[]): void {
    for (const entry of entries) {
      const { name, stage, action } = (entry ?? {}) as { name?: unknown; stage?: unknown; action?: unknown };
      if (typeof name !== 'string' || typeof stage !== 'string' || typeof action !== 'string' || !isStageName(name)) continue;
      const combined = this.guardLabel.of(`${name}\u0000${stage}\u0000${action}`);
      const [check, where, verdict] = combined.includes('\u0000') ? combined.split('\u0000') : [combined, combined, combined];
      this.guards.add({ check: check as string, stage: where as string, action: verdict as string });
    }
  }

  /** Adds gauges read at scrape time (the server's in-flight count, the trace writer's backlog); each kind once. */
  watch(gauges: MetricGauges): void {
    const registers = [this.registry];
    const { inFlight, writer, otelFailedSpans, targets } = gauges;
    if (targets) {
      // A provider that is down behind a fallback is invisible in the requests (the fallback
      // answers) and nearly so in the attempts (an open circuit is probed once every 10 s to
      // minutes): a dead one read 1 attempt in 5 minutes. Targets are the config's, so bounded.
      new Gauge({ name: 'switchyard_circuit_open', help: "Whether a target's circuit breaker is open (1: its calls go to the next fallback or balanced target, bar one probe at a time; half open counts as open), by target (provider/model).", labelNames: ['target'], registers, collect() {
        for (const t of targets()) this.set({ target: t.target }, t.state === 'closed' ? 0 : 1);
      } });
      const opened = new Map<string, number>();
      new Counter({ name: 'switchyard_circuit_opened_total', help: 'Times a target\'s circuit breaker opened since start, by target (provider/model).', labelNames: ['target'], registers, collect() {
        for (const t of targets()) {
          const counted = opened.get(t.target) ?? 0;
          if (t.opened > counted) this.inc({ target: t.target }, t.opened - counted);
          opened.set(t.target, t.opened);
        }
      } });
    }
    if (otelFailedSpans) {
      let counted = 0;
      new Counter({ name: 'switchyard_otel_failed_spans_total', help: 'Spans the OpenTelemetry collector did not take (refused or unreachable); they are dropped.', registers, collect() {
        const failed = otelFailedSpans();
        if (failed > counted) this.inc(failed - counted);
        counted = failed;
      } });
    }
    if (inFlight) {
      new Gauge({ name: 'switchyard_requests_in_flight', help: 'Model calls being answered now.', registers, collect() { this.set(inFlight()); } });
    }
    if (writer) {
      new Gauge({ name: 'switchyard_trace_writer_pending', help: 'Traces accepted but not yet in the trace store (the writer backlog).', registers, collect() { this.set(writer().pending); } });
      let counted = 0;
      new Counter({ name: 'switchyard_traces_stored_total', help: 'Traces the trace store has written since start.', registers, collect() {
        const written = writer().written;
        if (written > counted) this.inc(written - counted);
        counted = written;
      } });
      new Gauge({ name: 'switchyard_trace_sink_lagging', help: 'Stored traces a derived view (rollups, review sampler…) has not applied yet.', labelNames: ['sink'], registers, collect() {
        for (const [sink, lagging] of Object.entries(writer().lagging)) this.set({ sink }, lagging);
      } });
    }
  }
}
