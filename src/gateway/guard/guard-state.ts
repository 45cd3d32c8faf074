import type { Call } from '../call.js';
import type { CompiledPolicy } from './compile-policy.js';

/** One guardrail decision as the trace keeps it: never the checked text or a found value. */
export interface GuardEntry {
  /** The check: `pii`, `injection`, `indirect-injection`, `banned-words`, `topics`, `json-schema`, `regex`, `output-pii`, `guard-error`. */
  name: string;
  stage: 'input' | 'output';
  action: 'pass' | 'redact' | 'block' | 'flag' | 'warn';
  reason: string;
  score?: number;
  /** PII found, by entity type and what was done: `{ EMAIL: { redact: 2 } }`. */
  entities?: Record<string, Record<string, number>>;
}

/** What the guard stages of one call share: its policy, the decisions so far, the time spent. */
export interface GuardState {
  policy: CompiledPolicy;
  entries: GuardEntry[];
  inputMs: number;
  outputMs: number;
}

/**
 * Starts the call's guardrail record: `decisions.guardrails` lists every check's entry (the review
 * queue picks up the flagged ones), `decisions.guard` the policy and the time the guards took.
 */
export function startRecord(call: Call, policy: CompiledPolicy): GuardState {
  const state: GuardState = { policy, entries: [], inputMs: 0, outputMs: 0 };
  call.decide('guardrails', state.entries);
  call.decide('guard', { policy: policy.name, inputMs: 0, outputMs: 0 });
  return state;
}

/** Updates the timing on the trace (entries are shared by reference). */
export function recordTiming(call: Call, state: GuardState): void {
  call.decide('guard', { policy: state.policy.name, inputMs: round(state.inputMs), outputMs: round(state.outputMs) });
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
