import type { Config } from './schema.js';
import { didYouMean, knownNames } from './known-names.js';

/**
 * Checks that monitoring's rules name things that exist: routes (models or routes), keys, teams,
 * webhooks; and that rule names are unique, so alert history stays attributable.
 *
 * @example validateMonitoring(config) // ['monitoring.alerts[0].route: unknown model or route "suport" (did you mean "support"?) (known: support)']
 */
export function validateMonitoring(config: Config): string[] {
  const errors: string[] = [];
  const monitoring = config.monitoring;
  const routes = [...Object.keys(config.models), ...Object.keys(config.routes)];
  const checkRoute = (path: string, route: string | undefined) => {
    if (route !== undefined && !routes.includes(route)) errors.push(`${path}: unknown model or route "${route}"${didYouMean(route, routes)} (${knownNames(routes)})`);
  };
  const webhooks = Object.keys(monitoring.webhooks);
  const keys = config.keys.map((k) => k.name);
  const teams = [...new Set([...config.keys.flatMap((k) => (k.team ? [k.team] : [])), ...config.teams.map((t) => t.name)])];
  const budgetOf = (rule: { key?: string; team?: string }) =>
    (rule.key !== undefined ? config.keys.find((k) => k.name === rule.key)?.budget : undefined) ?? (rule.team !== undefined ? config.teams.find((t) => t.name === rule.team)?.budget : undefined);
  const names = new Set<string>();
  monitoring.alerts.forEach((rule, i) => {
    const path = `monitoring.alerts[${i}]`;
    if (names.has(rule.name)) errors.push(`${path}.name: duplicate rule name "${rule.name}"`);
    names.add(rule.name);
    checkRoute(`${path}.route`, rule.route);
    if (rule.key !== undefined && !keys.includes(rule.key)) errors.push(`${path}.key: unknown key name "${rule.key}"${didYouMean(rule.key, keys)} (${knownNames(keys)})`);
    if (rule.team !== undefined && !teams.includes(rule.team)) errors.push(`${path}.team: unknown team "${rule.team}"${didYouMean(rule.team, teams)} (${knownNames(teams)})`);
    if (rule.metric === 'budget_burn_rate' && (rule.key !== undefined || rule.team !== undefined)) {
      const budget = budgetOf(rule);
      if (!budget || budget.period === 'total') errors.push(`${path}.metric: budget_burn_rate needs a key or team with a daily or monthly budget; ${rule.key ?? rule.team} has ${budget ? 'a total budget (no period to pace against)' : 'none'}`);
    } else if (rule.metric === 'budget_burn_rate') {
      errors.push(`${path}.metric: budget_burn_rate needs "key" or "team" naming whose budget it watches`);
    }
    if (rule.metric === 'trace_backlog' && (rule.route ?? rule.key ?? rule.team) !== undefined) errors.push(`${path}: trace_backlog is the whole writer's, so it takes no route, key or team`);
    rule.notify?.forEach((hook, j) => {
      if (!webhooks.includes(hook)) errors.push(`${path}.notify[${j}]: unknown webhook "${hook}"${didYouMean(hook, webhooks)} (${knownNames(webhooks)})`);
    });
  });
  monitoring.online_eval.forEach((entry, i) => checkRoute(`monitoring.online_eval[${i}].route`, entry.route));
  const embeddingModel = monitoring.topics.embedding_model;
  if (embeddingModel !== undefined && !Object.keys(config.models).includes(embeddingModel)) {
    errors.push(`monitoring.topics.embedding_model: unknown model "${embeddingModel}"${didYouMean(embeddingModel, Object.keys(config.models))} (${knownNames(Object.keys(config.models))})`);
  }
  return errors;
}
