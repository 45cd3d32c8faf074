import type { GuardrailsConfig } from './guardrails-schema.js';

function known(names: Iterable<string>): string {
  const list = [...names].sort();
  return list.length === 0 ? 'none configured' : `known: ${list.join(', ')}`;
}

/**
 * Checks what the schema cannot: that `apply` names configured policies, keys, teams, routes and
 * models.
 *
 * @example validateGuardrails(config.guardrails, { keys: ['support'], teams: [], models: ['small'] })
 */
export function validateGuardrails(guardrails: GuardrailsConfig, names: { keys: string[]; teams: string[]; models: string[] }): string[] {
  const errors: string[] = [];
  const policies = Object.keys(guardrails.policies);
  const checkPolicy = (path: string, policy: string) => {
    if (!(policy in guardrails.policies)) errors.push(`${path}: unknown guardrail policy "${policy}" (${known(policies)})`);
  };
  const { apply } = guardrails;
  for (const [key, policy] of Object.entries(apply.keys)) {
    if (!names.keys.includes(key)) errors.push(`guardrails.apply.keys.${key}: unknown key name "${key}" (${known(names.keys)})`);
    checkPolicy(`guardrails.apply.keys.${key}`, policy);
  }
  for (const [team, policy] of Object.entries(apply.teams)) {
    if (!names.teams.includes(team)) errors.push(`guardrails.apply.teams.${team}: no key belongs to team "${team}" (${known(names.teams)})`);
    checkPolicy(`guardrails.apply.teams.${team}`, policy);
  }
  for (const [route, policy] of Object.entries(apply.routes)) {
    if (!names.models.includes(route)) errors.push(`guardrails.apply.routes.${route}: unknown model or route "${route}" (${known(names.models)})`);
    checkPolicy(`guardrails.apply.routes.${route}`, policy);
  }
  if (apply.default !== undefined) checkPolicy('guardrails.apply.default', apply.default);
  for (const [name, policy] of Object.entries(guardrails.policies)) {
    const judge = policy.injection?.judge?.model;
    if (judge !== undefined && !names.models.includes(judge)) errors.push(`guardrails.policies.${name}.injection.judge.model: unknown model or route "${judge}" (${known(names.models)})`);
  }
  return errors;
}
