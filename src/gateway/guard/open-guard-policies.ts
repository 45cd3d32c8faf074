import { randomBytes } from 'node:crypto';
import type { GuardrailsConfig } from '../../config/guardrails-schema.js';
import { loadInjectionDetector } from '../../guardrails/injection/index.js';
import { cachedPiiDetector, createPiiDetector, type PiiDetector, type PiiEntityType } from '../../guardrails/pii/index.js';
import { SwitchyardError } from '../../core/errors.js';
import { SEALING_KEY_ENV, sealingKeyFromEnv } from '../../core/seal.js';
import { PLACEHOLDER_PATTERN, type Pseudonymizer, pseudonymizer } from '../../guardrails/redaction/index.js';
import type { Call } from '../call.js';
import { type CompiledPolicy, compilePolicy } from './compile-policy.js';
import { guardInput, redactForCount } from './guard-input.js';
import { checkOwnAnswer, guardOutput } from './guard-output.js';
import type { GuardState } from './guard-state.js';
import { modelJudge } from './injection-judge.js';
import { combinedPairs, type GuardSlot, type GuardSlotOptions, policyByKey, policySelector } from './guard-slot.js';
import { combinePolicies } from './combine-policies.js';
import { combinedPolicyName } from './combined-policy-name.js';

/**
 * The guard stages for a config with at least one policy (see `openGuardSlot`, which loads this
 * module only then).
 */
export async function openGuardPolicies(config: GuardrailsConfig, options: GuardSlotOptions): Promise<GuardSlot> {
  const configured = Object.entries(config.policies);
  const injection = configured.some(([, p]) => p.injection !== undefined) ? await loadInjectionDetector({ cacheEntries: config.result_cache }) : undefined;
  const detectors = new Map<string, { input: PiiDetector; output: PiiDetector }>();
  const onWarning = (message: string) => options.log?.(`guardrails: ${message}`, { level: 'warn', component: 'guardrails' });
  const piiDetector = (entities: readonly PiiEntityType[] | undefined, threshold: number | undefined, use: 'input' | 'output') => {
    const key = `${entities?.join(',') ?? '*'}|${threshold ?? ''}`;
    let pair = detectors.get(key);
    if (!pair) {
      const scanning = createPiiDetector({ ...(entities ? { entities } : {}), ...(threshold === undefined ? {} : { threshold }), onWarning });
      // The first call loads the name tagger's tables; pay that at start, not on a request.
      scanning.detect('Warm up for Ann Lee at 1 Main Street, ann@example.com');
      pair = { input: config.result_cache > 0 ? cachedPiiDetector(scanning, config.result_cache) : scanning, output: scanning };
      detectors.set(key, pair);
    }
    return pair[use];
  };
  const pseudonym = identityPseudonyms(config, process.env, onWarning);
  const policies = new Map(configured.map(([name, policy]) => [name, compilePolicy(name, policy, { injection, piiDetector, pseudonym })]));
  // A key's or team's policy and a route's that meet on a request run together (see policyByKey).
  for (const [identity, route] of combinedPairs(config.apply)) {
    const a = policies.get(identity);
    const b = policies.get(route);
    if (a && b) policies.set(combinedPolicyName(identity, route), combinePolicies(a, b, (entities, threshold) => piiDetector(entities, threshold, 'input')));
  }
  for (const policy of policies.values()) warmUp(policy);
  const states = new WeakMap<Call, GuardState>();
  const select = policySelector(config.apply, policies);
  const judged = [...policies.values()].find((p) => p.injectionJudge !== undefined);
  if (judged && !options.models) throw new SwitchyardError('config_invalid', `guardrails.policies.${judged.name}.injection.judge: no model client to call the judge with`);
  const judge = options.models ? modelJudge(options.models) : undefined;
  const countPolicy = policyByKey(config.apply, policies);
  const countBody: GuardSlot['countBody'] = (key, model, format, body) => {
    const policy = countPolicy(key, model);
    return policy ? redactForCount(policy, format, body) : body;
  };
  const unrestorable: GuardSlot['unrestorable'] = (call, placeholders) => {
    const state = states.get(call);
    if (!state?.policy.pii) return [];
    return placeholders.filter((placeholder) => state.vault?.originalOf(placeholder) === undefined);
  };
  const restoreAnswerText: GuardSlot['restoreAnswerText'] = (call, text, only) => {
    const vault = states.get(call)?.vault;
    if (!vault || vault.size === 0 || !text.includes('<')) return text;
    return text.replace(PLACEHOLDER_PATTERN, (placeholder) => {
      const value = vault.originalOf(placeholder);
      return value !== undefined && (only === undefined || only(value)) ? value : placeholder;
    });
  };
  const pseudonyms = pseudonym ? { of: pseudonym, stable: config.pseudonym_key !== undefined || sealingKeyFromEnv(process.env) !== undefined } : undefined;
  return { guardIn: [guardInput(select, states, judge)], guardOut: [guardOutput(states)], checkAnswer: checkOwnAnswer(states), policies, countBody, unrestorable, restoreAnswerText, ...(pseudonyms ? { pseudonyms } : {}) };
}

/**
 * The pseudonymizer for identity fields: keyed by `guardrails.pseudonym_key`, else by the
 * gateway's sealing key (`$SWITCHYARD_SECRET_KEY`, already 32 random bytes every replica shares),
 * so pseudonyms stay the same across restarts and replicas. A policy with `pii` and neither gets a
 * key made up at start, with a warning: its pseudonyms change on each restart and differ between
 * replicas, which costs the provider's per-user tracking a new id, not a config that stops starting.
 */
export function identityPseudonyms(config: GuardrailsConfig, env: Record<string, string | undefined> = process.env, warn?: (message: string) => void): Pseudonymizer | undefined {
  if (config.pseudonym_key !== undefined) return pseudonymizer(config.pseudonym_key);
  const sealing = sealingKeyFromEnv(env);
  if (sealing) return pseudonymizer(sealing);
  const piiPolicy = Object.entries(config.policies).find(([, p]) => p.pii !== undefined)?.[0];
  if (piiPolicy === undefined) return undefined;
  warn?.(
    `guardrails.policies.${piiPolicy}.pii gives user ids holding PII (user, safety_identifier, prompt_cache_key, metadata) pseudonyms keyed by a secret made at this start, so they change on each restart and differ between replicas; set guardrails.pseudonym_key to a secret every replica shares (pseudonym_key: \${SWITCHYARD_PSEUDONYM_KEY}; make one with: openssl rand -base64 32), or ${SEALING_KEY_ENV}`,
  );
  return pseudonymizer(randomBytes(32).toString('base64'));
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
