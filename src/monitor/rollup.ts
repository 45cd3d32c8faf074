import { CASCADE_JUDGE_FEATURE, SHADOW_KEY_NAME } from '../core/internal-caller.js';
import { MAX_REPLICA_NAME } from '../core/replica-name.js';
import type { TraceSummary } from '../core/trace.js';
import { cascadeRowsOf } from './cascade-rollup.js';
import { addInto, bucketOf, emptyHistogram, type Histogram } from './histogram.js';

/** The dimensions the overview splits by; "model" is the name clients ask for, i.e. the route. */
export const SPLIT_DIMS = ['model', 'provider', 'key', 'team', 'route'] as const;
export type SplitDim = (typeof SPLIT_DIMS)[number];

/**
 * What a rollup row is summed over: every trace ('*'), or the traces of one model (the name
 * clients ask for, i.e. the route), provider, key or team. One row per dimension value rather
 * than per combination keeps a month of hourly rows in the thousands, not the millions. The
 * `eval:` dimensions sum the same for eval traffic alone (calls an eval run made, judges and
 * cached answers included), so the overview can show applications' traffic without it.
 */
export type RollupDim = '*' | SplitDim | 'cache' | 'nested' | 'cascade' | 'replica' | 'eval:*' | `eval:${SplitDim | 'cache' | 'nested' | 'cascade' | 'replica'}` | 'spend';
/**
 * `cache` sums the calls of names that opt into the response cache by what the cache did and the
 * name called, as `STATUS:NAME` (see `cacheOutcomeOf`); other calls have no row in it. Its
 * `cost_usd` is what the answers cost upstream: paid by a miss, saved by a hit (which itself costs 0).
 */
const BASE_DIMS = ['*', 'model', 'provider', 'key', 'team', 'route', 'cache', 'nested', 'cascade', 'replica'] as const;
/**
 * `replica` sums the calls of each gateway process (the trace's `replica`: `$SWITCHYARD_REPLICA`,
 * at most 100 characters, or host-pid), so the overview can set replicas side by side. Traces
 * without one (written before replicas were recorded) have no row in it. Rows grow with the
 * processes that served in a bucket, not with traffic: a restart under the host-pid default is a
 * new name, so readers rank the values and show the busiest (`byReplica` in the overview).
 */
/**
 * `nested` sums the calls a route handed to another route by the branch that route chose, as
 * `route > branch` (`nestedBranchesOf`): a call to `front` that front sent to the split `ab` is
 * `ab > small` here and `front > ab` in `route`. A dimension of its own, so the overview's split by
 * route still adds up to the calls made; route reports read both (a route may be called directly
 * and reached through others). Before 2026-12-07 a nested route had no rows at all and read 0.
 */
/**
 * `spend` sums every call (eval runs' too) per team, key and model called, the value their JSON
 * array (`spendValue`): what `switchyard spend` and `GET /api/spend` export. Its day rows are never
 * deleted, so the export outlives trace retention. One row per combination a day, bounded as the
 * key and model dimensions are.
 */
export const SPEND_DIM = 'spend' as const;
export const ROLLUP_DIMS: readonly RollupDim[] = [...BASE_DIMS, ...BASE_DIMS.map((d) => `eval:${d}` as RollupDim), SPEND_DIM];
const SPEND_INDEX = BASE_DIMS.length * 2;

/**
 * A call's value in the `spend` dimension: its team, key and the name it called, as JSON.
 *
 * @example spendValue({ team: 'red', keyName: 'app', requestedModel: 'small' }) // '["red","app","small"]'
 */
export function spendValue(t: Pick<RolledTrace, 'team' | 'keyName' | 'requestedModel'>): string {
  return JSON.stringify([t.team ?? null, t.keyName ?? null, t.requestedModel]);
}

/**
 * Whether a trace was made by an eval run: every call a run makes (through a gateway URL or in
 * process, judges and cache hits too) carries its `eval_run` tag in the metadata.
 *
 * @example isEvalTraffic({ metadata: { eval_run: 'run_01…', case: 'card' } }) // true
 */
export function isEvalTraffic(trace: { metadata?: Record<string, unknown> | string | null }): boolean {
  return hasMetadataTag(trace, 'eval_run');
}

/**
 * Whether a trace's metadata carries `tag` as text: metadata as an object, or as the JSON text a
 * store read back (read without parsing: the tag as a key, after `{` or `,`, holding a string).
 * A substring test took a client's value for the key: `{"source":"loadtest"}` left the trace out
 * of every monitoring signal, `{"note":"eval_run"}` counted it as eval traffic.
 *
 * @example hasMetadataTag({ metadata: '{"loadtest":"lt_1"}' }, 'loadtest') // true
 * @example hasMetadataTag({ metadata: '{"source":"loadtest"}' }, 'loadtest') // false
 */
export function hasMetadataTag(trace: { metadata?: Record<string, unknown> | string | null }, tag: string): boolean {
  const m = trace.metadata;
  if (typeof m === 'string') return m.includes(`"${tag}"`) && tagKey(tag).test(m);
  return m !== null && m !== undefined && Object.hasOwn(m, tag) && typeof m[tag] === 'string';
}

const tagKeys = new Map<string, RegExp>();
/** `"tag"` as a key holding a string: a quote inside a string value is escaped, so it never follows `{`, `,` or a space there. */
function tagKey(tag: string): RegExp {
  let pattern = tagKeys.get(tag);
  if (!pattern) {
    pattern = new RegExp(`[{,]\\s*"${tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:\\s*"`);
    tagKeys.set(tag, pattern);
  }
  return pattern;
}

/** Traces of one time bucket and one dimension value, summed. The value '' stands for "none". */
export interface RollupRow {
  bucket: number;
  dim: RollupDim;
  value: string;
  /** Every trace, refused by the gateway or not (see `isGatewayRefusal`). */
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  reasoningTokens: number;
  costUsd: number;
  /** Latency summed over the traces `latencyHist` counts: not the gateway's own refusals. */
  latencyMsSum: number;
  /** First tokens of streamed calls only (a whole answer's arrives with its last). */
  ttftCount: number;
  ttftMsSum: number;
  latencyHist: Histogram;
  ttftHist: Histogram;
}

/** Sums over some rollup rows. */
export type RollupTotals = Omit<RollupRow, 'bucket' | 'dim' | 'value'>;

/** Rows of resolution `resolutionMs` (60 000, 3 600 000 or 86 400 000) with since ≤ bucket < until. */
export interface RollupRange {
  resolutionMs: number;
  since: number;
  until: number;
}

/** What the overview reads; the store sums in its query engine, so only a few hundred rows come back. */
export interface RollupReader {
  /** All traces (or, with 'eval:*', eval traffic) per slot of `stepMs`, slot = floor((bucket − since) / stepMs). */
  slots(range: RollupRange, stepMs: number, dim?: '*' | 'eval:*'): Promise<(RollupTotals & { slot: number })[]>;
  /** One row per value of a dimension over the whole range. */
  values(range: RollupRange, dim: Exclude<RollupDim, '*' | 'eval:*'>): Promise<(RollupTotals & { value: string })[]>;
  /** Requests, cost and tokens per slot and value, for the split charts. */
  split(range: RollupRange, stepMs: number, dim: Exclude<RollupDim, '*' | 'eval:*'>): Promise<{ slot: number; value: string; requests: number; costUsd: number; tokens: number }[]>;
  /**
   * When each of `values` of a dimension last had a call in the range: the start of its newest
   * minute with traffic where minute rows are kept (14 days), else of its newest hour (no earlier
   * than `since`). Values with no call in the range are left out.
   */
  lastSeen(range: RollupRange, dim: Exclude<RollupDim, '*' | 'eval:*'>, values: readonly string[]): Promise<Map<string, number>>;
  /** Models, providers, keys and teams seen since a time, for filter choices. */
  dimensionValues(since: number): Promise<Record<SplitDim, string[]>>;
}

/** The fields of a trace rollups sum. */
export type RolledTrace = Pick<TraceSummary, 'ts' | 'requestedModel' | 'provider' | 'keyName' | 'team' | 'status' | 'inputTokens' | 'outputTokens' | 'cachedTokens' | 'reasoningTokens' | 'costUsd' | 'latencyMs' | 'ttftMs'> & {
    /** Whether the answer was streamed (SQLite reads it back as 0 or 1): only streams have a first token worth timing. */
    stream: boolean | number;
  } &
  Partial<Pick<TraceSummary, 'upstreamModel' | 'replica'>> & {
    /** The upstream attempts, or the JSON text a store read back (only whether there are any is looked at). */
    attempts: TraceSummary['attempts'] | string;
    /** Metadata as an object, or as the JSON text a store read back (only `eval_run` is looked at). */
    metadata?: Record<string, unknown> | string | null;
    /** Decisions as an object, or as the JSON text a store read back (their stage names, and the route step that chose the branch). */
    decisions?: TraceSummary['decisions'] | string | null;
  };

/**
 * Whether the gateway refused the call itself: an error with no upstream attempt and no answer
 * from the cache or a local model (a bad body, a key, a limit or budget, an input guard, every
 * circuit open). Such calls take about a millisecond, so rollups count them in `requests` and
 * `errors` but not in latency: the percentiles and the mean are over the calls that reached a
 * model or the cache (failed ones too: a time-out is time a caller waited), and the refused ones
 * are `requests − Σ latencyHist` (see `refusedOf`).
 *
 * @example isGatewayRefusal({ status: 401, provider: null, attempts: [] }) // true
 */
export function isGatewayRefusal(trace: Pick<RolledTrace, 'status' | 'provider' | 'attempts'>): boolean {
  // A 499 is the client leaving, not a refusal: the wait it gave up on (a slow guard, retrieval) is timed.
  if (trace.status < 400 || trace.status === 499 || trace.provider !== null) return false;
  const attempts = trace.attempts;
  return typeof attempts === 'string' ? attempts.trim() === '[]' : attempts.length === 0;
}

/** The calls of some totals that latency counts (see `isGatewayRefusal`): every trace adds one to a latency bucket but a refusal. */
export function answeredOf(t: Pick<RollupTotals, 'latencyHist'>): number {
  let n = 0;
  for (const c of t.latencyHist) n += c;
  return n;
}

/**
 * The calls of some totals the gateway refused itself. Rows written before refusals were left
 * out of latency counted them in it, so their refusals show as 0 (and their latency as it was).
 */
export function refusedOf(t: Pick<RollupTotals, 'requests' | 'latencyHist'>): number {
  return t.requests - answeredOf(t);
}

/**
 * The route dimension's own branches, the ones no configured target is: a local task model's
 * answer, an answer the cache gave on a route, a shadow check, a call on which the route chose no
 * target. Written in parentheses, as `(other)` and `(none)` are, because a target is any model or
 * route name: `local` was both the local model's branch and that of a model named "local" (a
 * self-hosted one often is), and a model named "shadow" had its spend taken off the savings as
 * shadow checks. Route names cannot hold parentheses and `validateRoutes` refuses a target that is
 * written in them, so no config name reads as one of these.
 */
export const GATEWAY_BRANCH = { local: '(local)', cache: '(cache)', shadow: '(shadow)', failed: '(failed)', judge: '(judge)' } as const;

/**
 * The branch of a route that served a trace, as `route > branch`: `(local)` for a local task
 * model's answer, `(cache)` for an answer the cache gave on a route (one a route had made), else the target the route chose, by its name in the config (a configured model
 * or another route: `support > small`, not the provider's `gpt-5.4-mini`, so two branches on one
 * upstream model stay two, and a fallback inside a branch stays in it); `(failed)` when the route
 * chose none; '' for traces that were not routed. Bounded by the configured routes and models,
 * so it is safe as a dimension. Rollups stored by versions up to 2026-12-06 wrote the gateway's
 * branches without parentheses; `withBranchAliases` reads them as these.
 *
 * @example routeBranchOf({ requestedModel: 'support', decisions: { route: { steps: [{ route: 'support', target: 'small' }] } }, … }) // 'support > small'
 */
export function routeBranchOf(trace: RolledTrace): string {
  // A shadow check is the gateway asking the route's teacher about a local answer already
  // delivered: not client traffic, so it is no branch (it counted 758 extra requests and lowered
  // the local share of 13,083 by 3 points); its spend shows under its key, `switchyard:shadow`,
  // and in the route dimension apart (`routeValueOf`).
  if (!isRouted(trace.decisions) || trace.keyName === SHADOW_KEY_NAME) return '';
  // A local answer of the route called; one of a route reached through it is that route's (`nestedBranchesOf`), and the called route's branch is the target it chose.
  if (trace.provider === 'local' && !namesAnotherRoute(trace.decisions ?? '', trace.requestedModel)) return `${trace.requestedModel} > ${GATEWAY_BRANCH.local}`;
  const parsed = parsedDecisions(trace.decisions);
  if (isRouteCacheHit(parsed)) return `${trace.requestedModel} > ${GATEWAY_BRANCH.cache}`;
  return `${trace.requestedModel} > ${chosenTarget(parsed, trace.requestedModel) ?? trace.upstreamModel ?? GATEWAY_BRANCH.failed}`;
}

/**
 * A trace's value in the route dimension: the branch that served it (`routeBranchOf`), or
 * `route > (shadow)` for a shadow check of the route's local answers: not client traffic, so
 * reports count it in no branch, share or request total, but the rollups keep what the checks
 * cost per route, which is what the local answers' saving cost (`routeReports` takes it off).
 * '' for calls on no route.
 *
 * @example routeValueOf({ requestedModel: 'support', keyName: 'switchyard:shadow', decisions: { route: { … } }, … }) // 'support > (shadow)'
 */
export function routeValueOf(trace: RolledTrace): string {
  if (trace.keyName === SHADOW_KEY_NAME) return isRouted(trace.decisions) ? `${trace.requestedModel} > ${GATEWAY_BRANCH.shadow}` : '';
  const judged = judgedRouteOf(trace.decisions);
  if (judged !== undefined) return `${judged} > ${GATEWAY_BRANCH.judge}`;
  return routeBranchOf(trace);
}

/**
 * The cascade whose step a call judged (`decisions.internal`, feature `cascade-judge`, with the
 * route since 2026-12-07), else undefined. Such a call is the route's cost, not its traffic: the
 * route dimension files it as `route > (judge)`, and reports take it off the cascade's saving
 * (a judge cost 60% on top of the cheap step's call in the routewalk measurement, and no report
 * counted it). A judge whose model is itself a route is filed here too, not under that route.
 *
 * @example judgedRouteOf({ internal: { feature: 'cascade-judge', for: 'tr_1', route: 'extract' } }) // 'extract'
 */
export function judgedRouteOf(decisions: RolledTrace['decisions']): string | undefined {
  // Stored decisions are JSON text: parsed only when they name the judge feature.
  if (typeof decisions === 'string' && !decisions.includes(CASCADE_JUDGE_FEATURE)) return undefined;
  const internal = (parsedDecisions(decisions) as { internal?: { feature?: unknown; route?: unknown } } | null | undefined)?.internal;
  return internal?.feature === CASCADE_JUDGE_FEATURE && typeof internal.route === 'string' ? internal.route : undefined;
}

/** Whether a route decided something about a call: chose a target, answered locally, or gave its cached answer. */
function isRouted(d: RolledTrace['decisions']): boolean {
  return typeof d === 'string' ? /"(route|local)":/.test(d) : d !== null && d !== undefined && ('route' in d || 'local' in d || isRouteCacheHit(d));
}

/** A trace's decisions as an object (stored traces may hold them as JSON text); undefined when unreadable. */
function parsedDecisions(decisions: RolledTrace['decisions']): unknown {
  if (typeof decisions !== 'string') return decisions;
  try {
    return JSON.parse(decisions);
  } catch {
    return undefined;
  }
}

/** A cache hit whose answer a route made (`decisions.cache.route`, written by the cache stage). */
function isRouteCacheHit(parsed: unknown): boolean {
  const cache = (parsed as { cache?: { status?: unknown; route?: unknown } } | null | undefined)?.cache;
  return cache?.status === 'hit' && typeof cache.route === 'string';
}

/**
 * The target the route a client called chose, from the trace's `decisions.route.steps`: the last
 * step of that route (a cascade records one per step it tried; the last is the one that answered).
 * Nested routes' own steps follow, and are theirs, not the called route's.
 */
function chosenTarget(parsed: unknown, route: string): string | undefined {
  const steps = (parsed as { route?: { steps?: unknown } } | null | undefined)?.route?.steps;
  if (!Array.isArray(steps)) return undefined;
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i] as { route?: unknown; target?: unknown } | null;
    if (step?.route === route && typeof step.target === 'string') return step.target;
  }
  return undefined;
}

/**
 * The branches of the routes a call reached through another route, as `route > branch` (the
 * `nested` dimension): for each route in `decisions.route.steps` other than the one called, the
 * target it chose last (`chosenTarget`). None for a call on no route, one that named no other
 * route, a shadow check (not client traffic) and a cache hit (no route chose anything).
 *
 * @example nestedBranchesOf({ requestedModel: 'front', decisions: { route: { steps: [{ route: 'front', target: 'ab' }, { route: 'ab', target: 'small' }] } }, … }) // ['ab > small']
 */
export function nestedBranchesOf(trace: Pick<RolledTrace, 'requestedModel' | 'keyName' | 'decisions'> & Partial<Pick<RolledTrace, 'provider'>>): string[] {
  const d = trace.decisions;
  // A stored trace's decisions are JSON text, parsed only when a step names a route other than the one called.
  if (d === null || d === undefined || trace.keyName === SHADOW_KEY_NAME || (typeof d === 'string' && !namesAnotherRoute(d, trace.requestedModel))) return [];
  const parsed = parsedDecisions(d);
  const out: string[] = [];
  // A route reached through the one called whose local model answered: its `(local)` branch.
  const local = (parsed as { local?: { route?: unknown } } | null | undefined)?.local?.route;
  if (trace.provider === 'local' && typeof local === 'string' && local !== trace.requestedModel) out.push(`${local} > ${GATEWAY_BRANCH.local}`);
  const steps = (parsed as { route?: { steps?: unknown } } | null | undefined)?.route?.steps;
  for (const passed of passedOnByCascade(parsed, steps, trace.requestedModel)) if (!out.includes(passed)) out.push(passed);
  if (!Array.isArray(steps) || steps.length < 2) return out;
  for (const step of steps as ({ route?: unknown } | null)[]) {
    const route = step?.route;
    if (typeof route !== 'string' || route === trace.requestedModel) continue;
    const value = `${route} > ${chosenTarget(parsed, route)}`;
    if (!out.includes(value)) out.push(value);
  }
  return out;
}

/**
 * The branches of classify routes whose local models a cascade's step asked and that passed the
 * call on (`decisions.local` and its `before`, `answered: false`, a route with no step of its own:
 * the cascade went on to its next step, not to the route's target): `route > target`, the target
 * of the cascade's step that answered (the last route step's), so the route's requests, local
 * share and saving count the calls its model passed on, as when its own target answers them.
 *
 * @example passedOnByCascade({ route: { steps: [{ route: 'triage', target: 'intent' }, { route: 'triage', target: 'large' }], model: 'large' }, local: { answered: false, route: 'intent' } }, …, 'triage') // ['intent > large']
 */
function passedOnByCascade(parsed: unknown, steps: unknown, called: string): string[] {
  const local = (parsed as { local?: { answered?: unknown; route?: unknown; before?: unknown } | null } | null | undefined)?.local;
  if (local === undefined || local === null) return [];
  const records = [...(Array.isArray(local.before) ? (local.before as (typeof local | null)[]) : []), local];
  const list = Array.isArray(steps) ? (steps as ({ route?: unknown; target?: unknown } | null)[]) : [];
  const routed = new Set(list.map((s) => s?.route));
  // The last decision's target answered: the cascade's step that did (a config name, so the dimension stays bounded).
  const last = list.at(-1)?.target;
  const model = typeof last === 'string' ? last : GATEWAY_BRANCH.failed;
  const out: string[] = [];
  for (const record of records) {
    const route = record?.route;
    if (record?.answered === false && typeof route === 'string' && route !== called && !routed.has(route)) out.push(`${route} > ${model}`);
  }
  return out;
}

/** Each `"route": "…"` of decisions JSON text (spaces allowed, as PostgreSQL's jsonb writes them), its value still escaped. */
const ROUTE_FIELD = /"route"\s*:\s*"((?:[^"\\]|\\.)*)"/g;

/**
 * Whether decisions (JSON text, or an object) name a route other than `called`: in a route step,
 * or as the route whose local model answered or passed the call on (`decisions.local.route`).
 */
function namesAnotherRoute(decisions: NonNullable<RolledTrace['decisions']>, called: string): boolean {
  if (typeof decisions !== 'string') {
    const steps = (decisions as { route?: { steps?: unknown } }).route?.steps;
    const local = (decisions as { local?: { route?: unknown } }).local?.route;
    return (typeof local === 'string' && local !== called) || (Array.isArray(steps) && steps.some((s) => (s as { route?: unknown } | null)?.route !== called));
  }
  const own = JSON.stringify(called).slice(1, -1);
  for (const match of decisions.matchAll(ROUTE_FIELD)) if (match[1] !== own) return true;
  return false;
}

/** What the cache did with a call, as the `cache` dimension counts it. */
export type CacheOutcome = 'exact' | 'semantic' | 'miss' | 'bypass' | 'skip';
export const CACHE_OUTCOMES: readonly CacheOutcome[] = ['exact', 'semantic', 'miss', 'bypass', 'skip'];
const CACHE_STATUS: Readonly<Record<string, CacheOutcome>> = { hit: 'exact', miss: 'miss', error: 'miss', bypass: 'bypass', skip: 'skip' };

/**
 * A call's row in the `cache` dimension: `exact:NAME` or `semantic:NAME` for a hit, `miss:NAME`
 * (a store that failed is a miss too), `bypass:NAME` (the client opted out or refreshed),
 * `skip:NAME` (not cacheable: a temperature above 0, say), with what its answer cost upstream (a
 * hit's `decisions.cache.savedUsd`) and, for a hit, the tokens its answer took (`savedTokens`: a
 * hit's trace has none, and the row counts what it saved); undefined for a call of a name that
 * does not opt in. Bounded by the configured names, as the cache answers only those.
 *
 * @example cacheOutcomeOf({ requestedModel: 'faq', costUsd: 0, decisions: { cache: { status: 'hit', savedUsd: 0.002, savedTokens: { input: 900, output: 80, cached: 0 }, semantic: { similarity: 0.97 } } }, … }) // { value: 'semantic:faq', costUsd: 0.002, saved: { inputTokens: 900, outputTokens: 80, cachedTokens: 0 } }
 */
export function cacheOutcomeOf(trace: Pick<RolledTrace, 'requestedModel' | 'costUsd' | 'decisions'>): { value: string; costUsd: number; saved?: SavedTokens } | undefined {
  let d: unknown = trace.decisions;
  if (typeof d === 'string') {
    if (!d.includes('"cache":')) return undefined;
    try {
      d = JSON.parse(d);
    } catch {
      return undefined;
    }
  }
  const cache = (d as { cache?: { status?: unknown; savedUsd?: unknown; savedTokens?: unknown; semantic?: { similarity?: unknown } } } | null | undefined)?.cache;
  const status = typeof cache?.status === 'string' && Object.hasOwn(CACHE_STATUS, cache.status) ? CACHE_STATUS[cache.status] : undefined;
  if (!cache || status === undefined) return undefined;
  if (status !== 'exact') return { value: `${status}:${trace.requestedModel}`, costUsd: trace.costUsd };
  const saved = typeof cache.savedUsd === 'number' && Number.isFinite(cache.savedUsd) ? cache.savedUsd : 0;
  const tokens = savedTokensOf(cache.savedTokens);
  return { value: `${typeof cache.semantic?.similarity === 'number' ? 'semantic' : 'exact'}:${trace.requestedModel}`, costUsd: saved, ...(tokens ? { saved: tokens } : {}) };
}

/** The tokens a hit's answer took, as the cache dimension's row counts them. */
export interface SavedTokens {
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
}

/** `decisions.cache.savedTokens` read back (counts that are counts; hits traced before 2026-12-06 have none). */
function savedTokensOf(value: unknown): SavedTokens | undefined {
  const t = value as { input?: unknown; output?: unknown; cached?: unknown } | null | undefined;
  const count = (n: unknown) => (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined);
  const input = count(t?.input);
  const output = count(t?.output);
  if (input === undefined || output === undefined) return undefined;
  return { inputTokens: input, outputTokens: output, cachedTokens: count(t?.cached) ?? 0 };
}

function valueOf(trace: RolledTrace, dim: Exclude<(typeof BASE_DIMS)[number], 'cache' | 'nested' | 'cascade'>): string {
  switch (dim) {
    case 'replica':
      return trace.replica ?? '';
    case '*':
      return '';
    case 'model':
      return trace.requestedModel;
    case 'provider':
      return trace.provider ?? '';
    case 'key':
      return trace.keyName ?? '';
    case 'team':
      return trace.team ?? '';
    case 'route':
      return routeValueOf(trace);
  }
}

export function emptyRow(bucket: number, dim: RollupDim, value: string): RollupRow {
  return { bucket, dim, value, requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, reasoningTokens: 0, costUsd: 0, latencyMsSum: 0, ttftCount: 0, ttftMsSum: 0, latencyHist: emptyHistogram(), ttftHist: emptyHistogram() };
}

/**
 * Sums traces into rollup rows of one resolution: per bucket, one row for all traces and one per
 * dimension value. A live batch of a few hundred traces lands in a few dozen rows, so the store
 * writes few upserts.
 *
 * @example accumulate(batch, 60_000) // Map { "1767225600000\u0000model\u0000gpt-4o" => RollupRow, … }
 */
export function accumulate(
  traces: readonly RolledTrace[],
  resolutionMs: number,
  into = new Map<string, RollupRow>(),
  /** `base`: every dimension but `spend` (a store whose spend rows were folded in by a migration); `spend`: that one alone. */
  scope: 'all' | 'base' | 'spend' = 'all',
): Map<string, RollupRow> {
  // One Map per bucket keyed by dim + value: the hot loop builds short keys and touches five rows per trace.
  const byBucket = new Map<number, Map<string, RollupRow>>();
  for (const t of traces) {
    const bucket = t.ts - (t.ts % resolutionMs);
    let rows = byBucket.get(bucket);
    if (!rows) byBucket.set(bucket, (rows = new Map()));
    // A refusal adds to no latency bucket: -1.
    const lat = isGatewayRefusal(t) ? -1 : bucketOf(t.latencyMs);
    // Streams only, as the Prometheus histogram and the GenAI metric: a whole answer's "first
    // token" arrives with its last, so counting those made the chart a second latency chart.
    const first = t.stream && t.ttftMs !== null ? bucketOf(t.ttftMs) : -1;
    const failed = t.status >= 400 ? 1 : 0;
    // Only calls of names that opt into the cache have a row in its dimension.
    const cache = t.decisions ? cacheOutcomeOf(t) : undefined;
    // Eval traffic is summed twice: with everything, and in the eval: dimensions.
    const dims = isEvalTraffic(t) ? SPEND_INDEX : BASE_DIMS.length;
    for (let d = scope === 'spend' ? SPEND_INDEX : 0; d <= SPEND_INDEX; d++) {
      // Non-eval traffic has no eval: rows; every call has its spend row (but in `base`).
      if (d === dims && d < SPEND_INDEX) d = SPEND_INDEX;
      if (d === SPEND_INDEX && scope === 'base') break;
      const dim = ROLLUP_DIMS[d] as RollupDim;
      const base = d === SPEND_INDEX ? SPEND_DIM : (BASE_DIMS[d % BASE_DIMS.length] as (typeof BASE_DIMS)[number]);
      if (base === 'cache' && !cache) continue;
      // A name no gateway could have given (longer than $SWITCHYARD_REPLICA may be: an edited journal) is left out with the unnamed.
      if (base === 'replica' && (!t.replica || t.replica.length > MAX_REPLICA_NAME)) continue;
      if (base === 'nested') {
        // Most calls reach no nested route: the decisions are read only when a route chose a route.
        for (const value of nestedBranchesOf(t)) add(rows, bucket, d, dim, value, t, lat, first, failed, undefined);
        continue;
      }
      if (base === 'cascade') {
        // Most calls ran no cascade: the decisions are read only when they name one (or a judge).
        for (const row of cascadeRowsOf(t, judgedRouteOf(t.decisions), SHADOW_KEY_NAME)) add(rows, bucket, d, dim, row.value, row.trace, row.own ? lat : row.latencyMs === null ? -1 : bucketOf(row.latencyMs), row.own ? first : -1, failed, undefined);
        continue;
      }
      const value = base === 'cache' ? (cache as { value: string }).value : base === SPEND_DIM ? spendValue(t) : valueOf(t, base);
      add(rows, bucket, d, dim, value, t, lat, first, failed, base === 'cache' ? cache : undefined);
    }
  }
  for (const [bucket, rows] of byBucket) for (const row of rows.values()) mergeRow(into, `${bucket}\u0000${row.dim}\u0000${row.value}`, row);
  return into;
}

/** Adds one trace to its row of one dimension value (`cache`: the cache dimension's own figures for it). */
function add(rows: Map<string, RollupRow>, bucket: number, d: number, dim: RollupDim, value: string, t: RolledTrace, lat: number, first: number, failed: number, cache: { costUsd: number; saved?: SavedTokens } | undefined): void {
  const id = `${d}\u0000${value}`;
  let row = rows.get(id);
  if (!row) rows.set(id, (row = emptyRow(bucket, dim, value)));
  row.requests++;
  row.errors += failed;
  // A hit's row in the cache dimension counts the tokens its answer saved (its trace spent none).
  const tokens = cache ? (cache.saved ?? t) : t;
  row.inputTokens += tokens.inputTokens;
  row.outputTokens += tokens.outputTokens;
  row.cachedTokens += tokens.cachedTokens;
  row.reasoningTokens += t.reasoningTokens;
  row.costUsd += cache ? cache.costUsd : t.costUsd;
  if (lat >= 0) {
    row.latencyMsSum += t.latencyMs;
    row.latencyHist[lat] = (row.latencyHist[lat] as number) + 1;
  }
  if (first >= 0) {
    row.ttftCount++;
    row.ttftMsSum += t.ttftMs as number;
    row.ttftHist[first] = (row.ttftHist[first] as number) + 1;
  }
}

/** Adds `row` into the row under `id`, or stores it there (taking ownership) when there is none. */
export function mergeRow(into: Map<string, RollupRow>, id: string, row: RollupRow): void {
  const target = into.get(id);
  if (!target) {
    into.set(id, row);
    return;
  }
  addTotals(target, row);
}

/** Takes one set of totals out of another (everything minus eval traffic); histograms bucket by bucket. */
export function subtractTotals(from: RollupTotals, t: RollupTotals): void {
  const negated = { ...t, latencyHist: t.latencyHist.map((n) => -n), ttftHist: t.ttftHist.map((n) => -n) } as RollupTotals;
  for (const k of ['requests', 'errors', 'inputTokens', 'outputTokens', 'cachedTokens', 'reasoningTokens', 'costUsd', 'latencyMsSum', 'ttftCount', 'ttftMsSum'] as const) negated[k] = -t[k];
  addTotals(from, negated);
}

/** Adds one set of totals into another; histograms bucket by bucket. */
export function addTotals(into: RollupTotals, t: RollupTotals): void {
  into.requests += t.requests;
  into.errors += t.errors;
  into.inputTokens += t.inputTokens;
  into.outputTokens += t.outputTokens;
  into.cachedTokens += t.cachedTokens;
  into.reasoningTokens += t.reasoningTokens;
  into.costUsd += t.costUsd;
  into.latencyMsSum += t.latencyMsSum;
  into.ttftCount += t.ttftCount;
  into.ttftMsSum += t.ttftMsSum;
  addInto(into.latencyHist, t.latencyHist);
  addInto(into.ttftHist, t.ttftHist);
}

/**
 * Re-buckets rows to a coarser resolution: minute rows of a batch become its hour and day rows
 * without walking the traces again (a batch has hundreds of traces but a few dozen rows).
 *
 * @example coarsen(accumulate(batch, 60_000).values(), 3_600_000)
 */
export function coarsen(rows: Iterable<RollupRow>, resolutionMs: number): Map<string, RollupRow> {
  const out = new Map<string, RollupRow>();
  for (const row of rows) {
    const bucket = row.bucket - (row.bucket % resolutionMs);
    const copy = emptyRow(bucket, row.dim, row.value);
    mergeRow(out, `${bucket}\u0000${row.dim}\u0000${row.value}`, copy);
    mergeRow(out, `${bucket}\u0000${row.dim}\u0000${row.value}`, row);
  }
  return out;
}
