import type { RetryPolicy } from '../config/schema.js';
import type { AbortLike } from '../core/call-abort.js';
import { type BilledFailure, billedFailureOf } from '../core/billed-failure.js';
import type { Clock, Random } from '../core/clock.js';
import { SwitchyardError, toSwitchyardError } from '../core/errors.js';
import { backoffDelay } from '../routing/backoff.js';
import type { Target } from '../routing/catalog.js';
import type { RefusedModel } from '../routing/policies/index.js';
import { targetId } from '../routing/order-targets.js';
import type { AttemptResult, TargetHealth } from '../routing/target-health.js';
import type { Attempt } from '../core/trace.js';
import { isContextOverflow, largerWindow, widerRefusal } from './context-window.js';
import { refusedForToolCount } from '../providers/tool-count-refusal.js';
import { isUnreadableItem } from '../providers/openai-compatible/responses-upstream/unreadable-items.js';

export interface AttemptDeps {
  clock: Clock;
  random: Random;
  /** Circuit breakers and latency per target; without it every target is always tried. */
  health?: TargetHealth | undefined;
  /**
   * Upstream statuses that, for this kind of call, say the model does not do what was asked
   * rather than that the target is broken: OpenAI's 403 and Google's 404 to embeddings from a
   * chat model. They still pass the target over, but leave its circuit alone, which it shares
   * with the chat calls it serves (five such requests opened gpt-5.4-mini's circuit for all).
   * When every attempt got one, the client gets the last as the provider gave it.
   */
  requestFaults?: ReadonlySet<number> | undefined;
}

/** Upstream statuses that say the target is misconfigured, not the request: try the next one. */
const TARGET_FAULTS = new Set([401, 402, 403, 404]);

/** A target passed over because the request asks for something its translation cannot carry. */
export interface Refusal {
  target: string;
  /** The request field the target cannot honour (`n`, `logprobs`, a content part's path). */
  param?: string;
  reason: string;
  /** The refusal's code where it has one (`context_length_exceeded`: the prompt is past the window). */
  vendorCode?: string;
}

/**
 * What a failed `runAttempts` passed over: targets with an open circuit and targets that could not
 * honour the request. Kept beside the error it threw (read with `skipsOf`), so the trace of a
 * failed call shows them as a successful one's does. `refusal` is true when the error is itself a
 * refusal: every target refused the request and none was tried.
 */
export interface Skips {
  skipped: readonly string[];
  refused: readonly Refusal[];
  refusal: boolean;
}

// Only failures write here (and only those that passed something over): nothing on the common path.
const skipsByError = new WeakMap<object, Skips>();

/** The skips of the `runAttempts` that threw `error`, if it passed any target over. */
export function skipsOf(error: unknown): Skips | undefined {
  // A WeakMap answers undefined for a key that cannot be one (a string, null).
  return skipsByError.get(error as object);
}

/** The refusals behind `error` when it says that every target refused the request (none was tried). */
export function refusalsOf(error: unknown): readonly Refusal[] | undefined {
  const skips = skipsOf(error);
  return skips?.refusal ? skips.refused : undefined;
}

/**
 * A model every target of which refused the request, as the route planner keeps it (routes and
 * cascades plan again without it): its first target's refusal.
 *
 * @example refusedModel([{ target: 'claude', param: 'logprobs', reason: 'Claude has no log-probs' }]) // { param: 'logprobs', reason: '…' }
 */
export function refusedModel(refusals: readonly Refusal[]): RefusedModel {
  const first = refusals[0] as Refusal;
  return { reason: first.reason, ...(first.param === undefined ? {} : { param: first.param }), ...(first.vendorCode === undefined ? {} : { vendorCode: first.vendorCode }) };
}

// Only calls whose client left (or whose total timeout ran out) mid-attempt write here.
const abandonedByError = new WeakMap<object, Target>();

/**
 * The target whose attempt was under way when the call's signal aborted (the client left, the
 * total timeout ran out) and `runAttempts` threw `error`: the provider has the request and bills
 * it though no answer came back. Undefined when the abort came between attempts (a backoff).
 */
export function abandonedTargetOf(error: unknown): Target | undefined {
  return abandonedByError.get(error as object);
}

// Only attempts that failed after their provider had the request write here (see billed-failure.ts).
const billableByAttempt = new WeakMap<Attempt, BillableAttempt>();

/** A failed attempt its provider bills: the target it went to (whose price and counting rules apply), and why. */
export interface BillableAttempt {
  target: Target;
  why: BilledFailure;
}

/**
 * The target and reason of a failed attempt whose provider bills it (the attempt timeout fired,
 * the body was cut after a 200), once: it is forgotten as it is taken, so a call that asks again
 * (the cost stage after an answer, then at settle) books it once.
 */
export function takeBillable(attempt: Attempt): BillableAttempt | undefined {
  const billable = billableByAttempt.get(attempt);
  if (billable) billableByAttempt.delete(attempt);
  return billable;
}

function withSkips(error: SwitchyardError, skipped: readonly string[], refused: readonly Refusal[], refusal = false): SwitchyardError {
  if (skipped.length > 0 || refused.length > 0) skipsByError.set(error, { skipped, refused, refusal });
  return error;
}

/** The status an attempt records: the upstream's, or 0 when none arrived. */
function attemptStatus(error: SwitchyardError): number {
  return error.code === 'upstream_error' ? error.status : 0;
}

/**
 * Tries targets in order, each up to `policy.max_attempts` times with backoff, and returns the
 * first success. Every try is appended to `attempts` (for the trace). A client error (a 400 from
 * upstream) is returned at once: another target would reject it too; a spent quota moves on to
 * the next target, whose account may have some left. A target that cannot honour
 * the request (the gateway's own `unsupported`, e.g. `n>1` for Claude) is passed over like one
 * with an open circuit, and listed in `refused`: another target may well honour it. Only when no
 * target could is that refusal returned, so the client still learns which field to drop. When all
 * fail, one error lists every attempt.
 */
export async function runAttempts<T>(
  model: string,
  targets: readonly Target[],
  policy: RetryPolicy,
  deps: AttemptDeps,
  signal: AbortLike,
  attempts: Attempt[],
  send: (target: Target) => Promise<T>,
): Promise<{ value: T; target: Target; skipped: string[]; refused: Refusal[] }> {
  const health = deps.health;
  const skipped: string[] = [];
  const refused: Refusal[] = [];
  let firstRefusal: SwitchyardError | undefined;
  // The last failure, whose word on when to come back (retry-after, rate-limit headers) is handed
  // to the client when every attempt failed alike (`passedOn`).
  let lastError: SwitchyardError | undefined;
  // Whether every failed attempt named its failure alike (OpenAI's type and code: `tokens` or
  // `requests`, `rate_limit_exceeded`), so the client can be given those names.
  let alike = true;
  // The target that refused the prompt for its length: after it, only larger windows are tried,
  // and while every attempt is such a refusal the client gets the provider's own 400.
  let overflowed: Target | undefined;
  let allOverflowed = true;
  const before = attempts.length;
  for (const target of targets) {
    const id = targetId(target);
    if (overflowed && !largerWindow(target, overflowed)) {
      refused.push({ target: id, param: 'messages', vendorCode: 'context_length_exceeded', reason: `its context window is no larger than that of ${targetId(overflowed)}, which refused the prompt as too long` });
      continue;
    }
    for (let attempt = 1; attempt <= policy.max_attempts; attempt++) {
      if (health && !health.admit(id)) {
        skipped.push(id);
        break;
      }
      const started = performance.now();
      // Whether this attempt could reach its provider: a call abandoned before it began (a
      // cascade's next step after the client left) sent nothing and is not booked to it.
      const live = !signal.aborted;
      try {
        const value = await send(target);
        const latencyMs = performance.now() - started;
        health?.record(id, 'success', latencyMs);
        attempts.push({ provider: target.provider.name, model: target.model, status: 200, latencyMs });
        return { value, target, skipped, refused };
      } catch (thrown) {
        const error = toSwitchyardError(thrown);
        if (error.code === 'unsupported' && !signal.aborted) {
          // Refused by the gateway before anything was sent: no attempt, nothing about its health.
          health?.record(id, 'neutral', 0);
          refused.push({ target: id, ...(error.param ? { param: error.param } : {}), ...(error.vendorCode ? { vendorCode: error.vendorCode } : {}), reason: error.message });
          firstRefusal = widerRefusal(firstRefusal, error);
          break;
        }
        health?.record(id, signal.aborted ? 'neutral' : resultOf(error, deps.requestFaults), performance.now() - started, error.message);
        const failed: Attempt = {
          provider: target.provider.name,
          model: target.model,
          status: attemptStatus(error),
          latencyMs: performance.now() - started,
          error: error.message,
          ...(error.upstreamCode === undefined ? {} : { code: error.upstreamCode }),
        };
        attempts.push(failed);
        if (!isContextOverflow(error)) allOverflowed = false;
        if (lastError && (lastError.vendorType !== error.vendorType || lastError.vendorCode !== error.vendorCode)) alike = false;
        lastError = error;
        if (signal.aborted) {
          const thrown = withSkips(signal.reason instanceof SwitchyardError ? signal.reason : error, skipped, refused);
          // `unsupported` is the gateway's own refusal: nothing went upstream.
          if (live && error.code !== 'unsupported') abandonedByError.set(thrown, target);
          throw thrown;
        }
        const billed = billedFailureOf(error);
        if (billed) billableByAttempt.set(failed, { target, why: billed });
        if (!error.retryable) {
          if (error.code === 'upstream_error' && TARGET_FAULTS.has(error.status)) break;
          // The prompt is past this model's window: a later target with a larger one may take it
          // (as LiteLLM's context_window_fallbacks and Portkey's fallbacks do).
          if (isContextOverflow(error) && targets.slice(targets.indexOf(target) + 1).some((next) => largerWindow(next, target))) {
            overflowed = target;
            break;
          }
          // More tools than this model takes (OpenAI's 128): a later target may take them all.
          if (refusedForToolCount(error) && target !== targets[targets.length - 1]) break;
          // A non-retryable 429 is a spent quota or spend limit: the provider account's, which
          // another target (another account or provider) may not share. The last target's is
          // the client's answer as it came (x-should-retry: false), not one more attempt counted.
          if (error.code === 'upstream_error' && error.status === 429 && target !== targets[targets.length - 1]) break;
          throw withSkips(error, skipped, refused);
        }
        if (attempt === policy.max_attempts) break;
        const delay = backoffDelay(attempt, policy, deps.random, error.retryAfter === undefined ? undefined : error.retryAfter * 1000);
        if (delay === undefined) break;
        await deps.clock.sleep(delay, signal).catch(() => undefined);
        if (signal.aborted) throw withSkips(signal.reason instanceof SwitchyardError ? signal.reason : error, skipped, refused);
      }
    }
  }
  if (attempts.length === before && skipped.length > 0) throw withSkips(allOpen(model, skipped, health as TargetHealth, deps.clock.now()), skipped, refused);
  if (attempts.length === before && firstRefusal) throw withSkips(firstRefusal, skipped, refused, true);
  // Every target tried refused what the request asks of its model (embeddings from a chat model:
  // OpenAI's 403, Google's 404) and none was passed over unseen: the client gets that refusal as
  // the provider gave it, a 4xx its SDK knows, not a 502 saying the gateway failed.
  if (lastError && skipped.length === 0 && attempts.length > before && attempts.slice(before).every((a) => deps.requestFaults?.has(a.status))) {
    throw withSkips(lastError, skipped, refused);
  }
  // Every target tried refused the prompt as too long (the larger windows included): the client
  // gets the last refusal, from the largest window tried, as the provider gave it (a 400 naming
  // the limit), not a 502.
  if (lastError && overflowed && allOverflowed && attempts.length > before) throw withSkips(lastError, skipped, refused);
  throw withSkips(allFailed(model, attempts, skipped, refused, lastError, alike), skipped, refused);
}

/** Whether a failed attempt says something about its target's health. */
function resultOf(error: SwitchyardError, requestFaults: ReadonlySet<number> | undefined): AttemptResult {
  if (error.code === 'upstream_error' && requestFaults?.has(error.status)) return 'neutral';
  // An answer the client's format cannot carry (a computer_call to a chat client): the target answered.
  if (isUnreadableItem(error)) return 'neutral';
  if (error.code === 'upstream_error') return error.status >= 500 || TARGET_FAULTS.has(error.status) ? 'failure' : 'neutral';
  return error.code === 'upstream_timeout' || error.code === 'upstream_unreachable' ? 'failure' : 'neutral';
}

/** Every target's circuit is open: refuse at once, saying when the first one will be probed. */
function allOpen(model: string, skipped: readonly string[], health: TargetHealth, now: number): SwitchyardError {
  const open = health.snapshot().filter((s) => skipped.includes(s.target));
  const retryAt = Math.min(...open.filter((s) => s.retryAt !== null).map((s) => s.retryAt as number));
  const retryAfter = Number.isFinite(retryAt) ? Math.max(1, Math.ceil((retryAt - now) / 1000)) : 1;
  // Why each opened: "open circuit" alone hid the refused connection or 401 behind it.
  const last = new Map(open.map((s) => [s.target, s.lastFailure]));
  const named = skipped.map((t) => (last.get(t) ? `${t}, last: ${last.get(t)}` : t));
  return new SwitchyardError(
    'unavailable',
    `every target for model "${model}" has an open circuit after repeated failures (${named.join('; ')}); retry in ${retryAfter} s`,
    { retryAfter },
  );
}

function allFailed(model: string, attempts: readonly Attempt[], skipped: readonly string[], refused: readonly Refusal[], last: SwitchyardError | undefined, alike: boolean): SwitchyardError {
  const lines = attemptLines(attempts);
  const status = aggregateStatus(attempts);
  if (skipped.length > 0) lines.push(`skipped with an open circuit: ${skipped.join(', ')}`);
  for (const r of refused) lines.push(`skipped ${r.target}, which cannot honour the request: ${r.reason}`);
  const message = `every target for model "${model}" failed after ${attempts.length} attempt${attempts.length === 1 ? '' : 's'}: ${lines.join('; ')}`;
  // Every attempt refused by its target's own setup (a key, credit, access, or a model that cannot
  // do what was asked: 401/402/403/404) and none passed over for later: the same request fails
  // the same way however often it is sent, so the client is told not to retry (`clientShouldRetry`).
  const retryable = skipped.length > 0 || !attempts.every((a) => TARGET_FAULTS.has(a.status));
  const counted = { status, detail: attempts, attemptsMade: attempts.length, retryable };
  if (!PASSED_ON.has(status) || last === undefined) return new SwitchyardError('all_targets_failed', message, counted);
  // Every attempt got the same "try later" answer: the client gets it as the upstream gave it —
  // its retry-after and rate-limit headers (the last attempt's), and, when every attempt named it
  // alike, its type and code (OpenAI's `tokens` says which limit was hit).
  return new SwitchyardError('all_targets_failed', message, {
    ...counted,
    retryAfter: last.retryAfter,
    passOnHeaders: last.passOnHeaders,
    ...(alike ? { vendorType: last.vendorType, vendorCode: last.vendorCode } : {}),
  });
}

/**
 * One line per run of attempts that failed the same way on the same target: three retries
 * against a simulator that is not running read as one sentence said three times.
 *
 * @example attemptLines([a503, a503, b401]) // ['#1–#2 a/x: provider answered 503', '#3 b/y: provider answered 401']
 */
export function attemptLines(attempts: readonly Pick<Attempt, 'provider' | 'model' | 'error' | 'status'>[]): string[] {
  const lines: string[] = [];
  let first = 0;
  for (let i = 0; i < attempts.length; i++) {
    const a = attempts[i] as (typeof attempts)[number];
    const text = `${a.provider}/${a.model}: ${a.error ?? a.status}`;
    const next = attempts[i + 1];
    if (next && `${next.provider}/${next.model}: ${next.error ?? next.status}` === text) continue;
    lines.push(`${i === first ? `#${i + 1}` : `#${first + 1}–#${i + 1}`} ${text}`);
    first = i + 1;
  }
  return lines;
}

/**
 * "Try later" statuses a client's SDK knows and retries (rate limit, unavailable, overloaded,
 * request timeout, conflict): when every attempt got the same one, the client gets it too, with
 * the upstream's retry-after, rather than a 502 that hides what it can act on. 503 is one: both
 * official SDKs retry it as any 5xx and wait what its `retry-after` says, and a gateway whose
 * every upstream is unavailable is itself unavailable for that model. 500, 502 and 504 are not:
 * they say the upstream failed, not when to come back, and a gateway that got only failures
 * answers 502 naming each (the SDKs retry that alike).
 */
const PASSED_ON = new Set([408, 409, 429, 503, 529]);

/**
 * 429 when every attempt was rate limited; 503 when every attempt found the upstream
 * unavailable; 529 (Anthropic's overloaded, sent to OpenAI clients as 503) when every attempt was
 * overloaded; 408 or 409 when every attempt got it; otherwise 502, a gateway that got no good answer.
 */
function aggregateStatus(attempts: readonly Attempt[]): number {
  const first = attempts[0]?.status;
  return first !== undefined && PASSED_ON.has(first) && attempts.every((a) => a.status === first) ? first : 502;
}
