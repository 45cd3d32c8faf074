import type { AttachmentRules, GuardPolicy } from '../../config/guardrails-schema.js';
import { injectionCheck, type InjectionDetector } from '../../guardrails/injection/index.js';
import type { PiiDetector, PiiEntityType } from '../../guardrails/pii/index.js';
import { bannedWordsCheck, jsonSchemaCheck, topicsCheck, type TriggeredAction } from '../../guardrails/policy/index.js';
import { piiPolicySchema, type PiiPolicy, type Pseudonymizer } from '../../guardrails/redaction/index.js';
import type { GuardVerdict } from '../../guardrails/verdict.js';

/** A check on a text, named as it appears on traces. */
export type TextCheck = (text: string) => GuardVerdict;

/** A policy ready to run: detectors built and check configs compiled once, at start. */
export interface CompiledPolicy {
  name: string;
  /** `pseudonym` replaces PII in the identity fields (`user`, `metadata`…); see `redactIdentifiers`. */
  pii: { policy: PiiPolicy; detector: PiiDetector; pseudonym?: Pseudonymizer } | undefined;
  injection: ((text: string, source?: 'user' | 'indirect') => GuardVerdict) | undefined;
  /** Texts scoring in [above, threshold) are put to this judge model. */
  injectionJudge: { model: string; above: number; action: TriggeredAction } | undefined;
  input: TextCheck[];
  output: {
    checks: TextCheck[];
    /** Hold streams until checked (a blocking or re-asking check is configured and `stream: buffer`). */
    buffer: boolean;
    /** An answer the JSON schema rejects is sent back to the model this many times before the check's action applies. */
    reask: Reask | undefined;
  };
  /** Images, audio and non-text files: allowed, flagged or blocked, since no check can read them. */
  attachments: AttachmentRules;
  onError: 'closed' | 'open';
  traceOriginals: boolean;
  /** Restore placeholders in the model's reasoning as well as in its answer. */
  restoreThinking: boolean;
}

/** The JSON-schema check's re-ask: the check itself, how many times, and the schema to quote. */
export interface Reask {
  check: TextCheck;
  max: number;
  schema: Record<string, unknown>;
}

export interface CompileDeps {
  /** Loaded once when any policy checks for injection. */
  injection: InjectionDetector | undefined;
  /**
   * PII detectors are shared between policies that ask for the same types and threshold. `input`
   * ones may answer from remembered scans (requests repeat their system prompt and earlier turns);
   * `output` ones scan every answer (a model rarely writes the same answer twice).
   */
  piiDetector: (entities: readonly PiiEntityType[] | undefined, threshold: number | undefined, use: 'input' | 'output') => PiiDetector;
  /** Keyed pseudonyms for identity fields holding PII (from the gateway secret; see `pseudonymKey`). */
  pseudonym?: Pseudonymizer;
}

/**
 * Compiles one configured policy. Check configs were validated with the config; building the
 * checks here compiles patterns and schemas once instead of per request.
 *
 * @example compilePolicy('strict', config.guardrails.policies.strict, deps)
 */
export function compilePolicy(name: string, policy: GuardPolicy, deps: CompileDeps): CompiledPolicy {
  const input: TextCheck[] = [];
  if (policy.input?.banned_words) input.push(bannedWordsCheck(policy.input.banned_words));
  if (policy.input?.topics) input.push(topicsCheck(policy.input.topics));
  const output: TextCheck[] = [];
  const out = policy.output;
  let blocks = false;
  const note = (action: TriggeredAction) => {
    if (action === 'block') blocks = true;
  };
  let reask: Reask | undefined;
  if (out?.json_schema) {
    const check = jsonSchemaCheck(out.json_schema);
    output.push(check);
    note(out.json_schema.action);
    if (out.json_schema.max_reasks > 0) reask = { check, max: out.json_schema.max_reasks, schema: out.json_schema.schema };
  }
  if (out?.regex) {
    output.push(regexCheck(out.regex.patterns, out.regex.action));
    note(out.regex.action);
  }
  if (out?.banned_words) {
    output.push(bannedWordsCheck(out.banned_words));
    note(out.banned_words.action);
  }
  if (out?.pii) {
    output.push(outputPiiCheck(deps.piiDetector(out.pii.entities as PiiEntityType[] | undefined, out.pii.threshold, 'output'), out.pii.action));
    note(out.pii.action);
  }
  let injection: CompiledPolicy['injection'];
  if (policy.injection) {
    if (!deps.injection) throw new Error('the injection detector was not loaded');
    const { judge: _judge, ...check } = policy.injection;
    injection = injectionCheck(deps.injection, check);
  }
  const pii = policy.pii ? piiPolicySchema.parse(policy.pii) : undefined;
  return {
    name,
    pii: pii ? { policy: pii, detector: deps.piiDetector(piiEntities(pii), pii.threshold, 'input'), pseudonym: deps.pseudonym } : undefined,
    injection,
    injectionJudge: policy.injection?.judge ? { ...policy.injection.judge, action: policy.injection.action } : undefined,
    input,
    // A re-ask must stop the invalid answer from reaching the client, so it buffers like a block.
    output: { checks: output, buffer: (blocks || reask !== undefined) && out?.stream !== 'after', reask },
    attachments: policy.attachments,
    onError: policy.on_error,
    traceOriginals: policy.trace === 'original',
    restoreThinking: policy.restore_thinking,
  };
}

/** Types a PII policy acts on: all of them unless everything not listed is allowed. */
export function piiEntities(policy: PiiPolicy): PiiEntityType[] | undefined {
  if (policy.default_action !== 'allow') return undefined;
  return (Object.entries(policy.entities) as [PiiEntityType, string][]).filter(([, action]) => action !== 'allow').map(([type]) => type);
}

/** Banned patterns in the answer; the reason says which pattern (from the config), never the text. */
function regexCheck(patterns: readonly string[], action: TriggeredAction): TextCheck {
  const compiled = patterns.map((p) => new RegExp(p, 'u'));
  return (text) => {
    const hit = compiled.findIndex((re) => re.test(text));
    if (hit < 0) return { check: 'regex', action: 'pass', score: 0, reason: 'no banned pattern' };
    return { check: 'regex', action, score: 1, reason: `matched banned pattern ${hit + 1} of ${compiled.length}` };
  };
}

/** PII in the answer, counted by type (placeholders the gateway made are not PII). */
function outputPiiCheck(detector: PiiDetector, action: TriggeredAction): TextCheck {
  return (text) => {
    const findings = detector.detect(text);
    if (findings.length === 0) return { check: 'output-pii', action: 'pass', score: 0, reason: 'no PII in the answer' };
    const counts = new Map<string, number>();
    for (const f of findings) counts.set(f.type, (counts.get(f.type) ?? 0) + 1);
    const list = [...counts].map(([type, n]) => `${type} ×${n}`).join(', ');
    return { check: 'output-pii', action, score: Math.max(...findings.map((f) => f.score)), reason: `PII in the answer: ${list}` };
  };
}
