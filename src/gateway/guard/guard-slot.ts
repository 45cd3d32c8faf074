import type { Pseudonymizer } from '../../guardrails/redaction/pseudonym.js';
import type { GuardrailsConfig } from '../../config/guardrails-schema.js';
import type { VirtualKey } from '../../limits/keys.js';
import type { JsonObject } from '../../core/openai-wire.js';
import type { Call } from '../call.js';
import type { ModelClient } from '../model-client.js';
import type { Stage } from '../pipeline.js';
import type { CompiledPolicy } from './compile-policy.js';
import type { OwnAnswerCheck } from './guard-output.js';
import { GUARD_JUDGE_FEATURE } from './injection-judge.js';
import { combinedPolicyName } from './combined-policy-name.js';
import type { Log } from '../../core/log.js';

export interface GuardSlot {
  guardIn: Stage[];
  guardOut: Stage[];
  policies: ReadonlyMap<string, CompiledPolicy>;
  /** Output checks for an answer given before the provider stage (a local model's); absent with no policy. */
  checkAnswer?: OwnAnswerCheck;
  /** What a token count forwarded to a provider may carry (see `CountBody`); absent with no policy. */
  countBody?: CountBody;
  /** Which of these placeholders a call's answer would reach its client as written (see `Unrestorable`); absent with no policy. */
  unrestorable?: Unrestorable;
  /**
   * A text of the call's answer with its PII placeholders back to the values they stand for, as
   * the client reads it, those `only` accepts: what a check of the answer against text the gateway
   * holds unredacted (a knowledge route's retrieved chunks) must read. The text as it is for a call
   * without redaction.
   */
  restoreAnswerText?: (call: Call, text: string, only?: (value: string) => boolean) => string;
  /**
   * The keyed pseudonyms PII policies give identity fields (`user`, `metadata`…), so an erasure by
   * a user's id finds the traces holding its pseudonym; `stable` when keyed by a configured secret
   * (`guardrails.pseudonym_key` or the sealing key), false when by one made at this start (the
   * pseudonyms of calls before it cannot be computed). Absent with no PII policy.
   */
  pseudonyms?: { of: Pseudonymizer; stable: boolean };
}

/**
 * The placeholders (`<EMAIL_1>`) among `placeholders` that this call's PII redaction gave no
 * value, so its answer would show them to the client as written: none for a call no PII policy
 * applies to (a placeholder in its answer is the model's own text, as any exact cache hit
 * replays it). What a semantic cache hit asks before serving another request's answer.
 */
export type Unrestorable = (call: Call, placeholders: readonly string[]) => string[];

/**
 * A token-count body (Anthropic count_tokens, Gemini countTokens) as the provider may get it:
 * redacted by the PII policy of the key and model, as the model call would be; `null` when that
 * policy blocks it (count it locally: it must not leave). A count is no model call, but the
 * forwarded body is the conversation.
 */
export type CountBody = (key: VirtualKey | null, model: string, format: 'anthropic' | 'gemini', body: JsonObject) => JsonObject | null;

export interface GuardSlotOptions {
  /** Receives the warning when the name tagger's model cannot be loaded (the pattern layer still runs). */
  log?: Log;
  /** Calls back into the pipeline, for injection judges (bound after the gateway exists). */
  models?: () => ModelClient;
}

/**
 * The guard slots of the pipeline for a config's `guardrails:` section: nothing when no policy
 * is configured. Detectors are built once here (the injection model is loaded only when a
 * policy uses it; PII detectors are shared by policies with the same types and threshold). The
 * detectors' code and tables (~10 MB of a gateway's resident memory at start) are loaded only
 * when a policy is configured: nothing this module imports may reach them (guard-slot-modules.test.ts).
 *
 * @example const guards = await openGuardSlot(config.guardrails); new Gateway({ …, slots: { guardIn: guards.guardIn, guardOut: guards.guardOut } })
 */
export async function openGuardSlot(config: GuardrailsConfig, options: GuardSlotOptions = {}): Promise<GuardSlot> {
  if (Object.keys(config.policies).length === 0) return { guardIn: [], guardOut: [], policies: new Map() };
  const { openGuardPolicies } = await import('./open-guard-policies.js');
  return openGuardPolicies(config, options);
}

/**
 * The policy for a call: its key's (else its key's team's) together with the one for the model
 * or route it asked for (see `policyByKey`), else the default.
 */
export function policySelector(apply: GuardrailsConfig['apply'], policies: ReadonlyMap<string, CompiledPolicy>): (call: Call) => CompiledPolicy | undefined {
  const byKey = policyByKey(apply, policies);
  return (call) => {
    // A judge's own call is not judged again (and its text is already redacted).
    if (call.input.internal?.feature === GUARD_JUDGE_FEATURE) return undefined;
    // Internal calls keep the policy of their route or the default, even when a client's key pays for them.
    return byKey(call.input.internal ? null : call.key, call.model);
  };
}

/**
 * The policy for a key and a requested model (`policySelector` without a call): the key's policy,
 * else its team's, and the route's or model's; when both apply and differ, the two combined
 * (`combinePolicies`: every check of both, the stricter setting where both say something; compiled
 * at start under `identity+route`), so a team's PII rules never drop a route's JSON schema. With
 * neither, the default.
 */
export function policyByKey(apply: GuardrailsConfig['apply'], policies: ReadonlyMap<string, CompiledPolicy>): (key: VirtualKey | null, model: string) => CompiledPolicy | undefined {
  return (key, model) => {
    const identity = (key ? apply.keys[key.name] : undefined) ?? (key?.team ? apply.teams[key.team] : undefined);
    const route = Object.hasOwn(apply.routes, model) ? apply.routes[model] : undefined;
    const name = identity !== undefined && route !== undefined && identity !== route ? combinedPolicyName(identity, route) : (identity ?? route ?? apply.default);
    return name === undefined ? undefined : policies.get(name);
  };
}

/** The key-or-team and route policy pairs `policyByKey` can combine, each once. */
export function combinedPairs(apply: GuardrailsConfig['apply']): [identity: string, route: string][] {
  const identities = new Set([...Object.values(apply.keys), ...Object.values(apply.teams)]);
  const routes = new Set(Object.values(apply.routes));
  return [...identities].flatMap((identity) => [...routes].filter((route) => route !== identity).map((route): [string, string] => [identity, route]));
}
