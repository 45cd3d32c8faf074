/**
 * The shapes guardrail decisions take on a trace (`decisions.guardrails` and `decisions.guard`).
 * Types only, with no imports, so the dashboard can read them too.
 */

/** One guardrail decision as the trace keeps it: never the checked text or a found value. */
export interface GuardEntry {
  /**
   * The check: `pii`, `injection`, `indirect-injection`, `banned-words`, `topics`, `json-schema`,
   * `regex`, `output-pii`, `unscanned-images`, `unscanned-audio`, `unscanned-files`, `guard-error`.
   */
  name: string;
  stage: 'input' | 'output';
  /** `reask`: the answer failed the JSON schema and was sent back to the model (never delivered). */
  action: 'pass' | 'redact' | 'block' | 'flag' | 'warn' | 'reask';
  reason: string;
  score?: number;
  /** PII found, by entity type and what was done: `{ EMAIL: { redact: 2 } }`. */
  entities?: Record<string, Record<string, number>>;
}

/** `decisions.guard`: the policy that applied and the time the guard stages took. */
export interface GuardTiming {
  policy: string;
  inputMs: number;
  outputMs: number;
}
