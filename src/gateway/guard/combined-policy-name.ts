/**
 * The name of the policy a request gets when its key's (or team's) policy and its route's differ:
 * both names, joined by `+` (a character configured names cannot hold), key or team first.
 *
 * A module of its own: `guard-slot.ts` names policies on every start, and importing this from
 * `combine-policies.ts` loaded the PII and injection detectors (~25 MB) without any policy.
 *
 * @example combinedPolicyName('care', 'support') // 'care+support'
 */
export function combinedPolicyName(identity: string, route: string): string {
  return `${identity}+${route}`;
}
