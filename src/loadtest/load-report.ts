import { percentiles } from '../evals/stats/percentile.js';
import type { LoadSample } from './run-load.js';
import { unreliableRun } from './minimum-run.js';
import { percent } from '../core/percent.js';
import { clip } from '../core/clip.js';

/** What the gateway's own trace says about one request (read after the run when it can be). */
export interface TraceFacts {
  costUsd: number;
  /** The whole request as the gateway measured it. */
  latencyMs: number;
  /** Time spent in upstream attempts. */
  upstreamMs: number;
  provider: string | null;
  /** The upstream model with no price that answered, when one did (`decisions.cost`). */
  unpriced?: string | undefined;
}

export interface Distribution {
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

export interface Projection {
  users: number;
  requestsPerUserPerDay: number;
  requestsPerMonth: number;
  costPerMonthUsd: number | null;
  /** Average requests per second those users make, and at the busiest hour (assumed 3× the average). */
  averageRps: number;
  peakRps: number;
}

/** Which run a report is of: its id, the model and gateway it called, and the load it offered. */
export interface LoadRun {
  runId: string;
  model: string;
  target: string;
  rps: number;
  durationMs: number;
  arrivals: string;
}

export interface LoadReport extends LoadRun {
  requests: { due: number; sent: number; ok: number; failed: number };
  /**
   * Why the figures rest on too few answers (1 to 4 answered), the text the terminal prints after
   * `unreliable:`; null when they do not. Absent from reports saved before it was added.
   */
  unreliable?: string | null;
  /** Answers completed per second over the run's wall time. */
  throughputRps: number;
  latencyMs: Distribution;
  ttftMs: Distribution;
  /** How late the generator sent requests; high values mean the load generator itself was the limit. */
  sendLagMs: Distribution;
  errors: Record<string, number>;
  /**
   * One error message per cause of `errors` (the first seen, clipped), where the gateway says what
   * went wrong and how to fix it: `502 all_targets_failed` alone did not say the simulator was not
   * running. Absent from reports saved before it was added.
   */
  errorMessages?: Record<string, string>;
  cache: Record<string, number>;
  tokens: { input: number; output: number; perRequestInput: number; perRequestOutput: number };
  /**
   * What the answered requests cost. Requests answered by a model with no price (`unpriced`, by
   * `unpricedModels`) cost an unknown amount: they add nothing to the figures, which are then a
   * lower bound, and every figure is null when all of them were unpriced (unknown, not $0).
   * `known` counts the priced ones. Absent from reports saved before unpriced calls were counted.
   */
  cost: { totalUsd: number | null; perRequestUsd: number | null; perHourUsd: number | null; perMonthUsd: number | null; known: number; unpriced?: number; unpricedModels?: string[] };
  gateway: { overheadMs: Distribution; upstreamMs: Distribution; cpuMsPerRequest: number | null; traced: number };
  projection: Projection | null;
  bottleneck: { kind: 'none' | 'refused requests' | 'rate limits' | 'provider errors' | 'provider latency' | 'gateway CPU' | 'load generator'; reason: string };
}

export interface ReportInput extends LoadRun {
  samples: readonly LoadSample[];
  wallMs: number;
  /** Trace facts by trace id, when the traces could be read. */
  traces: ReadonlyMap<string, TraceFacts>;
  /** CPU the gateway process spent (in-process runs: the generator included), ms. */
  cpuMs: number | null;
  users?: { count: number; requestsPerDay: number } | undefined;
}

const HOURS_PER_MONTH = 730;
/** An error message kept per cause: enough for the gateway's fix, bounded as the report's texts are. */
const MESSAGE_CHARS = 600;
/** Distinct error causes kept by name; the rest are counted under OTHER_CAUSES. */
const MAX_CAUSES = 20;
const OTHER_CAUSES = '(other causes)';

/**
 * The load test's report: latency and TTFT percentiles, throughput, errors by cause, tokens,
 * cost (measured, then projected per hour and month at the tested rate and at N users), the
 * gateway's own overhead from its traces, and the bottleneck it points to.
 */
export function buildReport(input: ReportInput): LoadReport {
  const sent = input.samples.filter((s) => !s.cause?.startsWith('not sent'));
  const ok = input.samples.filter((s) => s.cause === null);
  const errors: Record<string, number> = {};
  const errorMessages: Record<string, string> = {};
  for (const s of input.samples) {
    if (s.cause === null) continue;
    // A server that names each error differently (a code with a counter in it) would make one
    // cause of each failed request: past MAX_CAUSES, they are counted together.
    const cause = s.cause in errors || Object.keys(errors).length < MAX_CAUSES ? s.cause : OTHER_CAUSES;
    errors[cause] = (errors[cause] ?? 0) + 1;
    if (s.message && !(cause in errorMessages)) errorMessages[cause] = clip(s.message, MESSAGE_CHARS);
  }
  // No prototype: the cache header is the server's word, and "__proto__" or "constructor" as a
  // name read Object's own fields as counts.
  const cache: Record<string, number> = Object.create(null);
  for (const s of ok) if (s.cache !== null) cache[s.cache] = (cache[s.cache] ?? 0) + 1;
  const unpricedModels = ok.map((s) => (s.traceId !== null ? input.traces.get(s.traceId)?.unpriced : undefined) ?? s.unpriced ?? undefined);
  const unpriced = unpricedModels.filter((m) => m !== undefined).length;
  // An unpriced answer counts as a request with a known cost of at least 0 (the figures are a
  // lower bound), unless every answer was unpriced: then the cost is unknown.
  const costs = unpriced === ok.length ? [] : ok.map((s, i) => (unpricedModels[i] !== undefined ? 0 : s.traceId !== null ? (input.traces.get(s.traceId)?.costUsd ?? s.costUsd) : s.costUsd)).filter((c): c is number => c !== null && Number.isFinite(c));
  const perRequest = costs.length > 0 ? costs.reduce((a, b) => a + b, 0) / costs.length : null;
  const traced = ok.map((s) => (s.traceId === null ? undefined : input.traces.get(s.traceId))).filter((t): t is TraceFacts => t !== undefined);
  const input_ = sum(ok.map((s) => s.inputTokens));
  const output = sum(ok.map((s) => s.outputTokens));
  // Answers per second at the tested rate: the rate asked times the share answered. Dividing the
  // answers by the duration instead projects the run's random draw (163 Poisson arrivals in 10 s
  // at --rps 15 gave $1.83 an hour instead of $1.69, 9% high).
  const okRate = input.samples.length > 0 ? (input.rps * ok.length) / input.samples.length : 0;
  const report: LoadReport = {
    runId: input.runId,
    model: input.model,
    target: input.target,
    rps: input.rps,
    durationMs: input.durationMs,
    arrivals: input.arrivals,
    requests: { due: input.samples.length, sent: sent.length, ok: ok.length, failed: input.samples.length - ok.length },
    unreliable: unreliableRun({ due: input.samples.length, ok: ok.length }),
    throughputRps: round(ok.length / (input.wallMs / 1_000)),
    latencyMs: distribution(ok.map((s) => s.latencyMs)),
    ttftMs: distribution(ok.map((s) => s.ttftMs).filter((t): t is number => t !== null)),
    sendLagMs: distribution(sent.map((s) => s.lagMs)),
    errors,
    errorMessages,
    cache,
    tokens: { input: input_, output, perRequestInput: ok.length ? round(input_ / ok.length) : 0, perRequestOutput: ok.length ? round(output / ok.length) : 0 },
    cost: {
      totalUsd: costs.length ? round(sum(costs), 6) : null,
      perRequestUsd: perRequest === null ? null : round(perRequest, 8),
      perHourUsd: perRequest === null ? null : round(perRequest * okRate * 3_600, 4),
      perMonthUsd: perRequest === null ? null : round(perRequest * okRate * 3_600 * HOURS_PER_MONTH, 2),
      known: costs.length === 0 ? 0 : costs.length - unpriced,
      unpriced,
      unpricedModels: [...new Set(unpricedModels.filter((m): m is string => m !== undefined))],
    },
    gateway: {
      overheadMs: distribution(traced.map((t) => Math.max(0, t.latencyMs - t.upstreamMs))),
      upstreamMs: distribution(traced.map((t) => t.upstreamMs)),
      cpuMsPerRequest: input.cpuMs === null || sent.length === 0 ? null : round(input.cpuMs / sent.length, 3),
      traced: traced.length,
    },
    projection: null,
    bottleneck: { kind: 'none', reason: '' },
  };
  if (input.users) report.projection = project(input.users.count, input.users.requestsPerDay, perRequest);
  report.bottleneck = bottleneck(report, input);
  return report;
}

function project(users: number, perDay: number, perRequest: number | null): Projection {
  const requestsPerMonth = users * perDay * (HOURS_PER_MONTH / 24);
  const averageRps = (users * perDay) / 86_400;
  return {
    users,
    requestsPerUserPerDay: perDay,
    requestsPerMonth: Math.round(requestsPerMonth),
    costPerMonthUsd: perRequest === null ? null : round(requestsPerMonth * perRequest, 2),
    averageRps: round(averageRps, 3),
    peakRps: round(averageRps * 3, 3),
  };
}

/**
 * Names what limits this route first. Rate limits and provider errors are read from the error
 * causes; gateway CPU from the CPU per request (a core does 1,000 ms of work per second); the
 * generator from its own send lag; otherwise the time is the provider's.
 */
function bottleneck(report: LoadReport, input: ReportInput): LoadReport['bottleneck'] {
  const total = Math.max(1, report.requests.due);
  const limited = Object.entries(report.errors).filter(([cause]) => cause.startsWith('429')).reduce((n, [, c]) => n + c, 0);
  const upstreamFailures = Object.entries(report.errors).filter(([cause]) => /^(50\d|timeout|stream error)/.test(cause)).reduce((n, [, c]) => n + c, 0);
  const notSent = Object.entries(report.errors).filter(([cause]) => cause.startsWith('not sent')).reduce((n, [, c]) => n + c, 0);
  const cpu = report.gateway.cpuMsPerRequest;
  const coreShare = cpu === null ? null : (cpu * report.requests.sent) / input.wallMs;
  // A 4xx other than 429 is the request's own fault (no key, a model the gateway does not
  // serve): nothing about capacity can be read from a run that mostly measured refusals.
  const refused = Object.entries(report.errors).filter(([cause]) => /^4\d\d/.test(cause) && !cause.startsWith('429'));
  const refusedCount = refused.reduce((n, [, c]) => n + c, 0);
  if (refusedCount / total > 0.01) {
    const causes = refused
      .sort((a, b) => b[1] - a[1])
      .map(([cause, n]) => `${n} × ${cause}`)
      .join(', ');
    const fix = refused.some(([cause]) => /^40[13]/.test(cause)) ? ' (pass --api-key with a key the gateway accepts)' : refused.some(([cause]) => cause.startsWith('404')) ? ' (check --model against the gateway\'s models)' : '';
    return { kind: 'refused requests', reason: `${percent(refusedCount / total)} of requests were refused by the gateway before reaching a provider (${causes}): fix the requests${fix}, then measure again` };
  }
  if (limited / total > 0.01) return { kind: 'rate limits', reason: `${percent(limited / total)} of requests were refused with 429 (a key's or the provider's rate limit): more rate-limit headroom or more deployments are needed before this rate` };
  if (upstreamFailures / total > 0.01) return { kind: 'provider errors', reason: `${percent(upstreamFailures / total)} of requests failed upstream (5xx, timeouts or broken streams)` };
  if (coreShare !== null && coreShare > 0.8) {
    return { kind: 'gateway CPU', reason: `the gateway process used ${percent(coreShare)} of a core (${cpu} ms CPU per request, the load generator included when in-process): about ${Math.floor(1_000 / (cpu as number))} requests/s per core is its ceiling` };
  }
  if (notSent > 0 || (report.sendLagMs.p90 ?? 0) > 100) return { kind: 'load generator', reason: generatorBehind(report, notSent) };
  // Answers from the response cache never reach a provider: its latency cannot be what limits them.
  const hits = report.cache.hit ?? 0;
  if (hits * 2 > report.requests.ok) {
    return { kind: 'none', reason: `no limit was reached at ${report.rps} requests/s: ${hits} of ${report.requests.ok} answers came from the response cache, so no provider was asked (the run measured the cache, not the route's provider)` };
  }
  const upstream = report.gateway.upstreamMs.p50;
  const overhead = report.gateway.overheadMs.p50;
  const ceiling = cpu === null || cpu === 0 ? '' : `; at ${cpu} ms CPU per request (gateway and load generator in one process, so an upper bound) a core saturates near ${Math.floor(1_000 / cpu)} requests/s`;
  if (upstream !== null && overhead !== null) {
    return { kind: 'provider latency', reason: `requests spend a median ${Math.round(upstream)} ms at the provider and ${overhead.toFixed(1)} ms in the gateway${ceiling}` };
  }
  return { kind: 'provider latency', reason: `no limit was reached at ${report.rps} requests/s; latency is the provider's (median ${Math.round(report.latencyMs.p50 ?? 0)} ms)${ceiling}` };
}

/**
 * Why the generator fell behind, and the fix that fits: requests held back at --max-in-flight
 * need a higher cap; requests sent late with none held back mean the sending process was too
 * busy to keep the schedule, which a higher cap does not change.
 */
function generatorBehind(report: LoadReport, notSent: number): string {
  const lag = `p90 send lag ${Math.round(report.sendLagMs.p90 ?? 0)} ms`;
  if (notSent > 0) return `the load generator fell behind (${lag}, ${notSent} not sent because --max-in-flight requests were already in flight): raise --max-in-flight, or run it on another machine`;
  return `the load generator fell behind (${lag}, none held back): its process was too busy to send on time (an in-process gateway's own work and other load on this machine count); run it on another machine, or against a gateway in another process with --gateway`;
}

function distribution(values: readonly number[]): Distribution {
  if (values.length === 0) return { p50: null, p90: null, p99: null, max: null };
  const [p50, p90, p99] = percentiles(values, [0.5, 0.9, 0.99]) as [number, number, number];
  return { p50: round(p50, 1), p90: round(p90, 1), p99: round(p99, 1), max: round(Math.max(...values), 1) };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  // `+ 0` turns -0 into 0, which JSON cannot tell apart anyway.
  return Math.round(value * f) / f + 0;
}

