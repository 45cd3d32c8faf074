import type { GuardrailsConfig } from '../../config/guardrails-schema.js';
import type { Call } from '../call.js';
import type { ModelClient } from '../model-client.js';
import type { Stage } from '../pipeline.js';
import type { CompiledPolicy } from './compile-policy.js';
import { GUARD_JUDGE_FEATURE } from './injection-judge.js';

export interface GuardSlot {
  guardIn: Stage[];
  guardOut: Stage[];
  policies: ReadonlyMap<string, CompiledPolicy>;
}

export interface GuardSlotOptions {
  /** Receives the warning when the name tagger's model cannot be loaded (the pattern layer still runs). */
  log?: (line: string) => void;
  /** Calls back into the pipeline, for injection judges (bound after the gateway exists). */
  models?: () => ModelClient;
}

/**
 * The guard slots of the pipeline for a config's `guardrails:` section: nothing when no policy
 * is configured. Detectors are built once here (the injection model is loaded only when a
 * policy uses it; PII detectors are shared by policies with the same types and threshold). The
 * detectors' code and tables (~25 MB resident) are loaded only when a policy is configured.
 *
 * @example const guards = await openGuardSlot(config.guardrails); new Gateway({ …, slots: { guardIn: guards.guardIn, guardOut: guards.guardOut } })
 */
export async function openGuardSlot(config: GuardrailsConfig, options: GuardSlotOptions = {}): Promise<GuardSlot> {
  if (Object.keys(config.policies).length === 0) return { guardIn: [], guardOut: [], policies: new Map() };
  const { openGuardPolicies } = await import('./open-guard-policies.js');
  return openGuardPolicies(config, options);
}

/**
 * The policy for a call, most specific first: its key's, its key's team's, the model or route it
 * asked for, then the default.
 */
export function policySelector(apply: GuardrailsConfig['apply'], policies: ReadonlyMap<string, CompiledPolicy>): (call: Call) => CompiledPolicy | undefined {
  return (call) => {
    // A judge's own call is not judged again (and its text is already redacted).
    if (call.input.internal?.feature === GUARD_JUDGE_FEATURE) return undefined;
    // Internal calls keep the policy of their route or the default, even when a client's key pays for them.
    const key = call.input.internal ? null : call.key;
    const name = (key ? apply.keys[key.name] : undefined) ?? (key?.team ? apply.teams[key.team] : undefined) ?? apply.routes[call.model] ?? apply.default;
    return name === undefined ? undefined : policies.get(name);
  };
}
