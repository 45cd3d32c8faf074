import { toSwitchyardError } from '../../core/errors.js';
import type { GuardVerdict } from '../../guardrails/verdict.js';
import { computeCost } from '../../tokens/cost.js';
import { answerText } from '../answer-text.js';
import type { Call } from '../call.js';
import { observeEvents, type Outcome, type StreamOutcome } from '../outcome.js';
import type { Next, Stage } from '../pipeline.js';
import type { TextCheck } from './compile-policy.js';
import { checkFailed, entry } from './guard-input.js';
import { blockedOutcome, type GuardEntry, type GuardState, recordTiming } from './guard-state.js';
import { prepareReask, type ReaskAttempt } from './reask.js';
import { recheckAdded } from './recheck-added.js';

/**
 * The guard-out stage, just before the provider call. First it checks what stages after guard-in
 * added to the request (`recheckAdded`: a knowledge route's context). Then it checks the model's answer (JSON schema, banned patterns and words, PII the
 * model wrote) before the guard-in stage restores redacted values, so the user's own values
 * coming back are not mistaken for leaks. A whole answer that a blocking check rejects becomes a
 * 422 naming the guard; with `max_reasks`, an answer the JSON schema rejects is first sent back to
 * the model with the errors. Streams are held until checked when the policy blocks or re-asks and
 * streams in `buffer` mode; in `after` mode they flow and a violation is recorded and flagged at the end.
 */
export function guardOutput(states: WeakMap<Call, GuardState>): Stage {
  return async (call, next) => {
    const state = states.get(call);
    if (!state) return next();
    const started = performance.now();
    const blockedInput = recheckAdded(call, state);
    state.inputMs += performance.now() - started;
    recordTiming(call, state);
    if (blockedInput) return blockedOutcome(call, state, blockedInput, 'request');
    if (state.policy.output.checks.length === 0) return next();
    // A stream held until checked can still fall back when its provider fails mid-stream.
    if (state.policy.output.buffer) call.holdStream = true;
    return checkedAnswer(call, state, next);
  };
}

/**
 * The output checks on an answer a stage gives by itself, before the provider stage: a route's
 * local task model, which answers in the route slot and so never reaches the guard-out stage.
 * Returns the reason it may not be delivered (a blocking check, or a JSON schema that would
 * re-ask a model's answer), recording nothing: the caller passes the request on to the route's
 * model, whose answer the guard-out stage checks. Otherwise the checks' entries are recorded as
 * for a model's answer (a flag stays a flag) and it returns undefined. Calls no policy applies
 * to, or whose policy has no output check, pass unrecorded.
 *
 * @example const rejected = checkOwnAnswer(states)(call, '{"intent":"card_arrival"}'); if (rejected) return next();
 */
export type OwnAnswerCheck = (call: Call, text: string) => string | undefined;

export function checkOwnAnswer(states: WeakMap<Call, GuardState>): OwnAnswerCheck {
  return (call, text) => {
    const state = states.get(call);
    if (!state || state.policy.output.checks.length === 0) return undefined;
    const started = performance.now();
    const added: GuardEntry[] = [];
    for (const check of state.policy.output.checks) {
      try {
        added.push(entry('output', check(text)));
      } catch (error) {
        added.push(checkFailed('output', state.policy, error));
      }
    }
    state.outputMs += performance.now() - started;
    recordTiming(call, state);
    const reasked = state.policy.output.reask !== undefined;
    const rejected = added.find((e) => e.action === 'block' || (reasked && e.name === 'json-schema' && e.action !== 'pass'));
    if (rejected) return `the "${rejected.name}" output check rejected it (${rejected.reason})`;
    state.entries.push(...added);
    return undefined;
  };
}

/** An answer ready to check: its outcome, the events of a held stream, and its text. */
interface Answer {
  outcome: Outcome;
  held: string[] | undefined;
  text: string;
}

/**
 * Gets the answer and checks it. A whole answer, or a stream held in `buffer` mode, that the JSON
 * schema rejects is sent back to the model with the errors (`max_reasks` times) before the checks'
 * verdicts decide; only the answer that is delivered is checked by the other checks. A re-ask that
 * fails (the provider is down) leaves the last answer to the checks' verdicts, as if it had been the
 * last attempt. Streams in `after` mode flow at once and are checked (not re-asked) at their end.
 */
async function checkedAnswer(call: Call, state: GuardState, next: Next): Promise<Outcome> {
  const { reask, buffer } = state.policy.output;
  const first = await next();
  if (first.kind === 'stream' && !buffer) return checkedAtEnd(call, state, first);
  let answer = await answerOf(call, first);
  if (!('text' in answer)) return answer;
  const trail: ReaskAttempt[] = [];
  let number = 1;
  for (; reask && number <= reask.max; number++) {
    const rejected = schemaRejection(call, state, reask.check, answer.text);
    if (!rejected) break;
    state.entries.push({ ...entry('output', rejected), action: 'reask', reason: `answer ${number}: ${rejected.reason}; asked again (${number} of ${reask.max})` });
    const kept = keep(call);
    trail.push(await prepareReask(call, number, answer.text, rejected.reason, reask.schema));
    call.decide('reask', { check: rejected.check, max: reask.max, attempts: trail });
    const again = await answerOf(call, await next().catch((thrown: unknown) => ({ kind: 'error' as const, error: toSwitchyardError(thrown), headers: {} })));
    if (!('text' in again)) {
      restore(call, kept);
      const why = again.kind === 'error' ? again.error.message : `status ${again.kind === 'json' ? again.status : 'unknown'}`;
      trail.push({ attempt: number + 1, action: 'error', inputTokens: null, outputTokens: null, cachedTokens: null, costUsd: null });
      state.entries.push({ name: 'json-schema', stage: 'output', action: 'warn', reason: `re-ask ${number} failed (${why.slice(0, 200)}): answer ${number} is checked as the last` });
      break;
    }
    answer = again;
  }
  const blocked = runChecks(call, state, answer.text, false);
  if (trail.length > 0 && trail.at(-1)?.action !== 'error') {
    const usage = call.usage;
    trail.push({
      attempt: number,
      action: blocked?.action ?? 'pass',
      inputTokens: usage?.inputTokens ?? null,
      outputTokens: usage?.outputTokens ?? null,
      cachedTokens: usage?.cachedTokens ?? null,
      costUsd: usage ? computeCost(call.price, usage) : null,
    });
  }
  if (blocked) return blockedOutcome(call, state, blocked, 'answer');
  const { outcome, held } = answer;
  return held && outcome.kind === 'stream' ? { ...outcome, events: replay(held) } : outcome;
}

/** An outcome as an answer to check (a held stream read whole); errors and non-200 answers as they are. */
async function answerOf(call: Call, outcome: Outcome): Promise<Answer | Outcome> {
  if (outcome.kind === 'error' || (outcome.kind === 'json' && outcome.status !== 200)) return outcome;
  let held: string[] | undefined;
  if (outcome.kind === 'stream') {
    const events = await hold(call, outcome);
    if (!Array.isArray(events)) return events;
    held = events;
  }
  // The provider stage kept the whole answer (rebuilt from the stream) for the trace.
  return { outcome, held, text: answerText(call.response) };
}

/** What a re-ask changes on the call, to put back when it fails. */
function keep(call: Call) {
  const { usage, usageBefore, spentBeforeUsd, response, completion, canonical, forceCanonical, error } = call;
  return { usage, usageBefore, spentBeforeUsd, response, completion, canonical, forceCanonical, error };
}

function restore(call: Call, kept: ReturnType<typeof keep>): void {
  Object.assign(call, kept);
}

/** The schema check's verdict when it rejects the answer (a check that throws is left to `runChecks`). */
function schemaRejection(call: Call, state: GuardState, check: TextCheck, text: string): GuardVerdict | undefined {
  const started = performance.now();
  try {
    const v = check(text);
    return v.action === 'pass' ? undefined : v;
  } catch {
    return undefined;
  } finally {
    state.outputMs += performance.now() - started;
    recordTiming(call, state);
  }
}

/** Reads a whole stream; a stream that fails while held becomes an error outcome. */
async function hold(call: Call, outcome: StreamOutcome): Promise<string[] | Outcome> {
  const events: string[] = [];
  try {
    for await (const piece of outcome.events) events.push(piece);
  } catch (thrown) {
    const error = toSwitchyardError(thrown);
    call.error = error;
    return { kind: 'error', error, headers: outcome.headers };
  }
  return events;
}

/** `stream: after`: the stream flows; its checks run at its end and can only flag. */
function checkedAtEnd(call: Call, state: GuardState, outcome: StreamOutcome): Outcome {
  return {
    ...outcome,
    events: observeEvents(outcome.events, {
      onEnd: (error) => {
        if (error === undefined) runChecks(call, state, answerText(call.response), true);
      },
    }),
  };
}

/** Records every check's entry; in `after` mode a block is recorded as a flag (the text is already out). */
function runChecks(call: Call, state: GuardState, text: string, late: boolean): GuardEntry | undefined {
  const started = performance.now();
  const added: GuardEntry[] = [];
  for (const check of state.policy.output.checks) {
    try {
      const e = entry('output', check(text));
      if (late && e.action === 'block') added.push({ ...e, action: 'flag', reason: `${e.reason} (streamed before the check: flagged, not blocked)${notReasked(state, e)}` });
      else added.push({ ...e, reason: `${e.reason}${late ? notReasked(state, e) : ''}` });
    } catch (error) {
      const failed = checkFailed('output', state.policy, error);
      added.push(late && failed.action === 'block' ? { ...failed, action: 'flag' } : failed);
    }
  }
  state.entries.push(...added);
  state.outputMs += performance.now() - started;
  recordTiming(call, state);
  return added.find((e) => e.action === 'block');
}

/** A streamed answer is never re-asked in `after` mode: the entry says so when it would have been. */
function notReasked(state: GuardState, e: GuardEntry): string {
  return state.policy.output.reask && e.name === 'json-schema' && e.action !== 'pass' ? '; not re-asked: the stream was already sent (stream: after)' : '';
}

async function* replay(events: readonly string[]): AsyncGenerator<string> {
  for (const piece of events) yield piece;
}
