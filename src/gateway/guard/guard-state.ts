import type { ChatMessage } from '../../core/openai-wire.js';
import type { PiiVault } from '../../guardrails/redaction/index.js';
import { SwitchyardError } from '../../core/errors.js';
import type { Call } from '../call.js';
import type { ErrorOutcome } from '../outcome.js';
import type { CompiledPolicy } from './compile-policy.js';
import type { GuardEntry, GuardTiming } from './guard-decisions.js';

export type { GuardEntry, GuardTiming } from './guard-decisions.js';

/** What the guard stages of one call share: its policy, the decisions so far, the time spent. */
export interface GuardState {
  policy: CompiledPolicy;
  entries: GuardEntry[];
  inputMs: number;
  outputMs: number;
  /**
   * The messages guard-in checked and the texts in them. A later stage that changes the messages
   * (a knowledge route adding retrieved context) gets what it added checked before the provider call.
   */
  checked?: { messages: readonly ChatMessage[]; texts: ReadonlySet<string> };
  /** The call's placeholder mapping, shared by every redaction pass of the call. */
  vault?: PiiVault;
}

/**
 * Starts the call's guardrail record: `decisions.guardrails` lists every check's entry (the review
 * queue picks up the flagged ones), `decisions.guard` the policy and the time the guards took.
 */
export function startRecord(call: Call, policy: CompiledPolicy): GuardState {
  const state: GuardState = { policy, entries: [], inputMs: 0, outputMs: 0 };
  call.decide('guardrails', state.entries);
  call.decide('guard', { policy: policy.name, inputMs: 0, outputMs: 0 } satisfies GuardTiming);
  return state;
}

/** Updates the timing on the trace (entries are shared by reference). */
export function recordTiming(call: Call, state: GuardState): void {
  call.decide('guard', { policy: state.policy.name, inputMs: round(state.inputMs), outputMs: round(state.outputMs) } satisfies GuardTiming);
}

/**
 * The `x-switchyard-guardrails` header: the policy and each check's action, for clients to log.
 *
 * @example guardHeader(state) // 'policy=strict; pii=redact; injection=pass'
 */
export function guardHeader(state: GuardState): string {
  return [`policy=${state.policy.name}`, ...state.entries.map((e) => `${e.name}=${e.action}`)].join('; ');
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/**
 * The answer to a call a guard stopped: a `guardrail_blocked` error naming the guard and the
 * policy (never the content) — 400 for the request, 422 for the model's answer — with the
 * verdicts header. The call carries the error, so the trace records it.
 *
 * @example return blockedOutcome(call, state, entry, 'request');
 */
export function blockedOutcome(call: Call, state: GuardState, blocked: GuardEntry, what: 'request' | 'answer'): ErrorOutcome {
  const error = new SwitchyardError('guardrail_blocked', `${what} blocked by the "${blocked.name}" guardrail (policy "${state.policy.name}"): ${blocked.reason}`, {
    ...(what === 'answer' ? { status: 422 } : {}),
    detail: { guard: blocked.name, policy: state.policy.name },
  });
  call.error = error;
  return { kind: 'error', error, headers: { 'x-switchyard-guardrails': guardHeader(state) } };
}
