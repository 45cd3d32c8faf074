/**
 * Which guardrail policy a cached answer was checked under, as part of its cache key: answers a
 * policy checked are not served once it says otherwise (a banned word added), from a persistent
 * cache or another replica's.
 */
import type { GuardrailsConfig } from '../config/guardrails-schema.js';
import { sha256 } from '../core/sha256.js';
import { stableJson } from '../cache/cache-key.js';
import type { Call } from '../gateway/call.js';

/**
 * A call's scope: its policy's name and a digest of what the policy says; '' for a call no policy
 * applies to. `policyOf` is the guard slot's selector (`policySelector`).
 *
 * @example guardScopeOf({ care: { … } }, policyOf)(call) // 'care:3f2a9c1e0b7d4a55'
 */
export function guardScopeOf(policies: GuardrailsConfig['policies'], policyOf: (call: Call) => { name: string } | undefined): (call: Call) => string {
  const policyScopes = new Map(Object.entries(policies).map(([name, policy]) => [name, `${name}:${sha256(stableJson(policy), 'hex').slice(0, 16)}`]));
  return (call: Call) => {
    const name = policyOf(call)?.name;
    // A key's or team's policy combined with a route's (`care+support-intent`) is scoped by both digests.
    return name === undefined ? '' : name.split('+').map((part) => policyScopes.get(part) ?? part).join('+');
  };
}
