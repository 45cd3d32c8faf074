import type { GuardrailsConfig } from '../../config/guardrails-schema.js';
import { loadInjectionDetector } from '../../guardrails/injection/index.js';
import { createPiiDetector, type PiiDetector, type PiiEntityType } from '../../guardrails/pii/index.js';
import { SwitchyardError } from '../../core/errors.js';
import type { Call } from '../call.js';
import type { ModelClient } from '../model-client.js';
import type { Stage } from '../pipeline.js';
import { type CompiledPolicy, compilePolicy } from './compile-policy.js';
import { guardInput } from './guard-input.js';
import { guardOutput } from './guard-output.js';
import type { GuardState } from './guard-state.js';
import { GUARD_JUDGE_FEATURE, modelJudge } from './injection-judge.js';

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
 * policy uses it; PII detectors are shared by policies with the same types and threshold).
 *
 * @example const guards = await openGuardSlot(config.guardrails); new Gateway({ …, slots: { guardIn: guards.guardIn, guardOut: guards.guardOut } })
 */
export async function openGuardSlot(config: GuardrailsConfig, options: GuardSlotOptions = {}): Promise<GuardSlot> {
  const configured = Object.entries(config.policies);
  if (configured.length === 0) return { guardIn: [], guardOut: [], policies: new Map() };
  const injection = configured.some(([, p]) => p.injection !== undefined) ? await loadInjectionDetector() : undefined;
  const detectors = new Map<string, PiiDetector>();
  const onWarning = (message: string) => options.log?.(`guardrails: ${message}`);
  const piiDetector = (entities: readonly PiiEntityType[] | undefined, threshold: number | undefined) => {
    const key = `${entities?.join(',') ?? '*'}|${threshold ?? ''}`;
    let detector = detectors.get(key);
    if (!detector) {
      detector = createPiiDetector({ ...(entities ? { entities } : {}), ...(threshold === undefined ? {} : { threshold }), onWarning });
      // The first call loads the name tagger's tables; pay that at start, not on a request.
      detector.detect('Warm up for Ann Lee at 1 Main Street, ann@example.com');
      detectors.set(key, detector);
    }
    return detector;
  };
  const policies = new Map(configured.map(([name, policy]) => [name, compilePolicy(name, policy, { injection, piiDetector })]));
  for (const policy of policies.values()) warmUp(policy);
  const states = new WeakMap<Call, GuardState>();
  const select = policySelector(config.apply, policies);
  const judged = [...policies.values()].find((p) => p.injectionJudge !== undefined);
  if (judged && !options.models) throw new SwitchyardError('config_invalid', `guardrails.policies.${judged.name}.injection.judge: no model client to call the judge with`);
  const judge = options.models ? modelJudge(options.models) : undefined;
  return { guardIn: [guardInput(select, states, judge)], guardOut: [guardOutput(states)], policies };
}

/**
 * Runs every check of a policy once: the first call of a detector compiles its code paths and
 * fills its tables (~100 ms), which belongs to start-up, not to the first request.
 */
function warmUp(policy: CompiledPolicy): void {
  const sample = 'Hello, please summarise the attached notes for Ann Lee (ann@example.com) by Friday.';
  try {
    policy.injection?.(sample, 'user');
    policy.injection?.(sample, 'indirect');
    for (const check of [...policy.input, ...policy.output.checks]) check(sample);
  } catch {
    // A check that fails here fails on requests too, where the policy's on_error decides.
  }
}

/**
 * The policy for a call, most specific first: its key's, its key's team's, the model or route it
 * asked for, then the default.
 */
export function policySelector(apply: GuardrailsConfig['apply'], policies: ReadonlyMap<string, CompiledPolicy>): (call: Call) => CompiledPolicy | undefined {
  return (call) => {
    // A judge's own call is not judged again (and its text is already redacted).
    if (call.input.internal?.feature === GUARD_JUDGE_FEATURE) return undefined;
    const key = call.key;
    const name = (key ? apply.keys[key.name] : undefined) ?? (key?.team ? apply.teams[key.team] : undefined) ?? apply.routes[call.model] ?? apply.default;
    return name === undefined ? undefined : policies.get(name);
  };
}
