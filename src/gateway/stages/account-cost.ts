import { computeCost, webSearchCost } from '../../tokens/cost.js';
import { estimateUsage, withRelayedOutput } from '../estimate-usage.js';
import { UNPRICED_HEADER, type UnpricedDecision } from '../../core/unpriced.js';
import type { BillingDecision } from '../../core/billing-decision.js';
import { regionFactor, unpricedModifier } from '../../tokens/billing-modifiers.js';
import { headerSafe } from '../../routing/policies/decision.js';
import { SwitchyardError } from '../../core/errors.js';
import type { Target } from '../../routing/catalog.js';
import { abandonedTargetOf } from '../run-attempts.js';
import { attemptBill, bookBilledAttempts } from '../book-billed-attempts.js';
import { reportedUsage, type Usage } from '../../tokens/usage.js';
import type { Call } from '../call.js';
import type { Outcome } from '../outcome.js';
import type { Stage } from '../pipeline.js';

/**
 * Usage and cost. A whole answer's cost is known before it goes out and rides along as
 * `x-switchyard-cost-usd` (evals read it); a stream's is settled at its end. When the provider
 * reported no usage, tokens are counted locally after the answer went out (marked estimated).
 */
export const accountCost: Stage = async (call, next) => {
  // A call can pass here more than once (a cascade's steps); its cost is settled once, at the end.
  const first = !call.costHooked;
  call.costHooked = true;
  let outcome: Outcome;
  try {
    outcome = await next();
  } catch (error) {
    // The client left (or the total timeout ran out) while a provider was answering: the provider
    // bills that request though no answer came, so the call is booked as one that reached it.
    const abandoned = abandonedTargetOf(error);
    if (abandoned) bookAbandoned(call, abandoned, error);
    // A call that got no answer still owes for the attempts its providers bill (timed out, cut).
    if (first) call.onSettled(() => settleCost(call));
    throw error;
  }
  const reported = outcome.kind === 'json' ? reportedUsage(call.usage) : undefined;
  if (reported) {
    // An answer after failed attempts: those their providers bill are in the cost it goes out with.
    if (call.attempts.length > 1) {
      const booking = bookBilledAttempts(call);
      if (booking) await booking;
    }
    call.costUsd = call.spentBeforeUsd + computeCost(call.price, reported);
    // An unpriced model's $0 is not a cost: the header is left out (every reader of it parses a
    // number, and none can tell a real $0 from an unknown one) and the model is named instead.
    const unpriced = unpricedUpstream(call);
    if (unpriced === undefined) outcome.headers['x-switchyard-cost-usd'] = call.costUsd.toFixed(8);
    // The name is the config's: any text, which a header line cannot carry (CR/LF, non-ASCII); the
    // trace keeps it whole.
    else outcome.headers[UNPRICED_HEADER] = headerSafe(unpriced);
  }
  if (first) call.onSettled(() => settleCost(call));
  return outcome;
};

/**
 * A stream's cost once its last event went out, for the line that ends it (`streamCostLine`): the
 * figure its trace will carry, computed as the settle hook computes it. Undefined where no figure
 * is known then: the provider reported no usage (the tokens are counted after delivery), the stream
 * was cut or failed, or the model is unpriced (its $0 is unknown, as for the header). A promise
 * only when failed attempts before the stream must be counted first.
 *
 * @example streamedCostUsd(call) // 0.00001234 (a stream of 10 in / 20 out at its model's price)
 */
export function streamedCostUsd(call: Call): number | undefined | Promise<number | undefined> {
  if (call.error || call.streamCut || call.provider === null) return undefined;
  // A cached or local answer spent no upstream tokens: its cost is set when it is answered.
  if (call.provider === 'cache' || call.provider === 'local') return call.costUsd;
  const reported = reportedUsage(call.usage);
  if (!reported || unpricedUpstream(call) !== undefined) return undefined;
  const cost = () => call.spentBeforeUsd + computeCost(call.price, reported);
  // Booked once each: the settle hook, asking again, finds them booked.
  const booking = call.attempts.length > 1 ? bookBilledAttempts(call) : undefined;
  return booking ? booking.then(cost) : cost();
}

/** The SSE comment that ends a stream with its cost (every conformant SSE parser skips it), or '' when none is known. */
export function streamCostLine(costUsd: number | undefined): string {
  return costUsd === undefined ? '' : `: x-switchyard-cost-usd=${costUsd.toFixed(8)}\n\n`;
}

/**
 * The call's final cost. Synchronous when the provider reported usage (nearly every call), so
 * settling awaits nothing for it; a promise only when the tokens must be counted: none were
 * reported, or a stream was cut short after reporting some.
 */
function settleCost(call: Call): Promise<void> | undefined {
  // Failed attempts a provider bills can only be there beside another attempt, or in a call that
  // got no answer: a call answered at its first attempt skips the look.
  const booking = call.attempts.length > 1 || call.provider === null ? bookBilledAttempts(call) : undefined;
  return booking ? booking.then((last) => settleAnswer(call, last)) : settleAnswer(call, undefined);
}

/** The answer's cost (counted when not reported) added to what was spent before it. */
function settleAnswer(call: Call, lastBilled: Target | undefined): Promise<void> | undefined {
  if (call.provider === null) return settleUnanswered(call, lastBilled);
  // A local model's answer a cascade's step gave after earlier steps' model calls passed this
  // stage: it spent no tokens, so the call costs what those steps did (its usage stays empty).
  if (call.provider === 'local') {
    call.costUsd = call.spentBeforeUsd;
    return undefined;
  }
  noteSearches(call);
  noteUnpriced(call);
  noteBilling(call);
  const reported = reportedUsage(call.usage);
  if (reported && !call.streamCut) {
    call.costUsd = call.spentBeforeUsd + computeCost(call.price, reported);
    return undefined;
  }
  if (reported) {
    return withRelayedOutput(reported, call.response).then((usage) => {
      call.usage = usage;
      bookAnswer(call, usage);
    });
  }
  // None reported, or figures that are no count (their billing tier and searches are kept).
  return estimateUsage({ format: call.input.format, body: call.body, response: call.response, countedFor: call.servedBy ?? undefined }).then((estimated) => {
    call.usage = call.usage ? { ...call.usage, ...estimated } : estimated;
    bookAnswer(call, call.usage);
  });
}

/**
 * An answer whose usage had to be counted: its cost, and, when its attempt did not finish (a cut
 * stream, an abandoned call), that attempt's trace entry says what it was booked at and why.
 */
function bookAnswer(call: Call, usage: Usage): void {
  const costUsd = computeCost(call.price, usage);
  call.costUsd = call.spentBeforeUsd + costUsd;
  const why = call.decisions?.abandoned ? 'abandoned' : call.streamCut ? 'stream_cut' : undefined;
  const attempt = call.attempts[call.attempts.length - 1];
  if (why && attempt) attempt.billed = attemptBill(usage, costUsd, why);
}

/**
 * A call no provider answered: it costs what its failed attempts were billed ($0 when none was),
 * and is booked to the last target that bills one, so spend by provider and model counts it.
 */
function settleUnanswered(call: Call, lastBilled: Target | undefined): undefined {
  if (lastBilled) call.bookTo(lastBilled);
  call.costUsd = call.spentBeforeUsd;
  return undefined;
}

/**
 * A call whose provider had the request when the client left: booked to that target, so the
 * settle hook counts its prompt (output unknown, none came back) at the target's price, marked
 * estimated, and budgets and spend get it as they get a completed call's cost. Vendors bill a
 * request whose caller hung up (a non-streamed generation runs to its end), so $0 would let a
 * client that times out evade its budget.
 */
function bookAbandoned(call: Call, target: Target, error: unknown): void {
  call.bookTo(target);
  call.usage = undefined;
  call.response = null;
  const why = error instanceof SwitchyardError ? error.code : 'aborted';
  call.decide('abandoned', {
    target: `${target.provider.name}/${target.model}`,
    why,
    billed: 'prompt',
    reason: 'the provider had the request when the call was abandoned and bills it; its prompt is counted locally (estimated), the output it generated is unknown and not counted',
  } satisfies AbandonedDecision);
}

/** `decisions.abandoned`: a call booked for the request a provider had when it was abandoned. */
interface AbandonedDecision {
  /** `provider/model` of the attempt under way. */
  target: string;
  /** The abort's error code: `client_closed`, or `upstream_timeout` for the total timeout. */
  why: string;
  billed: 'prompt';
  reason: string;
}

/**
 * The web searches the model ran (Claude's and OpenAI's search tools, Gemini's grounding), on the
 * trace: they are billed per search, not per token. `usd` is in the cost (the config's
 * `web_search_usd` each, else the vendor's price); absent where the price is unknown.
 */
function noteSearches(call: Call): void {
  const searches = call.usage?.webSearches;
  if (!searches || !call.usage) return;
  const usd = webSearchCost(call.price, call.usage);
  call.decide('web_search', { searches, ...(usd === undefined ? { priced: false } : { usd }) });
}

/**
 * How the provider billed the call when not at its standard price (the response's tier, Claude's
 * fast mode or US-only inference), on the trace: `decisions.billing` (see billing-decision.ts).
 */
function noteBilling(call: Call): void {
  const billing = call.usage?.billing;
  if (!billing) return;
  const unpriced = call.price ? unpricedModifier(call.price, billing) : undefined;
  const pricedAs = billing.speed === 'fast' ? 'fast' : (billing.serviceTier ?? 'standard');
  const multiplier = call.price ? regionFactor(call.price, billing) : 1;
  call.decide('billing', {
    ...(billing.serviceTier ? { service_tier: billing.serviceTier } : {}),
    ...(billing.speed ? { speed: billing.speed } : {}),
    ...(billing.inferenceGeo ? { inference_geo: billing.inferenceGeo } : {}),
    priced_as: unpriced || !call.price ? 'standard' : pricedAs,
    ...(multiplier !== 1 ? { multiplier } : {}),
  } satisfies BillingDecision);
}

/**
 * A call an upstream model answered with no price known for it: its $0 is not a real cost, and
 * the trace says so (`decisions.cost`). Cache hits and local answers spend no upstream tokens.
 */
function noteUnpriced(call: Call): void {
  const model = unpricedUpstream(call);
  if (model !== undefined) call.decide('cost', { priced: false, model } satisfies UnpricedDecision);
}

/** The upstream model that answered the call with no price known for it, if one did. */
function unpricedUpstream(call: Call): string | undefined {
  if (call.price || call.provider === null || call.provider === 'cache' || call.provider === 'local' || call.upstreamModel === null) return undefined;
  return call.upstreamModel;
}
