/**
 * The gateway's own calls (judges, shadow checks, evaluations in process) carry no virtual key:
 * their traces name the feature that made them as `switchyard:<feature>`, a name no key can take
 * (key names allow no colon, `label-name.ts`).
 *
 * @example internalKeyName('shadow') // 'switchyard:shadow'
 */
export function internalKeyName(feature: string): string {
  return `switchyard:${feature}`;
}

/** Calls made to check a local answer against the route's teacher; they go past the local model. */
export const SHADOW_FEATURE = 'shadow';

/** The key name on a shadow check's trace. */
export const SHADOW_KEY_NAME = internalKeyName(SHADOW_FEATURE);

/** Calls a cascade makes to judge a step's answer (`escalate_on.judge`); billed to the client's key. */
export const CASCADE_JUDGE_FEATURE = 'cascade-judge';
