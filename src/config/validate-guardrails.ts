import { labelNameProblem } from '../core/label-name.js';
import type { GuardrailsConfig } from './guardrails-schema.js';
import { type DidYouMean, knownOnce, suggestions } from './known-names.js';

/**
 * Checks what the schema cannot: that `apply` names configured policies, routes and models, and
 * key and team names a key can have. A key or team need not be in the config file: one created at
 * runtime (`switchyard keys create`, `teams create`) gets its policy by name, so `serve` only
 * notes the names nothing carries yet (`unmatchedGuardrailNames`).
 *
 * @example validateGuardrails(config.guardrails, { models: ['small'] })
 */
export function validateGuardrails(guardrails: GuardrailsConfig, names: { models: string[] }, suggest: DidYouMean = suggestions()): string[] {
  const errors: string[] = [];
  const policies = knownOnce(() => Object.keys(guardrails.policies));
  const models = new Set(names.models);
  const knownModels = knownOnce(() => names.models);
  const checkPolicy = (path: string, policy: string) => {
    if (!Object.hasOwn(guardrails.policies, policy)) errors.push(`${path}: unknown guardrail policy "${policy}" (${policies()})`);
  };
  const { apply } = guardrails;
  for (const [key, policy] of Object.entries(apply.keys)) {
    const problem = labelNameProblem('key name', key);
    if (problem) errors.push(`guardrails.apply.keys.${key}: ${problem}`);
    checkPolicy(`guardrails.apply.keys.${key}`, policy);
  }
  for (const [team, policy] of Object.entries(apply.teams)) {
    const problem = labelNameProblem('team', team);
    if (problem) errors.push(`guardrails.apply.teams.${team}: ${problem}`);
    checkPolicy(`guardrails.apply.teams.${team}`, policy);
  }
  for (const [route, policy] of Object.entries(apply.routes)) {
    if (!models.has(route)) errors.push(`guardrails.apply.routes.${route}: unknown model or route "${route}"${suggest(route, names.models)} (${knownModels()})`);
    checkPolicy(`guardrails.apply.routes.${route}`, policy);
  }
  if (apply.default !== undefined) checkPolicy('guardrails.apply.default', apply.default);
  for (const [name, policy] of Object.entries(guardrails.policies)) {
    const judge = policy.injection?.judge?.model;
    if (judge !== undefined && !models.has(judge)) errors.push(`guardrails.policies.${name}.injection.judge.model: unknown model or route "${judge}"${suggest(judge, names.models)} (${knownModels()})`);
  }
  return errors;
}

/** How many unmatched names the note lists; the rest are counted. */
const LISTED = 20;

/**
 * The `apply.keys` / `apply.teams` names no key or team carries yet, config file and runtime
 * alike, as one line for `serve` to print (undefined when there are none): a policy for a key
 * created later is fine, a typo is not, and both look the same until then. The first 20 are
 * listed, each with a "did you mean" (each compares it with every known name), the rest counted:
 * a line per name printed 4,000 notes at startup for a generated config. Linear in the names.
 *
 * @example unmatchedGuardrailNames(apply, ['support'], ['care']) // 'guardrails.apply names 1 key or team nothing carries yet: keys suport (did you mean "support"?). …'
 */
export function unmatchedGuardrailNames(apply: GuardrailsConfig['apply'], keys: readonly string[], teams: readonly string[]): string | undefined {
  const suggest = suggestions();
  const keySet = new Set(keys);
  const teamSet = new Set(teams);
  const missingKeys = Object.keys(apply.keys).filter((name) => !keySet.has(name));
  const missingTeams = Object.keys(apply.teams).filter((name) => !teamSet.has(name));
  const total = missingKeys.length + missingTeams.length;
  if (total === 0) return undefined;
  const listed = (names: string[], known: readonly string[], room: number) => names.slice(0, Math.max(0, room)).map((name) => `${name}${suggest(name, known)}`);
  const keyList = listed(missingKeys, keys, LISTED);
  const teamList = listed(missingTeams, teams, LISTED - keyList.length);
  const groups = [...(keyList.length > 0 ? [`keys ${keyList.join(', ')}`] : []), ...(teamList.length > 0 ? [`teams ${teamList.join(', ')}`] : [])];
  const more = total - keyList.length - teamList.length;
  const count = total.toLocaleString('en-US');
  return `guardrails.apply names ${count} ${total === 1 ? 'key or team' : 'keys or teams'} nothing carries yet: ${groups.join('; ')}${more > 0 ? ` and ${more.toLocaleString('en-US')} more` : ''}. Their policies apply once they exist (switchyard keys create NAME, or --team TEAM)`;
}
