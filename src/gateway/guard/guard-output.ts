import { toSwitchyardError } from '../../core/errors.js';
import { answerText } from '../answer-text.js';
import type { Call } from '../call.js';
import { observeEvents, type Outcome } from '../outcome.js';
import type { Stage } from '../pipeline.js';
import { checkFailed, entry } from './guard-input.js';
import { blockedOutcome, type GuardEntry, type GuardState, recordTiming } from './guard-state.js';
import { recheckAdded } from './recheck-added.js';

/**
 * The guard-out stage, just before the provider call. First it checks what stages after guard-in
 * added to the request (`recheckAdded`: a knowledge route's context). Then it checks the model's answer (JSON schema, banned patterns and words, PII the
 * model wrote) before the guard-in stage restores redacted values, so the user's own values
 * coming back are not mistaken for leaks. A whole answer that a blocking check rejects becomes a
 * 422 naming the guard. Streams are held until checked when the policy blocks and streams in
 * `buffer` mode; in `after` mode they flow and a violation is recorded and flagged at the end.
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
    const outcome = await next();
    if (outcome.kind === 'error') return outcome;
    if (outcome.kind === 'json') {
      if (outcome.status !== 200) return outcome;
      return verdictFor(call, state, answerText(call.response)) ?? outcome;
    }
    if (state.policy.output.buffer) {
      const events: string[] = [];
      try {
        for await (const piece of outcome.events) events.push(piece);
      } catch (thrown) {
        const error = toSwitchyardError(thrown);
        call.error = error;
        return { kind: 'error', error, headers: outcome.headers };
      }
      // The provider stage rebuilt the whole answer for the trace when its stream ended.
      const blocked = verdictFor(call, state, answerText(call.response));
      if (blocked) return blocked;
      return { ...outcome, events: replay(events) };
    }
    return {
      ...outcome,
      events: observeEvents(outcome.events, {
        onEnd: (error) => {
          if (error === undefined) runChecks(call, state, answerText(call.response), true);
        },
      }),
    };
  };
}

/** Runs the checks; returns an error outcome when one blocks. */
function verdictFor(call: Call, state: GuardState, text: string): Outcome | undefined {
  const blocked = runChecks(call, state, text, false);
  return blocked ? blockedOutcome(call, state, blocked, 'answer') : undefined;
}

/** Records every check's entry; in `after` mode a block is recorded as a flag (the text is already out). */
function runChecks(call: Call, state: GuardState, text: string, late: boolean): GuardEntry | undefined {
  const started = performance.now();
  const added: GuardEntry[] = [];
  for (const check of state.policy.output.checks) {
    try {
      const e = entry('output', check(text));
      if (late && e.action === 'block') added.push({ ...e, action: 'flag', reason: `${e.reason} (streamed before the check: flagged, not blocked)` });
      else added.push(e);
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

async function* replay(events: readonly string[]): AsyncGenerator<string> {
  for (const piece of events) yield piece;
}
