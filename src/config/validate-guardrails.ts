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

/**
 * The `apply.keys` / `apply.teams` names no key or team carries yet, config file and runtime
 * alike, each as a line for `serve` to print: a policy for a key created later is fine, a typo is
 * not, and both look the same until then. Linear in the names: each is looked up in a set, and
 * only the first 50 unmatched get a "did you mean" (each compares it with every known name), as a
 * config validation's do; 4,000 applied keys and teams against 4,000 runtime ones took 93 s.
 *
 * @example unmatchedGuardrailNames(apply, ['support'], ['care']) // ['guardrails.apply.keys.suport: no key named "suport" yet (did you mean "support"?) …']
 */
export function unmatchedGuardrailNames(apply: GuardrailsConfig['apply'], keys: readonly string[], teams: readonly string[]): string[] {
  const lines: string[] = [];
  const suggest = suggestions();
  const note = (kind: 'keys' | 'teams', name: string, policy: string, known: readonly string[], has: ReadonlySet<string>) => {
    if (has.has(name)) return;
    const what = kind === 'keys' ? `no key named "${name}"` : `no team "${name}"`;
    const then = kind === 'keys' ? `to it once it exists (switchyard keys create ${name})` : `to its keys once there are some (switchyard keys create NAME --team ${name})`;
    lines.push(`guardrails.apply.${kind}.${name}: ${what} yet${suggest(name, known)}; policy "${policy}" applies ${then}`);
  };
  const keySet = new Set(keys);
  const teamSet = new Set(teams);
  for (const [name, policy] of Object.entries(apply.keys)) note('keys', name, policy, keys, keySet);
  for (const [name, policy] of Object.entries(apply.teams)) note('teams', name, policy, teams, teamSet);
  return lines;
}
