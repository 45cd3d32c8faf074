import type { Attempt, AttemptBill, BilledWhy } from '../core/trace.js';
import { BILLED_FAILURES, type BilledFailure } from '../core/billed-failure.js';
import type { Target } from '../routing/catalog.js';
import { computeCost } from '../tokens/cost.js';
import { addUsage, type Usage } from '../tokens/usage.js';
import type { Call } from './call.js';
import { estimateUsage } from './estimate-usage.js';
import { type BillableAttempt, takeBillable } from './run-attempts.js';

/** What each reason for an estimate tells a reader of the trace. */
export const BILLED_REASONS: Readonly<Record<BilledWhy, string>> = {
  attempt_timeout:
    'the attempt timeout fired after the request was sent: the provider had it and bills it; its prompt is counted locally (estimated), the output it generated is unknown and not counted',
  body_cut:
    'the connection broke after the provider answered 200, mid-body: it generated the answer and bills it; its prompt is counted locally (estimated), the output was lost and is not counted',
  stream_cut: 'the stream ended before the provider finished it: billed for the output relayed until then, counted locally where the provider reported no usage (estimated)',
  not_json:
    'the provider answered 200 with a body that is not JSON: it generated the answer and bills it; its prompt is counted locally (estimated), the output was unreadable and is not counted',
  unreadable_item:
    "the provider answered with an output item the client's format has no place for (the attempt's error names it): it generated the answer and bills it; its prompt is counted locally (estimated), the output was not relayed and is not counted",
  reset:
    'the connection was reset before the provider answered: whether it had the request (and bills it) is unknown, so nothing is booked for it; the cost is unknown, not $0',
  abandoned: 'the call was abandoned while the provider had the request, which it bills: its prompt is counted locally (estimated), the output it generated is unknown and not counted',
};

/**
 * Books the failed attempts of `call` whose provider bills them though no answer came (an attempt
 * timeout, a body cut after the 200, a 200 whose body is not JSON), once each: the prompt, counted
 * locally as the target counts it, at that target's price, joins `usageBefore` and
 * `spentBeforeUsd` (so the trace, budgets, spend and rollups count it beside the answer, as a
 * cascade's escalated steps are), and the attempt's trace entry says what it was booked at and why
 * (`billed`). An attempt reset before any answer books nothing; its entry says its cost is unknown.
 * Resolves to the target of the last attempt booked (a call that got no answer is booked to it);
 * undefined, awaiting nothing, when there is none: the cost stage asks after every answer that
 * took more than one attempt, and again at settle.
 *
 * @example const booking = bookBilledAttempts(call); if (booking) await booking;
 */
export function bookBilledAttempts(call: Call): Promise<Target> | undefined {
  let billable: [Attempt, BillableAttempt][] | undefined;
  for (const attempt of call.attempts) {
    const taken = takeBillable(attempt);
    if (taken?.why === 'reset') attempt.billed = unknownBill('reset');
    else if (taken) (billable ??= []).push([attempt, taken]);
  }
  if (!billable) return undefined;
  const last = (billable[billable.length - 1] as [Attempt, BillableAttempt])[1].target;
  return Promise.all(billable.map(([attempt, { target, why }]) => bookPrompt(call, attempt, target, why))).then(() => last);
}

/** The `billed` entry of an attempt whose provider may or may not bill it: nothing booked, and said to be unknown. */
function unknownBill(why: BilledWhy): AttemptBill {
  return { inputTokens: 0, outputTokens: 0, costUsd: 0, estimated: false, why, reason: BILLED_REASONS[why], costUnknown: true };
}

async function bookPrompt(call: Call, attempt: Attempt, target: Target, why: BilledFailure): Promise<void> {
  const usage = await estimateUsage({ format: call.input.format, body: call.body, response: null, countedFor: target });
  const costUsd = computeCost(target.price, usage);
  call.usageBefore = call.usageBefore ? addUsage(call.usageBefore, usage) : usage;
  call.spentBeforeUsd += costUsd;
  attempt.billed = attemptBill(usage, costUsd, why);
}

/**
 * What the failed attempts among `attempts` were booked at (timed out, cut, not JSON; a reset
 * adds nothing), summed; undefined when none was. An answer's own `billed` entry (a cut stream,
 * an abandoned call) is the answer's cost, counted with it, and is left out.
 *
 * @example failedAttemptsBooked(call.attempts.slice(from, to)) // { inputTokens: 140, outputTokens: 0, costUsd: 0.14 }
 */
export function failedAttemptsBooked(attempts: readonly Attempt[]): { inputTokens: number; outputTokens: number; costUsd: number } | undefined {
  let sum: { inputTokens: number; outputTokens: number; costUsd: number } | undefined;
  for (const { billed } of attempts) {
    if (!billed || billed.costUnknown || !BILLED_FAILURES.has(billed.why)) continue;
    sum ??= { inputTokens: 0, outputTokens: 0, costUsd: 0 };
    sum.inputTokens += billed.inputTokens;
    sum.outputTokens += billed.outputTokens;
    sum.costUsd += billed.costUsd;
  }
  return sum;
}

/** An attempt's `billed` entry for the usage and cost it was booked at. */
export function attemptBill(usage: Usage, costUsd: number, why: BilledWhy): AttemptBill {
  return { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, costUsd, estimated: usage.estimated === true, why, reason: BILLED_REASONS[why] };
}
